using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The scalar looped emitters, which a C# 7.3 / netstandard2.0 consumer gets instead of the SIMD forms:
    /// the model is generated for C# 7.3, compiled in memory, loaded, and must match Keras like the rest.
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
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\nnamespace Legacy\n{\n[CnnModel(UnrollBudget = 0)]\n" + layers + "\npublic partial class M { }\n}\n",
                LanguageVersion.CSharp7_3);
            Assert.Empty(run.CompileErrors);
            Assert.DoesNotContain("Vector512", run.Single());

            using var stream = new MemoryStream();
            EmitResult emitted = run.Output.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            Assembly assembly = Assembly.Load(stream.ToArray());
            Type type = assembly.GetType("Legacy.M")!;
            float[] weights = KerasFixture.KerasOrderWeights(fixture);
            // The ctor takes ReadOnlySpan<float>, which reflection cannot pass: go through the ICnnModel it implements.
            var model = (ICnnModel)type.GetMethod("LoadTfjs")!.Invoke(null, new object[] { SharedFiles.Keras(fixture, "model.json") })!;
            FixtureModelTests.AssertOutputMatches(model, fixture, fixture + " (C# 7.3, scalar loops)");
            Assert.Equal(weights.Length, model.ParameterCount);
        }
    }
}
