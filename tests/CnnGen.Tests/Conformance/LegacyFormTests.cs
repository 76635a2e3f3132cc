using System;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The forms a consumer on an older language version gets, generated, compiled in memory, loaded, and held to Keras
    /// like the rest: C# 7.3 (netstandard2.0) gets the scalar looped emitters instead of the SIMD forms; C# 8 to 10 get
    /// the SIMD forms with one body per vector width instead of the width-generic bodies (which need C# 11).
    /// </summary>
    public class LegacyFormTests
    {
        public static TheoryData<string, string> Models => new TheoryData<string, string>
        {
            { "seed_cnn", "[Input(28, 28, 1)] [Conv2D(64, 3, Activation = Activation.Relu)] [MaxPooling2D(2)] [Conv2D(64, 3, Activation = Activation.Relu)] [MaxPooling2D(2)] [Flatten] [Dense(128, Activation = Activation.Relu)] [Dense(10, Activation = Activation.Softmax)]" },
            { "same_stride", "[Input(29, 29, 1)] [Conv2D(8, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)] [MaxPooling2D(2, Padding = Padding.Same)] [Conv2D(12, 4, Padding = Padding.Same, Activation = Activation.Relu)] [Conv2D(16, 3, Strides = 3, Padding = Padding.Same, Activation = Activation.Relu)] [MaxPooling2D(2, Strides = 2, Padding = Padding.Same)] [Flatten] [Dense(10, Activation = Activation.Softmax)]" },
            { "pool_variants", "[Input(40, 33, 3)] [Conv2D(6, 3, Activation = Activation.Relu)] [AveragePooling2D(2)] [MaxPooling2D(3, Strides = 1)] [MaxPooling2D(2, 3, StrideHeight = 1, StrideWidth = 2)] [MaxPooling2D(2, Strides = 3)] [AveragePooling2D(3, 2, StrideHeight = 2, StrideWidth = 1, Padding = Padding.Same)] [MaxPooling2D(2, Padding = Padding.Same)] [Flatten] [Dense(5, Activation = Activation.Softmax)]" },
        };

        [Theory]
        [MemberData(nameof(Models))]
        public void Scalar_looped_form_for_csharp_7_3_matches_keras(string fixture, string layers)
        {
            GeneratorRun run = Generate(layers, LanguageVersion.CSharp7_3);
            Assert.DoesNotContain("Vector512", run.Single());
            AssertMatchesKeras(run, fixture, " (C# 7.3, scalar loops)");
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void Simd_forms_with_a_body_per_width_for_csharp_10_match_keras(string fixture, string layers)
        {
            GeneratorRun run = Generate(layers, LanguageVersion.CSharp10);
            Assert.Contains("static void Vector128(", run.Single());
            Assert.DoesNotContain("ISimd", run.Single());
            if (fixture == "seed_cnn") Assert.Contains("Winograd", run.Single());
            AssertMatchesKeras(run, fixture, " (C# 10, a SIMD body per width)");
        }

        private static GeneratorRun Generate(string layers, LanguageVersion version) =>
            GeneratorHarness.Run("using CnnGen;\nnamespace Legacy\n{\n[CnnModel(UnrollBudget = 0)]\n" + layers + "\npublic partial class M { }\n}\n", version);

        private static void AssertMatchesKeras(GeneratorRun run, string fixture, string form)
        {
            Type type = run.LoadType("Legacy.M");
            float[] weights = KerasFixture.KerasOrderWeights(fixture);
            // The ctor takes ReadOnlySpan<float>, which reflection cannot pass: go through the ICnnModel it implements.
            var model = (ICnnModel)type.GetMethod("LoadTfjs")!.Invoke(null, new object[] { SharedFiles.Keras(fixture, "model.json") })!;
            FixtureModelTests.AssertOutputMatches(model, fixture, fixture + form);
            Assert.Equal(weights.Length, model.ParameterCount);
        }
    }
}
