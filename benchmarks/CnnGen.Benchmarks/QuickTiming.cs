using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using CnnGen.Benchmarks.Onnx;
using CnnGen.Benchmarks.Prototype;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>timing</c>: a quick Stopwatch measurement (median of repeated runs, µs/image) for iterating on the
/// kernels; the numbers to publish come from BenchmarkDotNet.
/// </summary>
internal static class QuickTiming
{
    public static int Run(string[] args)
    {
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "weights.bin"));
        float[] images = SeedCnnFixtures.ReadTestImages(64);
        var outputs = new float[64 * 10];
        Console.WriteLine($"vector path: {SeedCnnPrototype.VectorPath}");
        if (args.Length > 1 && args[1] == "zeros")
        {
            var naive = new NaiveCnn(weights);
            var o = new float[10];
            int zeros = 0, zeroRows = 0;
            for (int n = 0; n < 64; n++)
            {
                naive.Predict(images.AsSpan(n * 784, 784), o);
                foreach (float f in naive.Pool2Output) zeros += f == 0 ? 1 : 0;
                foreach (float f in naive.Pool1Output) zeroRows += f == 0 ? 1 : 0;
            }

            Console.WriteLine($"zero fraction of features: {zeros / (64.0 * 1600):F3}, pool1 {zeroRows / (64.0 * 10816):F3}");
            return 0;
        }
        {
            var model = new SeedCnnPrototype(weights, 1);
            var micros = new double[7];
            model.ProfileLayers(images.AsSpan(0, 4 * 784), micros, 2000);
            var best = new double[7];
            Array.Fill(best, double.MaxValue);
            for (int round = 0; round < 400; round++)
            {
                Array.Clear(micros);
                model.ProfileLayers(images.AsSpan(0, 4 * 784), micros, 5);
                for (int i = 0; i < 7; i++) best[i] = Math.Min(best[i], micros[i]);
            }

            micros = best;
            {
                Console.WriteLine("conv1 {0:F2} | wino-in {1:F2} | gemm {2:F2} | wino-out {3:F2} | dense1x4 {4:F2} | dense1x1 {5:F2} | dense2 {6:F2}  (µs/image)", micros[0], micros[1], micros[2], micros[3], micros[4], micros[5], micros[6]);
            }
        }

        foreach (int threads in new[] { 1, 2 })
        {
            foreach (int batch in new[] { 1, 64 })
            {
                using var ort = new OrtSeedCnn(weights, batch, threads);
                images.AsSpan(0, batch * 784).CopyTo(ort.Input);
                (double median, double cpu) = Median(ort.Run, batch);
                Console.WriteLine($"onnxruntime threads {threads} batch {batch,2}: {median,7:F2} µs/image (min {cpu,7:F2})");
            }
        }

        foreach (int threads in new[] { 1, 2 })
        {
            var prototype = new SeedCnnPrototype(weights, threads);
            foreach (int batch in new[] { 1, 64 })
            {
                (double median, double cpu) = Median(() => prototype.Predict(images.AsSpan(0, batch * 784), outputs, batch), batch);
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                prototype.Predict(images.AsSpan(0, batch * 784), outputs, batch);
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Console.WriteLine($"prototype threads {threads} batch {batch,2}: {median,7:F2} µs/image (min {cpu,7:F2}), {allocated} B allocated");
            }
        }

        return 0;
    }

    private static (double Wall, double ThreadCpu) Median(Action action, int batch)
    {
        for (int i = 0; i < 2000 / batch + 10; i++)
        {
            action();
        }

        int reps = Math.Max(1, 20 / batch);
        var samples = new double[1001];
        var cpu = new double[1001];
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            long cpuStart = ThreadCpuNanoseconds();
            for (int r = 0; r < reps; r++)
            {
                action();
            }

            cpu[s] = (ThreadCpuNanoseconds() - cpuStart) / 1000.0 / reps / batch;
            samples[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / reps / batch;
        }

        Array.Sort(samples);
        Array.Sort(cpu);
        return (samples[samples.Length / 2], samples[0]);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), immune to being descheduled.</summary>
    private static long ThreadCpuNanoseconds()
    {
        ClockGetTime(3, out TimeSpec time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }
}
