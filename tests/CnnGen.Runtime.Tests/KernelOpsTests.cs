using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using CnnGen.Kernels;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>The shared helpers of <see cref="Ops"/> that generated models call, against plain reference loops.</summary>
    public class KernelOpsTests
    {
        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 1)]
        [InlineData(64, 1)]
        [InlineData(128, 4)]
        [InlineData(1600, 4)]
        [InlineData(1603, 3)]
        [InlineData(37, 4)]
        [InlineData(784, 8)]
        public void GatherNonzero_lists_in_order_every_input_nonzero_in_some_sample(int length, int samples)
        {
            var random = new Random(length * 31 + samples);
            for (int round = 0; round < 20; round++)
            {
                // Mostly zeros (as after a relu), with -0, NaN and tiny values among them.
                float[] x = new float[length * samples + 5];
                for (int i = 0; i < x.Length; i++)
                {
                    int r = random.Next(20);
                    x[i] = r < 14 ? 0f : r == 14 ? -0f : r == 15 ? float.NaN : r == 16 ? float.Epsilon : (float)(random.NextDouble() - 0.5);
                }
                var expected = new List<int>();
                for (int i = 0; i < length; i++)
                {
                    bool any = false;
                    for (int s = 0; s < samples; s++) any |= x[s * length + i] != 0f;
                    if (any) expected.Add(i);
                }
                int[] indices = new int[length];
                int count = Ops.GatherNonzero(x, length, samples, indices);
                Assert.Equal(expected, indices[..count]);
            }
        }

        [Fact]
        public void GatherNonzero_refuses_short_spans()
        {
            Assert.Throws<ArgumentException>(() => Ops.GatherNonzero(new float[10], 4, 3, new int[4]));
            Assert.Throws<ArgumentException>(() => Ops.GatherNonzero(new float[12], 4, 3, new int[3]));
        }

        [Fact]
        public void The_vector_structs_compute_what_their_names_say_at_every_width()
        {
            Check<Ops.Simd128, Vector128<float>>();
            Check<Ops.Simd256, Vector256<float>>();
            Check<Ops.Simd512, Vector512<float>>();
        }

        private static void Check<V, T>() where V : struct, Ops.ISimd<T> where T : struct
        {
            int n = V.Count;
            float[] a = new float[n], b = new float[n], c = new float[n], r = new float[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = i - 3.5f;
                b[i] = i % 3 == 0 ? 0f : 1.25f * i;
                c[i] = 0.5f - i;
            }
            T va = V.LoadUnsafe(ref a[0]), vb = V.LoadUnsafe(ref b[0]), vc = V.LoadUnsafe(ref c[0]);
            V.StoreUnsafe(V.Add(va, vb), ref r[0]);
            for (int i = 0; i < n; i++) Assert.Equal(a[i] + b[i], r[i]);
            V.StoreUnsafe(V.Subtract(va, vb), ref r[0]);
            for (int i = 0; i < n; i++) Assert.Equal(a[i] - b[i], r[i]);
            V.StoreUnsafe(V.Max(va, vb), ref r[0]);
            for (int i = 0; i < n; i++) Assert.Equal(Math.Max(a[i], b[i]), r[i]);
            V.StoreUnsafe(V.MultiplyAddEstimate(va, vb, vc), ref r[0]);
            // Fused or not, these products and sums are exact in float.
            for (int i = 0; i < n; i++) Assert.Equal(a[i] * b[i] + c[i], r[i]);
            V.StoreUnsafe(V.Create(2.5f), ref r[0]);
            Assert.All(r, value => Assert.Equal(2.5f, value));
            ulong mask = V.NonzeroMask(vb), expected = 0;
            for (int i = 0; i < n; i++) if (b[i] != 0f) expected |= 1UL << i;
            Assert.Equal(expected, mask);
        }

        [Theory]
        [InlineData(0f, 0f, 6f)]
        [InlineData(0.5f, 0.1f, float.PositiveInfinity)]
        [InlineData(-1f, 0.3f, 2.5f)]
        public void ReluGeneral_over_a_span_equals_the_element_function_bit_for_bit(float threshold, float slope, float max)
        {
            var random = new Random(17);
            float[] x = new float[1003];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 16 - 8);
            x[0] = float.NaN; x[1] = -0f; x[2] = threshold; x[3] = max; x[4] = float.NegativeInfinity; x[5] = float.PositiveInfinity;
            float[] y = new float[x.Length];
            Ops.ReluGeneral(x, y, threshold, slope, max);
            for (int i = 0; i < x.Length; i++)
            {
                float expected = Ops.ReluGeneral(x[i], threshold, slope, max);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[i]) || (float.IsNaN(expected) && float.IsNaN(y[i])),
                    $"x = {x[i]:R}: {y[i]:R}, element function {expected:R}");
            }
            // In place.
            Ops.ReluGeneral(x, x, threshold, slope, max);
            Assert.Equal(y, x);
        }
    }
}
