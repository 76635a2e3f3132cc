using System;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// Kernel windows above 49 cells are loops over rows and columns in the SIMD forms (their code must not grow with
    /// the window), with the 'same' padding guards computed per cell. No Keras fixture has such a window, so the SIMD
    /// form is held to the scalar looped form of the same model (C# 7.3: every cell written out, a separate emitter
    /// path that the fixtures do test against Keras), on random weights and inputs. Under Conformance, so CI runs it on
    /// every SIMD path (Vector512, 256, 128, scalar).
    /// </summary>
    public class LargeWindowTests
    {
        private const string Layers =
            "[Input(20, 20, 2)]\n" +
            "[Conv2D(5, 8, Padding = Padding.Same, Activation = Activation.Relu)]\n" + // 64 cells, every row and column guarded
            "[Conv2D(17, 7, 8, Strides = 2, Padding = Padding.Same)]\n" +           // 56 cells, strides, a channel tail
            "[Conv2D(16, 8, Activation = Activation.Relu)]\n" +                      // 64 cells, 'valid'
            "[MaxPooling2D(2)]\n" +                                                   // fused into the conv before it
            "[Flatten]\n[Dense(3)]";

        [Fact]
        public void Looped_large_windows_equal_the_written_out_cells()
        {
            string simdSource = Generate(LanguageVersion.Latest, out Type simd);
            Assert.Contains("for (int kx = 0; kx < 8; kx++)", simdSource);
            Generate(LanguageVersion.CSharp7_3, out Type scalar);
            var random = new Random(20261203);
            var weights = new float[(int)simd.GetField("ParameterCount")!.GetValue(null)!];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5) * 0.3f;
            ICnnModel a = Create(simd, weights), b = Create(scalar, weights);
            const int samples = 5;
            var input = new float[samples * a.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
            var expected = new float[samples * b.OutputLength];
            var actual = new float[samples * a.OutputLength];
            b.Predict(input, expected, samples);
            a.Predict(input, actual, samples);
            Tolerance.AssertAllClose(expected, actual, "SIMD form with looped windows vs the scalar form");
        }

        private static string Generate(LanguageVersion version, out Type type)
        {
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\nnamespace Windows\n{\n[CnnModel(UnrollBudget = 0)]\n" + Layers + "\npublic partial class M { public static M FromArray(float[] w) => new M(w); }\n}\n", version);
            type = run.LoadType("Windows.M");
            return run.Single();
        }

        /// <summary>The weights constructor takes a ReadOnlySpan, which reflection cannot pass: the declaration adds a factory.</summary>
        private static ICnnModel Create(Type type, float[] weights) => (ICnnModel)type.GetMethod("FromArray")!.Invoke(null, new object[] { weights })!;
    }
}
