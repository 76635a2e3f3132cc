using System;
using System.Collections.Generic;
using CnnGen.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// The vectorized in-place activations of <see cref="Ops"/> (float, TensorPrimitives) against the double reference
    /// functions over the whole float range: every float from -2^-126 ... to the overflow edges, sampled densely where the
    /// functions bend (|x| &lt; 32) and geometrically beyond. The bound stated in Ops.Vectorized.cs: |a - b| ≤ 1e-6 +
    /// 2e-6·|b|, a tenth of the Keras conformance tolerance (1e-5 + 1e-4·|b|).
    /// </summary>
    public class KernelActivationTests
    {
        private const double Absolute = 1e-6, Relative = 2e-6;

        private readonly ITestOutputHelper _output;

        public KernelActivationTests(ITestOutputHelper output) => _output = output;

        /// <summary>Inputs: a dense grid over [-32, 32], powers of two both ways and their neighbours, specials.</summary>
        private static float[] Inputs()
        {
            var values = new List<float>();
            for (int i = -2_000_000; i <= 2_000_000; i++) values.Add(i / 62_500f);
            for (int e = -149; e <= 127; e++)
            {
                float p = MathF.ScaleB(1f, e);
                foreach (float v in new[] { p, MathF.BitDecrement(p), MathF.BitIncrement(p), 1.5f * p })
                {
                    if (float.IsFinite(v)) { values.Add(v); values.Add(-v); }
                }
            }
            values.AddRange(new[] { 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 88.72f, -87.33f, -103.97f, 15f, -15f });
            return values.ToArray();
        }

        private static readonly float[] s_inputs = Inputs();

        public static IEnumerable<object[]> Functions() => new[]
        {
            new object[] { "Tanh" }, new object[] { "Sigmoid" }, new object[] { "Exponential" }, new object[] { "Swish" },
            new object[] { "Softplus" }, new object[] { "Mish" }, new object[] { "Elu" }, new object[] { "Selu" },
        };

        private static (Action<Span<float>> Vector, Func<float, float> Reference) Pick(string name) => name switch
        {
            "Tanh" => (Ops.Tanh, Ops.Tanh),
            "Sigmoid" => (Ops.Sigmoid, Ops.Sigmoid),
            "Exponential" => (Ops.Exponential, Ops.Exponential),
            "Swish" => (Ops.Swish, Ops.Swish),
            "Softplus" => (Ops.Softplus, Ops.Softplus),
            "Mish" => (Ops.Mish, Ops.Mish),
            "Elu" => (Ops.Elu, Ops.Elu),
            "Selu" => (Ops.Selu, Ops.Selu),
            _ => throw new ArgumentException(name),
        };

        [Theory]
        [MemberData(nameof(Functions))]
        public void The_vectorized_activation_is_within_its_bound_of_the_double_reference_over_the_float_range(string name)
        {
            (Action<Span<float>> vector, Func<float, float> reference) = Pick(name);
            float[] values = (float[])s_inputs.Clone();
            // Odd lengths and offsets: the vector loops' tails and unaligned starts run too.
            vector(values.AsSpan(0, 7));
            vector(values.AsSpan(7, 1000));
            vector(values.AsSpan(1007));
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < values.Length; i++)
            {
                float x = s_inputs[i], expected = reference(x), actual = values[i];
                if (float.IsInfinity(expected) || float.IsNaN(expected))
                {
                    Assert.True(expected.Equals(actual), $"{name}({x:R}): expected {expected}, got {actual}");
                    continue;
                }
                double error = Math.Abs((double)actual - expected), allowed = Absolute + Relative * Math.Abs(expected);
                if (error / allowed > worst) { worst = error / allowed; worstAt = x; }
                Assert.True(error <= allowed, $"{name}({x:R}) = {actual:R}, reference {expected:R}: error {error:E3} above {allowed:E3}");
            }
            _output.WriteLine($"{name}: {values.Length:N0} inputs, worst error {worst:P1} of the bound at x = {worstAt:R}");
        }

        [Fact]
        public void Gelu_is_within_the_bound_of_the_erf_series_over_the_float_range()
        {
            // Ops.Gelu (one exp and a polynomial, Numerical Recipes' erfc fit) against 0.5 x (1 + erf(x / √2)) with Ops.Erf's
            // series and continued fraction in double, on the same inputs and bound as the vectorized activations.
            double worst = 0;
            float worstAt = 0;
            foreach (float x in s_inputs)
            {
                double expected = 0.5 * x * (1.0 + Ops.Erf(x * 0.70710678118654752440));
                float actual = Ops.Gelu(x);
                if (double.IsNaN(expected) || double.IsInfinity(expected) || Math.Abs(expected) > float.MaxValue)
                {
                    Assert.True(((float)expected).Equals(actual), $"Gelu({x:R}): expected {(float)expected}, got {actual}");
                    continue;
                }
                double error = Math.Abs(actual - expected), allowed = Absolute + Relative * Math.Abs(expected);
                if (error / allowed > worst) { worst = error / allowed; worstAt = x; }
                Assert.True(error <= allowed, $"Gelu({x:R}) = {actual:R}, reference {expected:R}: error {error:E3} above {allowed:E3}");
            }
            Assert.True(float.IsNaN(Ops.Gelu(float.NaN)));
            _output.WriteLine($"Gelu: {s_inputs.Length:N0} inputs, worst error {worst:P1} of the bound at x = {worstAt:R}");
        }

        [Theory]
        [MemberData(nameof(Functions))]
        public void NaN_stays_NaN(string name)
        {
            (Action<Span<float>> vector, _) = Pick(name);
            float[] values = { float.NaN, 1f, float.NaN };
            vector(values);
            Assert.True(float.IsNaN(values[0]) && float.IsNaN(values[2]), $"{name}: {values[0]}, {values[2]}");
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(6)]
        [InlineData(10)]
        [InlineData(37)]
        public void SoftmaxRows_is_within_the_bound_of_the_double_softmax_of_each_row(int rowLength)
        {
            AssertSoftmaxRows(rowLength, Ops.SoftmaxRows);
            Assert.Throws<ArgumentException>(() => Ops.SoftmaxRows(new float[7], 3));
        }

        /// <summary>The same for the form that runs the exponentials of all rows in one pass (a conv's per-pixel softmax).</summary>
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(6)]
        [InlineData(10)]
        [InlineData(15)]
        public void SoftmaxShortRows_is_within_the_bound_of_the_double_softmax_of_each_row(int rowLength)
        {
            AssertSoftmaxRows(rowLength, Ops.SoftmaxShortRows);
            Assert.Throws<ArgumentException>(() => Ops.SoftmaxShortRows(new float[7], 3));
        }

        private delegate void RowsFunction(Span<float> v, int rowLength);

        private static void AssertSoftmaxRows(int rowLength, RowsFunction softmax)
        {
            var random = new Random(rowLength);
            const int rows = 500;
            float[] v = new float[rows * rowLength];
            for (int i = 0; i < v.Length; i++) v[i] = (float)((random.NextDouble() - 0.5) * (i % 7 == 0 ? 200 : 12));
            float[] expected = (float[])v.Clone();
            for (int r = 0; r < rows; r++) Ops.Softmax(expected.AsSpan(r * rowLength, rowLength));
            softmax(v, rowLength);
            for (int i = 0; i < v.Length; i++)
            {
                double error = Math.Abs((double)v[i] - expected[i]), allowed = Absolute + Relative * Math.Abs(expected[i]);
                Assert.True(error <= allowed, $"row {i / rowLength}, value {i % rowLength}: {v[i]:R} vs {expected[i]:R}");
            }
        }
    }
}
