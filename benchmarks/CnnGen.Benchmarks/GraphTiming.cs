using System;
using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>timing graphs</c>: a quick Stopwatch comparison of the generated graph models with ONNX Runtime (one thread each,
/// batch 1 and 64; about 20 seconds). The two sides are interleaved sample by sample, in alternating order, so that the load
/// of a shared machine weighs on both alike; each sample is one or a few invocations of 64 images (as in
/// <see cref="GraphModelBenchmarks"/>). It prints the median and the minimum µs per image of each side over
/// <see cref="Samples"/> samples, the ratio ORT/generated of the medians, and the median of the per-sample ratios (each
/// taken from two neighbouring measurements, the steadiest number on a noisy machine). The numbers to publish come from
/// BenchmarkDotNet.
/// </summary>
internal static class GraphTiming
{
    private const int Samples = 1001;

    /// <summary>Each side's part of a sample lasts at least this long (whole invocations of 64 images).</summary>
    private static readonly TimeSpan MinimumSampleTime = TimeSpan.FromMilliseconds(0.5);

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);

    public static int Run()
    {
        Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}; {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"one thread each; {Samples} interleaved samples of >= {MinimumSampleTime.TotalMilliseconds} ms per side; µs per image");
        Console.WriteLine();
        Console.WriteLine("| model | batch | generated median | generated min | ORT median | ORT min | ORT/generated (medians) | ORT/generated (paired) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string model in GraphModelFixtures.Models)
        {
            foreach (int batch in new[] { 1, 64 })
            {
                // The constructor is the gate: it throws if either side differs from Keras.
                using var c = new GraphModelCase(model, batch);
                Result r = Interleaved(c.RunGenerated, c.RunOrt, GraphModelCase.ImagesPerInvoke);
                Console.WriteLine($"| {model} | {batch} | {r.GeneratedMedian:F2} | {r.GeneratedMin:F2} | {r.OrtMedian:F2} | {r.OrtMin:F2} | " +
                                  $"{r.OrtMedian / r.GeneratedMedian:F2}x | {r.PairedRatio:F2}x |");
            }
        }

        return 0;
    }

    private readonly record struct Result(double GeneratedMedian, double GeneratedMin, double OrtMedian, double OrtMin, double PairedRatio);

    /// <summary>
    /// Times <paramref name="generated"/> and <paramref name="ort"/> (each processing <paramref name="images"/> images per
    /// call) in alternation: sample s measures both, the generated side first when s is even, ONNX Runtime first when odd.
    /// </summary>
    private static Result Interleaved(Action generated, Action ort, int images)
    {
        // Warm-up (tiered JIT, caches, ORT's arena), alternating, and the calls per sample of each side.
        double generatedCall = WarmUp(generated), ortCall = WarmUp(ort);
        generatedCall = Math.Min(generatedCall, WarmUp(generated));
        ortCall = Math.Min(ortCall, WarmUp(ort));
        int generatedReps = Math.Max(1, (int)Math.Ceiling(MinimumSampleTime.TotalMicroseconds / generatedCall));
        int ortReps = Math.Max(1, (int)Math.Ceiling(MinimumSampleTime.TotalMicroseconds / ortCall));

        var generatedSamples = new double[Samples];
        var ortSamples = new double[Samples];
        var ratios = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            if (s % 2 == 0)
            {
                generatedSamples[s] = Measure(generated, generatedReps, images);
                ortSamples[s] = Measure(ort, ortReps, images);
            }
            else
            {
                ortSamples[s] = Measure(ort, ortReps, images);
                generatedSamples[s] = Measure(generated, generatedReps, images);
            }

            ratios[s] = ortSamples[s] / generatedSamples[s];
        }

        Array.Sort(generatedSamples);
        Array.Sort(ortSamples);
        Array.Sort(ratios);
        return new Result(generatedSamples[Samples / 2], generatedSamples[0], ortSamples[Samples / 2], ortSamples[0], ratios[Samples / 2]);
    }

    /// <summary>Calls <paramref name="action"/> for <see cref="WarmUpTime"/>/2; returns the fastest call in µs.</summary>
    private static double WarmUp(Action action)
    {
        double fastest = double.PositiveInfinity;
        long start = Stopwatch.GetTimestamp();
        int calls = 0;
        while (calls < 10 || Stopwatch.GetElapsedTime(start) < WarmUpTime / 2)
        {
            long t = Stopwatch.GetTimestamp();
            action();
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            calls++;
        }

        return fastest;
    }

    /// <summary>µs per image over <paramref name="reps"/> calls of <paramref name="images"/> images.</summary>
    private static double Measure(Action action, int reps, int images)
    {
        long start = Stopwatch.GetTimestamp();
        for (int r = 0; r < reps; r++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / reps / images;
    }
}

/// <summary>
/// <c>timing graphs layers</c>: where the time of each generated graph model goes: the median µs per call of each private layer
/// method (reflection; inputs of small random values, buffers as long as the model's scratch), beside the whole Predict.
/// </summary>
internal static class GraphLayerTiming
{
    private delegate void Unary(ReadOnlySpan<float> x, Span<float> y);

    private delegate void Binary(ReadOnlySpan<float> x, ReadOnlySpan<float> x1, Span<float> y);

    public static int Run()
    {
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        foreach (string name in GraphModelFixtures.Models)
        {
            ICnnModel model = GraphModelFixtures.CreateGenerated(name);
            int length = (int)model.GetType().GetField("ScratchLength")!.GetValue(null)! + model.InputLength;
            var random = new Random(1);
            float[] x = new float[length], x1 = new float[length], y = new float[length];
            for (int i = 0; i < length; i++)
            {
                x[i] = (float)random.NextDouble() - 0.5f;
                x1[i] = (float)random.NextDouble() - 0.5f;
            }

            float[] input = GraphModelFixtures.Inputs(name).AsSpan(0, model.InputLength).ToArray();
            float[] output = new float[model.OutputLength];
            (double whole, double wholeMin) = Median(() => model.Predict(input, output));
            Console.WriteLine($"{name}: Predict of one image {whole:F2} µs (min {wholeMin:F2}); per layer method, median and min µs per call:");
            double sum = 0;
            foreach (var method in model.GetType().GetMethods(Private))
            {
                if (!method.Name.StartsWith("Layer", StringComparison.Ordinal) || method.Name.Contains('<')) continue;
                int spans = method.GetParameters().Length;
                if (spans != 2 && spans != 3) continue;
                Unary? unary = spans == 2 ? method.CreateDelegate<Unary>(model) : null;
                Binary? binary = spans == 3 ? method.CreateDelegate<Binary>(model) : null;
                (double median, double min) = unary != null ? Median(() => unary(x, y)) : Median(() => binary!(x, x1, y));
                sum += median;
                Console.WriteLine($"  {method.Name,-40} {median,7:F2} µs  {100 * median / whole,5:F1} %  min {min,7:F2} µs");
            }

            Console.WriteLine($"  {"sum of the layers",-40} {sum,7:F2} µs");
        }

        return 0;
    }

    private static (double Median, double Min) Median(Action action)
    {
        // Long enough for tiered compilation to finish (its first promotions wait 100 ms).
        long warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm) < TimeSpan.FromMilliseconds(400)) action();
        var samples = new double[301];
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < 50; r++) action();
            samples[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / 50;
        }

        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[0]);
    }
}
