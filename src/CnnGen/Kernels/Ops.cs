using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnGen.Kernels
{
    /// <summary>
    /// The element functions and small shared helpers that generated models call (<c>global::CnnGen.Kernels.Ops.Relu</c>,
    /// <c>Ops.Softmax</c>, the vector operation structs, ...). The layer arithmetic itself (shapes, loops, register blocks)
    /// is in the generated code; these are the pieces that are the same for every model, compiled once here instead of
    /// into every model's file. Transcendental functions compute in double and round once, so they stay within float
    /// rounding of Keras. Public for the generated code; not meant to be called directly.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class Ops
    {
        private const double SeluScale = 1.0507009873554805;
        private const double SeluAlpha = 1.6732632423543772;

        /// <summary>The larger of two floats (the second when they are equal or the first is NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Max(float a, float b) => a > b ? a : b;

        /// <summary>max(x, 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Relu(float x) => x > 0f ? x : 0f;

        /// <summary>min(max(x, 0), 6).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Relu6(float x) => x > 0f ? (x < 6f ? x : 6f) : 0f;

        /// <summary>1 / (1 + e^-x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sigmoid(float x) => (float)(1.0 / (1.0 + Math.Exp(-x)));

        /// <summary>Keras' hard_sigmoid: clip(0.2x + 0.5, 0, 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float HardSigmoid(float x) { float v = 0.2f * x + 0.5f; return v < 0f ? 0f : (v > 1f ? 1f : v); }

        /// <summary>tanh(x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => (float)Math.Tanh(x);

        /// <summary>log(1 + e^x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Softplus(float x) => (float)SoftplusD(x);

        /// <summary>log(1 + e^x) in double (x itself above 30, where e^x would dwarf the 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SoftplusD(double x) => x > 30.0 ? x : Math.Log(1.0 + Math.Exp(x));

        /// <summary>x / (1 + |x|).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Softsign(float x) => x / (1f + Math.Abs(x));

        /// <summary>x above 0, else e^x - 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Elu(float x) => x > 0f ? x : (float)(Math.Exp(x) - 1.0);

        /// <summary>x above 0, else alpha (e^x - 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float EluAlpha(float x, double alpha) => x > 0f ? x : (float)(alpha * (Math.Exp(x) - 1.0));

        /// <summary>Keras' selu: scale x above 0, else scale alpha (e^x - 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Selu(float x) => x > 0f ? (float)(SeluScale * x) : (float)(SeluScale * SeluAlpha * (Math.Exp(x) - 1.0));

        /// <summary>x sigmoid(x) (Keras swish / silu).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Swish(float x) => (float)(x / (1.0 + Math.Exp(-x)));

        /// <summary>x tanh(softplus(x)).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Mish(float x) => (float)(x * Math.Tanh(SoftplusD(x)));

        /// <summary>
        /// Exact GELU (Keras' default, approximate=False): x Φ(x) = 0.5 x (1 + erf(x / √2)), with 1 + erf(z) = erfc(-z)
        /// (z &lt; 0) or 2 - erfc(z) from the Chebyshev fit of erfc in Numerical Recipes (erfcc: fractional error below
        /// 1.2e-7 everywhere), in double: one exp and a polynomial instead of <see cref="Erf"/>'s series of up to 100 terms
        /// (16 values: 0.85 µs before). Within 1e-6 + 2e-6·|f| of the series over the whole float range
        /// (KernelActivationTests).
        /// </summary>
        public static float Gelu(float x)
        {
            double z = x * 0.70710678118654752440, a = Math.Abs(z);
            double t = 1.0 / (1.0 + 0.5 * a);
            double erfc = t * Math.Exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return (float)(0.5 * x * (z >= 0 ? 2.0 - erfc : erfc));
        }

        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exponential(float x) => (float)Math.Exp(x);

        /// <summary>Keras 3 hard_silu (hard_swish): x · relu6(x + 3) / 6, in float as Keras computes it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float HardSwish(float x) => x * (Relu6(x + 3f) / 6f);

        /// <summary>x above 0, else alpha x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float LeakyRelu(float x, float alpha) => x > 0f ? x : alpha * x;

        /// <summary>Keras ReLU(max_value, negative_slope, threshold).</summary>
        public static float ReluGeneral(float x, float threshold, float negativeSlope, float maxValue)
        {
            float v = x > threshold ? x : negativeSlope * (x - threshold);
            return v < maxValue ? v : maxValue;
        }

        /// <summary>erf in double: Maclaurin series below 3 (rounding error ~1e-14), continued fraction of erfc above.</summary>
        public static double Erf(double x)
        {
            double a = Math.Abs(x);
            double r;
            if (a < 3.0)
            {
                double term = a, sum = a, x2 = a * a;
                for (int n = 1; n < 100; n++)
                {
                    term *= -x2 / n;
                    double t = term / (2 * n + 1);
                    sum += t;
                    if (Math.Abs(t) < 1e-17 * Math.Abs(sum)) break;
                }
                r = sum * 1.1283791670955125739;
            }
            else if (a < 6.0)
            {
                double f = a;
                for (int k = 60; k >= 1; k--) f = a + k * 0.5 / f;
                r = 1.0 - Math.Exp(-a * a) / (f * 1.7724538509055160273);
            }
            else r = 1.0;
            return x < 0 ? -r : r;
        }

        /// <summary>e^(v - max) / sum, in place over one row (the last axis).</summary>
        public static void Softmax(Span<float> v)
        {
            float m = v[0];
            for (int i = 1; i < v.Length; i++) m = Max(m, v[i]);
            double s = 0.0;
            for (int i = 0; i < v.Length; i++) s += Math.Exp(v[i] - m);
            for (int i = 0; i < v.Length; i++) v[i] = (float)(Math.Exp(v[i] - m) / s);
        }

        /// <summary>v - max - log(sum e^(v - max)), in place over one row (the last axis).</summary>
        public static void LogSoftmax(Span<float> v)
        {
            float m = v[0];
            for (int i = 1; i < v.Length; i++) m = Max(m, v[i]);
            double s = 0.0;
            for (int i = 0; i < v.Length; i++) s += Math.Exp(v[i] - m);
            float l = (float)Math.Log(s);
            for (int i = 0; i < v.Length; i++) v[i] = v[i] - m - l;
        }
    }
}
