using System;
using System.Numerics.Tensors;

namespace CnnGen.Kernels
{
    public static partial class Ops
    {
        // In-place activations over a run of values, vectorized in float by System.Numerics.Tensors' TensorPrimitives
        // (its Exp, Tanh, Sigmoid, Log are within a few float ULP). The SIMD forms of the generated code call these on
        // each row of a layer's output while it is in L1, instead of the per-element double functions above. Error
        // against the double reference, measured over the whole float range by KernelActivationTests: within
        // 1e-6 + 2e-6 |f(x)|, a tenth of the Keras conformance tolerance (1e-5 + 1e-4 |f(x)|) or less.

        // Values per chunk of the activations that need a second array (x times something of x).
        private const int Chunk = 256;

        // Element-wise merges of two runs (Keras' Add, Subtract, Multiply, Maximum, Minimum; Average adds, then divides):
        // y may be one of the inputs.

        /// <summary>y = a + b.</summary>
        public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Add(a, b, y);

        /// <summary>y = a - b.</summary>
        public static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Subtract(a, b, y);

        /// <summary>y = a * b.</summary>
        public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Multiply(a, b, y);

        /// <summary>y = max(a, b).</summary>
        public static void Maximum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Max(a, b, y);

        /// <summary>y = min(a, b).</summary>
        public static void Minimum(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y) => TensorPrimitives.Min(a, b, y);

        /// <summary>y = y / divisor, in place (Keras' Average: the sum over the inputs divided by their count).</summary>
        public static void Divide(Span<float> y, float divisor) => TensorPrimitives.Divide(y, divisor, y);

        /// <summary>tanh of every value, in place.</summary>
        public static void Tanh(Span<float> v) => TensorPrimitives.Tanh(v, v);

        /// <summary>1 / (1 + e^-x) of every value, in place.</summary>
        public static void Sigmoid(Span<float> v) => TensorPrimitives.Sigmoid(v, v);

        /// <summary>e^x of every value, in place.</summary>
        public static void Exponential(Span<float> v) => TensorPrimitives.Exp(v, v);

        /// <summary>x sigmoid(x) (swish, silu) of every value, in place.</summary>
        public static void Swish(Span<float> v)
        {
            Span<float> t = stackalloc float[Chunk];
            for (int start = 0; start < v.Length; start += Chunk)
            {
                Span<float> part = v.Slice(start, Math.Min(Chunk, v.Length - start));
                Span<float> s = t.Slice(0, part.Length);
                TensorPrimitives.Sigmoid(part, s);
                TensorPrimitives.Multiply(part, s, part);
            }
        }

        /// <summary>log(1 + e^x) of every value, in place.</summary>
        public static void Softplus(Span<float> v)
        {
            Span<float> t = stackalloc float[2 * Chunk];
            for (int start = 0; start < v.Length; start += Chunk)
            {
                Span<float> part = v.Slice(start, Math.Min(Chunk, v.Length - start));
                Span<float> s = t.Slice(0, part.Length);
                SoftplusInto(part, s, t.Slice(Chunk, part.Length));
                s.CopyTo(part);
            }
        }

        /// <summary>x tanh(softplus(x)) of every value, in place.</summary>
        public static void Mish(Span<float> v)
        {
            Span<float> t = stackalloc float[2 * Chunk];
            for (int start = 0; start < v.Length; start += Chunk)
            {
                Span<float> part = v.Slice(start, Math.Min(Chunk, v.Length - start));
                Span<float> s = t.Slice(0, part.Length);
                Span<float> h = t.Slice(Chunk, part.Length);
                SoftplusInto(part, s, h);
                TensorPrimitives.Tanh(s, h);
                // tanh is off by up to 6e-8 near 0, which x would multiply: below 4e-3 its series s - s³/3 instead.
                for (int i = 0; i < h.Length; i++) if (s[i] < 4e-3f) h[i] = s[i] * (1f - s[i] * s[i] * (1f / 3f));
                TensorPrimitives.Multiply(part, h, part);
            }
        }

        /// <summary>
        /// Keras ReLU(max_value, negative_slope, threshold) (and so LeakyReLU) of every value of <paramref name="x"/> into
        /// <paramref name="y"/> (which may be x): the same float operations as <see cref="ReluGeneral(float, float, float, float)"/>,
        /// a vector at a time.
        /// </summary>
        public static void ReluGeneral(ReadOnlySpan<float> x, Span<float> y, float threshold, float negativeSlope, float maxValue)
        {
            if (y.Length < x.Length) throw new ArgumentException($"ReluGeneral needs {x.Length} outputs, got {y.Length}.", nameof(y));
            int i = 0;
#if NET8_0_OR_GREATER
            if (System.Numerics.Vector.IsHardwareAccelerated)
            {
                var t = new System.Numerics.Vector<float>(threshold);
                var slope = new System.Numerics.Vector<float>(negativeSlope);
                var max = new System.Numerics.Vector<float>(maxValue);
                int count = System.Numerics.Vector<float>.Count;
                for (; i <= x.Length - count; i += count)
                {
                    var v = new System.Numerics.Vector<float>(x.Slice(i));
                    var r = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(v, t), v, slope * (v - t));
                    // r < max ? r : max, as the scalar form (a NaN gives max_value there too).
                    System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.LessThan(r, max), r, max).CopyTo(y.Slice(i));
                }
            }
#endif
            for (; i < x.Length; i++) y[i] = ReluGeneral(x[i], threshold, negativeSlope, maxValue);
        }

        /// <summary>
        /// Softmax of every row of <paramref name="rowLength"/> values (the last axis) of <paramref name="v"/>, in place, in
        /// float: each row minus its max, its e^ vectorized, then over its sum. Row by row, so a row's result does not depend
        /// on how many rows there are (a batch's group equals its samples one by one, bit for bit).
        /// </summary>
        public static void SoftmaxRows(Span<float> v, int rowLength)
        {
            if (rowLength <= 0 || v.Length % rowLength != 0) throw new ArgumentException($"SoftmaxRows: {v.Length} values are not rows of {rowLength}.", nameof(rowLength));
            for (int start = 0; start < v.Length; start += rowLength)
            {
                Span<float> row = v.Slice(start, rowLength);
                SubtractMax(row);
                TensorPrimitives.Exp(row, row);
                DivideBySum(row);
            }
        }

        /// <summary>
        /// Keras' softmax over each row of <paramref name="rowLength"/> values, in place, for many short rows (a conv's
        /// softmax over a few channels per pixel): each row's max subtracted, then the exponentials of all rows in one
        /// vectorized pass (one call instead of one per row, which for 6 channels cost more than the exponentials),
        /// then each row divided by its sum. The same function as <see cref="SoftmaxRows"/>, to float rounding; not
        /// bit for bit, as the exponentials of a short row alone may take another vector width.
        /// </summary>
        public static void SoftmaxShortRows(Span<float> v, int rowLength)
        {
            if (rowLength <= 0 || v.Length % rowLength != 0) throw new ArgumentException($"SoftmaxShortRows: {v.Length} values are not rows of {rowLength}.", nameof(rowLength));
            for (int start = 0; start < v.Length; start += rowLength) SubtractMax(v.Slice(start, rowLength));
            TensorPrimitives.Exp(v, v);
            for (int start = 0; start < v.Length; start += rowLength) DivideBySum(v.Slice(start, rowLength));
        }

        /// <summary>A softmax row minus its max (so no e^ overflows), in place.</summary>
        private static void SubtractMax(Span<float> row)
        {
            float m = row[0];
            for (int i = 1; i < row.Length; i++) m = Max(m, row[i]);
            for (int i = 0; i < row.Length; i++) row[i] -= m;
        }

        /// <summary>A row of exponentials over their sum, in place.</summary>
        private static void DivideBySum(Span<float> row)
        {
            float sum = 0f;
            for (int i = 0; i < row.Length; i++) sum += row[i];
            for (int i = 0; i < row.Length; i++) row[i] /= sum;
        }

        /// <summary>x above 0, else e^x - 1, of every value, in place.</summary>
        public static void Elu(Span<float> v) => EluScaled(v, 1f, 1f);

        /// <summary>Keras' selu of every value, in place.</summary>
        public static void Selu(Span<float> v) => EluScaled(v, (float)SeluScale, (float)(SeluScale * SeluAlpha));

        // scale x above 0, else alpha (e^x - 1); e^x - 1 in float is off by at most an ULP of 1 (6e-8) near 0.
        private static void EluScaled(Span<float> v, float scale, float alpha)
        {
            Span<float> t = stackalloc float[Chunk];
            for (int start = 0; start < v.Length; start += Chunk)
            {
                Span<float> part = v.Slice(start, Math.Min(Chunk, v.Length - start));
                Span<float> e = t.Slice(0, part.Length);
                TensorPrimitives.Exp(part, e);
                for (int i = 0; i < part.Length; i++) part[i] = part[i] > 0f ? scale * part[i] : alpha * (e[i] - 1f);
            }
        }

        // softplus(x) = max(x, 0) + log(1 + e^-|x|) for every x, into s (e: a scratch of the same length). No overflow;
        // log(1 + e) for e = e^-|x| below 1e-2 is its series e - e²/2 + e³/3 - e⁴/4 + e⁵/5, so a tiny softplus keeps its relative
        // precision (mish multiplies it by x).
        private static void SoftplusInto(ReadOnlySpan<float> x, Span<float> s, Span<float> e)
        {
            TensorPrimitives.Abs(x, e);
            TensorPrimitives.Negate(e, e);
            TensorPrimitives.Exp(e, e);
            TensorPrimitives.Add(e, 1f, s);
            TensorPrimitives.Log(s, s);
            for (int i = 0; i < s.Length; i++)
            {
                float small = e[i];
                if (small < 1e-2f) s[i] = small * (1f - small * (0.5f - small * (1f / 3f - small * (0.25f - small * 0.2f))));
                if (x[i] > 0f) s[i] += x[i];
            }
        }
    }
}
