using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static CnnGen.Kernels.Ops;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>timing peak</c>: the single-thread float multiply-add peak of this machine, the yardstick for a model's effective
/// GFLOP/s (<c>benchmarks/zoo/gflops.py</c>): 10 independent accumulators (more than latency × ports) of the widest
/// accelerated vector, the generated code's own multiply-add (<c>ISimd.MultiplyAddEstimate</c>) on registers only; the
/// best of 7 runs of 20 million iterations.
/// </summary>
internal static class PeakTiming
{
    public static int Run()
    {
        int width = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        double best = 0;
        for (int run = 0; run < 7; run++)
        {
            const int iterations = 20_000_000;
            long start = Stopwatch.GetTimestamp();
            float sink = width == 16 ? Fma<Simd512, Vector512<float>>(iterations)
                : width == 8 ? Fma<Simd256, Vector256<float>>(iterations) : Fma<Simd128, Vector128<float>>(iterations);
            double us = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (float.IsNaN(sink)) Console.WriteLine("(unreachable)");
            best = Math.Max(best, 10.0 * iterations / us);
        }
        Console.WriteLine($"Vector{width * 32}: {best:F0} fused multiply-adds per µs = {best * width * 2 / 1000:F1} GFLOP/s on one thread");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma<V, T>(int n) where V : struct, ISimd<T> where T : struct
    {
        T b = V.Create(0.999f), c = V.Create(0.001f);
        T a0 = V.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = V.MultiplyAddEstimate(a0, b, c); a1 = V.MultiplyAddEstimate(a1, b, c); a2 = V.MultiplyAddEstimate(a2, b, c);
            a3 = V.MultiplyAddEstimate(a3, b, c); a4 = V.MultiplyAddEstimate(a4, b, c); a5 = V.MultiplyAddEstimate(a5, b, c);
            a6 = V.MultiplyAddEstimate(a6, b, c); a7 = V.MultiplyAddEstimate(a7, b, c); a8 = V.MultiplyAddEstimate(a8, b, c);
            a9 = V.MultiplyAddEstimate(a9, b, c);
        }
        T sum = V.Add(V.Add(V.Add(V.Add(a0, a1), V.Add(a2, a3)), V.Add(V.Add(a4, a5), V.Add(a6, a7))), V.Add(a8, a9));
        Span<float> lanes = stackalloc float[V.Count];
        V.StoreUnsafe(sum, ref lanes[0]);
        float total = 0f;
        foreach (float lane in lanes) total += lane;
        return total;
    }
}
