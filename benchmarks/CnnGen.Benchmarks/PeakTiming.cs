using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>timing peak</c>: the single-thread float multiply-add peak of this machine, the yardstick for a model's effective
/// GFLOP/s (<c>benchmarks/zoo/gflops.py</c>): 10 independent accumulators (more than latency × ports) of the widest
/// accelerated vector, fused multiply-adds on registers only; the best of 7 runs of 20 million iterations.
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
            float sink = width == 16 ? Fma512(iterations) : width == 8 ? Fma256(iterations) : Fma128(iterations);
            double us = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (float.IsNaN(sink)) Console.WriteLine("(unreachable)");
            best = Math.Max(best, 10.0 * iterations / us);
        }
        Console.WriteLine($"Vector{width * 32}: {best:F0} fused multiply-adds per µs = {best * width * 2 / 1000:F1} GFLOP/s on one thread");
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma512(int n)
    {
        Vector512<float> b = Vector512.Create(0.999f), c = Vector512.Create(0.001f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, b, c); a1 = Vector512.FusedMultiplyAdd(a1, b, c); a2 = Vector512.FusedMultiplyAdd(a2, b, c);
            a3 = Vector512.FusedMultiplyAdd(a3, b, c); a4 = Vector512.FusedMultiplyAdd(a4, b, c); a5 = Vector512.FusedMultiplyAdd(a5, b, c);
            a6 = Vector512.FusedMultiplyAdd(a6, b, c); a7 = Vector512.FusedMultiplyAdd(a7, b, c); a8 = Vector512.FusedMultiplyAdd(a8, b, c);
            a9 = Vector512.FusedMultiplyAdd(a9, b, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma256(int n)
    {
        Vector256<float> b = Vector256.Create(0.999f), c = Vector256.Create(0.001f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, b, c); a1 = Vector256.FusedMultiplyAdd(a1, b, c); a2 = Vector256.FusedMultiplyAdd(a2, b, c);
            a3 = Vector256.FusedMultiplyAdd(a3, b, c); a4 = Vector256.FusedMultiplyAdd(a4, b, c); a5 = Vector256.FusedMultiplyAdd(a5, b, c);
            a6 = Vector256.FusedMultiplyAdd(a6, b, c); a7 = Vector256.FusedMultiplyAdd(a7, b, c); a8 = Vector256.FusedMultiplyAdd(a8, b, c);
            a9 = Vector256.FusedMultiplyAdd(a9, b, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma128(int n)
    {
        Vector128<float> b = Vector128.Create(0.999f), c = Vector128.Create(0.001f);
        Vector128<float> a0 = Vector128.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < n; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, b, c); a1 = Vector128.FusedMultiplyAdd(a1, b, c); a2 = Vector128.FusedMultiplyAdd(a2, b, c);
            a3 = Vector128.FusedMultiplyAdd(a3, b, c); a4 = Vector128.FusedMultiplyAdd(a4, b, c); a5 = Vector128.FusedMultiplyAdd(a5, b, c);
            a6 = Vector128.FusedMultiplyAdd(a6, b, c); a7 = Vector128.FusedMultiplyAdd(a7, b, c); a8 = Vector128.FusedMultiplyAdd(a8, b, c);
            a9 = Vector128.FusedMultiplyAdd(a9, b, c);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9);
    }
}
