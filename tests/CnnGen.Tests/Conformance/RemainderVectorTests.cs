using System;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// Channels and units left over from the whole vectors run as one more vector overlapping the one before, and the
    /// activations that do not run on registers as one vectorized pass: held to the scalar looped form of the same
    /// model (C# 7.3, which the fixtures test against Keras) on random weights and inputs, for channel counts the
    /// fixtures do not have (depthwise 6 and 10; depth multipliers 2 and 3 over a repeated, bordered input; 'same' max pooling over a border of -∞ on negative
    /// inputs, pooling rows of pixels × channels, global pooling of 6 and 10 channels in 4 accumulators; separable 6 → 10, 10 × 2 → 5 and 10 → 9, conv 5 and 10 with a fused pool,
    /// Dense 11 and 21). Under Conformance,
    /// so CI runs it on every SIMD path.
    /// </summary>
    public class RemainderVectorTests
    {
        public static TheoryData<string, string> Models => new TheoryData<string, string>
        {
            { "Depthwise", "[Input(9, 7, 6)]\n[DepthwiseConv2D(3, Padding = Padding.Same, Activation = Activation.Relu)]\n[DepthwiseConv2D(2, Strides = 2, Activation = Activation.Elu)]\n[Conv2D(10, 1)]\n[DepthwiseConv2D(3, Activation = Activation.Tanh)]\n[Flatten]\n[Dense(3)]" },
            { "DepthMultiplier", "[Input(9, 7, 3)]\n[DepthwiseConv2D(3, Padding = Padding.Same, DepthMultiplier = 2, Activation = Activation.Relu)]\n[DepthwiseConv2D(3, Strides = 2, Padding = Padding.Same, DepthMultiplier = 3)]\n[DepthwiseConv2D(2, Activation = Activation.Tanh)]\n[Conv2D(6, 3, Padding = Padding.Same, Strides = 2)]\n[Flatten]\n[Dense(3)]" },
            { "Pooling", "[Input(9, 7, 5)]\n[MaxPooling2D(2, Strides = 2, Padding = Padding.Same)]\n[AveragePooling2D(2, Strides = 1)]\n[MaxPooling2D(3, Strides = 1, Padding = Padding.Same)]\n[Flatten]\n[Dense(3)]" },
            { "GlobalAverage", "[Input(7, 5, 6)]\n[GlobalAveragePooling2D]\n[Dense(3)]" },
            { "GlobalMax", "[Input(7, 5, 10)]\n[GlobalMaxPooling2D]\n[Dense(3)]" },
            { "ConvPool", "[Input(12, 12, 3)]\n[Conv2D(10, 3, Activation = Activation.Relu)]\n[MaxPooling2D(2)]\n[Conv2D(5, 3, Padding = Padding.Same, Activation = Activation.Sigmoid)]\n[Conv2D(13, 2, Activation = Activation.Swish)]\n[Flatten]\n[Dense(3)]" },
            { "Separable", "[Input(7, 6, 6)]\n[SeparableConv2D(10, 3, Padding = Padding.Same, Activation = Activation.Relu)]\n[SeparableConv2D(5, 2, DepthMultiplier = 2, Activation = Activation.Tanh)]\n[SeparableConv2D(9, 3, Strides = 2, Padding = Padding.Same, UseBias = false)]\n[Flatten]\n[Dense(3)]" },
            { "Dense", "[Input(40)]\n[Dense(21, Activation = Activation.Relu)]\n[Dense(11, Activation = Activation.Mish)]\n[Dense(10, Activation = Activation.Softplus)]\n[Dense(6, Activation = Activation.Selu)]\n[Dense(5, Activation = Activation.Softmax)]" },
        };

        [Theory]
        [MemberData(nameof(Models))]
        public void The_simd_form_equals_the_scalar_form(string name, string layers) =>
            AssertSimdEqualsScalar(name, layers, "one more vector, overlapping");

        /// <summary>
        /// Conv2D with 1 to 3 output channels runs with pixels × channels as the lanes (Planning.PixelLanes): strides, 'same'
        /// borders, dilation, rows split in blocks of whole rows (the last block overlapping) and rows too long for one
        /// block, a last layer whose final vector must not pass the output's end, a tanh pass after.
        /// </summary>
        [Theory]
        [InlineData("PixelLanes", "[Input(16, 23, 2)]\n[Conv2D(3, 3, Activation = Activation.Relu)]\n[Conv2D(2, 3, Padding = Padding.Same, Strides = 2, Activation = Activation.Sigmoid)]\n[Conv2D(3, 2, Padding = Padding.Same, DilationRate = 2, Activation = Activation.Relu)]\n[MaxPooling2D(2)]\n[Conv2D(1, 3, Padding = Padding.Same)]\n[Conv2D(3, 2, Padding = Padding.Same, Activation = Activation.Tanh)]\n[Flatten]")]
        [InlineData("PixelLanesWide", "[Input(5, 70, 1)]\n[Conv2D(3, 3, Activation = Activation.Relu)]\n[Conv2D(2, 2, StrideHeight = 1, StrideWidth = 3, UseBias = false)]\n[Flatten]")]
        public void Pixels_times_channels_convs_equal_the_scalar_form(string name, string layers) =>
            AssertSimdEqualsScalar(name, layers, "channels per vector (");

        private static void AssertSimdEqualsScalar(string name, string layers, string marker)
        {
            string source = Generate(name, layers, LanguageVersion.Latest, out Type simd);
            Assert.Contains(marker, source);
            Generate(name, layers, LanguageVersion.CSharp7_3, out Type scalar);
            var random = new Random(name.Length * 7919);
            var weights = new float[(int)simd.GetField("ParameterCount")!.GetValue(null)!];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5);
            ICnnModel a = Create(simd, weights), b = Create(scalar, weights);
            const int samples = 9;
            var input = new float[samples * a.InputLength];
            // Mostly negative inputs for the pooling model: a window whose real cells are all negative tells a border of -∞ from one of zeros.
            double shift = name == "Pooling" ? 1.7 : 0.7;
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - shift);
            var expected = new float[samples * b.OutputLength];
            var actual = new float[samples * a.OutputLength];
            b.Predict(input, expected, samples);
            a.Predict(input, actual, samples);
            Tolerance.AssertAllClose(expected, actual, $"{name}: SIMD form vs the scalar form");
        }

        [Theory]
        [InlineData("GroupTanh", "[Input(1000)]\n[Dense(3, Activation = Activation.Tanh)]")]
        [InlineData("GroupSoftmax", "[Input(1000)]\n[Dense(3, Activation = Activation.Softmax)]")]
        [InlineData("GroupSwish", "[Input(300)]\n[Dense(13, Activation = Activation.Swish)]")]
        public void A_batch_equals_its_samples_one_by_one_bit_for_bit(string name, string layers)
        {
            // A Dense of 2,048+ multiply-adds runs 8 samples at once in a batch; its vectorized activation must give each
            // sample what the one-sample form gives it (a run's length can change the tail's code in TensorPrimitives).
            string source = Generate(name, layers, LanguageVersion.Latest, out Type type);
            Assert.Contains("_Group8(", source);
            var random = new Random(5);
            var weights = new float[(int)type.GetField("ParameterCount")!.GetValue(null)!];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
            ICnnModel model = Create(type, weights);
            const int samples = 9;
            var input = new float[samples * model.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
            var batch = new float[samples * model.OutputLength];
            model.Predict(input, batch, samples);
            var one = new float[model.OutputLength];
            for (int n = 0; n < samples; n++)
            {
                model.Predict(input.AsSpan(n * model.InputLength, model.InputLength), one);
                Assert.Equal(one, batch.AsSpan(n * model.OutputLength, model.OutputLength).ToArray());
            }
        }

        private static string Generate(string name, string layers, LanguageVersion version, out Type type)
        {
            GeneratorRun run = GeneratorHarness.Run($"using CnnGen;\nnamespace Remainders\n{{\n[CnnModel(UnrollBudget = 0)]\n{layers}\npublic partial class {name} {{ public static {name} FromArray(float[] w) => new {name}(w); }}\n}}\n", version);
            type = run.LoadType("Remainders." + name);
            return run.Single();
        }

        private static ICnnModel Create(Type type, float[] weights) => (ICnnModel)type.GetMethod("FromArray")!.Invoke(null, new object[] { weights })!;
    }
}
