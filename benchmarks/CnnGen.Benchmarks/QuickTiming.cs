using System;
using System.Diagnostics;
using System.IO;
using CnnGen.Benchmarks.Onnx;
using CnnGen.Benchmarks.Prototype;

namespace CnnGen.Benchmarks;

/// <summary>
/// <c>timing</c>: a quick Stopwatch measurement for iterating on the kernels (about 20 seconds). It prints the
/// median and the minimum over 1001 short samples, µs per image; on a shared, noisy machine the minimum is the
/// steadier number to compare two versions with. The numbers to publish come from BenchmarkDotNet.
/// </summary>
internal static class QuickTiming
{
    /// <param name="generatedOnly">Only the generated model (<c>timing generated</c>), for iterating on the emitters.</param>
    public static int Run(bool generatedOnly = false)
    {
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "weights.bin"));
        float[] images = SeedCnnFixtures.ReadTestImages(64);
        var outputs = new float[64 * 10];
        Console.WriteLine($"vector path: {SeedCnnPrototype.VectorPath}");
        foreach ((int threads, int batch) in new[] { (1, 1), (1, 64), (2, 64) })
        {
            var generated = new GeneratedSeedCnn(weights) { MaxDegreeOfParallelism = threads };
            int next = 0;
            (double median, double min) = batch == 1
                ? Measure(() => { generated.Predict(images.AsSpan(next * 784, 784), outputs.AsSpan(0, 10)); next = (next + 1) & 63; }, 1)
                : Measure(() => generated.Predict(images, outputs, batch), batch);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            if (batch == 1) generated.Predict(images.AsSpan(0, 784), outputs.AsSpan(0, 10));
            else generated.Predict(images.AsSpan(0, batch * 784), outputs.AsSpan(0, batch * 10), batch);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"generated   threads {threads} batch {batch,2}: median {median,7:F2} µs/image, min {min,7:F2}, {allocated} B allocated");
        }

        DenseGroupTiming(weights, images);

        if (generatedOnly)
        {
            return 0;
        }

        foreach (int threads in new[] { 1, 2 })
        {
            foreach (int batch in new[] { 1, 64 })
            {
                using var ort = new OrtSeedCnn(weights, batch, threads);
                images.AsSpan(0, batch * 784).CopyTo(ort.Input);
                int next = 0;
                (double median, double min) = batch == 1
                    ? Measure(() => { images.AsSpan(next * 784, 784).CopyTo(ort.Input); ort.Run(); next = (next + 1) & 63; }, 1)
                    : Measure(ort.Run, batch);
                Console.WriteLine($"onnxruntime threads {threads} batch {batch,2}: median {median,7:F2} µs/image, min {min,7:F2}");
            }
        }

        foreach (int threads in new[] { 1, 2 })
        {
            var prototype = new SeedCnnPrototype(weights, threads);
            foreach (int batch in new[] { 1, 64 })
            {
                // At batch 1, a different image on every call (the zero pattern the dense layer skips changes).
                int next = 0;
                (double median, double min) = batch == 1
                    ? Measure(() => { prototype.Predict(images.AsSpan(next * 784, 784), outputs, 1); next = (next + 1) & 63; }, 1)
                    : Measure(() => prototype.Predict(images, outputs, batch), batch);
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                prototype.Predict(images.AsSpan(0, batch * 784), outputs, batch);
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                Console.WriteLine($"prototype   threads {threads} batch {batch,2}: median {median,7:F2} µs/image, min {min,7:F2}, {allocated} B allocated");
            }
        }

        return 0;
    }

    private delegate void LayerMethod(ReadOnlySpan<float> x, Span<float> y);

    private delegate bool PredictThrough(int layer, ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// The dense layer (1600 → 128, relu) on the real features of the 64 images: one image per call (as Predict of one
    /// image runs it) against the four-image form a batch runs, where each weight load serves four images.
    /// </summary>
    private static void DenseGroupTiming(float[] weights, float[] images)
    {
        const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var model = new GeneratedSeedCnn(weights);
        var through = typeof(GeneratedSeedCnn).GetMethod("TryPredictThrough", Private)!.CreateDelegate<PredictThrough>(model);
        var single = typeof(GeneratedSeedCnn).GetMethod("Layer05Dense", Private)!.CreateDelegate<LayerMethod>(model);
        var group = typeof(GeneratedSeedCnn).GetMethod("Layer05DenseX4", Private)!.CreateDelegate<LayerMethod>(model);
        var features = new float[64 * 1600];
        var hidden = new float[64 * 128];
        for (int i = 0; i < 64; i++) through(4, images.AsSpan(i * 784, 784), features.AsSpan(i * 1600, 1600));
        (double singleMedian, double singleMin) = Measure(() =>
        {
            for (int i = 0; i < 64; i++) single(features.AsSpan(i * 1600, 1600), hidden.AsSpan(i * 128, 128));
        }, 64);
        (double groupMedian, double groupMin) = Measure(() =>
        {
            for (int g = 0; g < 16; g++) group(features.AsSpan(g * 6400, 6400), hidden.AsSpan(g * 512, 512));
        }, 64);
        int zeros = 0, zerosInAllFour = 0;
        for (int i = 0; i < features.Length; i++) if (features[i] == 0f) zeros++;
        for (int g = 0; g < 16; g++)
        {
            for (int i = 0; i < 1600; i++)
            {
                if (features[g * 6400 + i] == 0f && features[g * 6400 + 1600 + i] == 0f && features[g * 6400 + 3200 + i] == 0f && features[g * 6400 + 4800 + i] == 0f) zerosInAllFour++;
            }
        }
        Console.WriteLine($"dense inputs skipped: {100.0 * zeros / features.Length:F1} % one image at a time, {100.0 * zerosInAllFour / (16 * 1600):F1} % four at a time (0 in all four)");
        Console.WriteLine($"dense 1600->128, 1 image per call:  median {singleMedian,7:F2} µs/image, min {singleMin,7:F2}");
        Console.WriteLine($"dense 1600->128, 4 images per call: median {groupMedian,7:F2} µs/image, min {groupMin,7:F2} (gain: median {singleMedian / groupMedian:F2}x, min {singleMin / groupMin:F2}x)");
    }

    private static (double Median, double Min) Measure(Action action, int batch)
    {
        for (int i = 0; i < 2000 / batch + 10; i++)
        {
            action();
        }

        int reps = Math.Max(1, 20 / batch);
        var samples = new double[1001];
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++)
            {
                action();
            }

            samples[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / reps / batch;
        }

        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[0]);
    }
}

/// <summary><c>timing layers</c>: µs per call of each private layer method of the generated model (reflection), to see where the time goes.</summary>
internal static class LayerTiming
{
    private delegate void LayerMethod(ReadOnlySpan<float> x, Span<float> y);

    public static int Run()
    {
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "weights.bin"));
        float[] images = SeedCnnFixtures.ReadTestImages(64);
        var model = new GeneratedSeedCnn(weights);
        var a = new float[GeneratedSeedCnn.ScratchLength];
        var b = new float[GeneratedSeedCnn.ScratchLength];
        images.AsSpan(0, 784).CopyTo(a);
        bool fromA = true;
        foreach (var method in typeof(GeneratedSeedCnn).GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance))
        {
            if (!method.Name.StartsWith("Layer", StringComparison.Ordinal) || method.GetParameters().Length != 2) continue;
            var call = method.CreateDelegate<LayerMethod>(model);
            float[] src = fromA ? a : b, dst = fromA ? b : a;
            for (int i = 0; i < 3000; i++) call(src, dst);
            var samples = new double[201];
            for (int s = 0; s < samples.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int r = 0; r < 10; r++) call(src, dst);
                samples[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / 10;
            }
            Array.Sort(samples);
            Console.WriteLine($"{method.Name,-28} median {samples[100],8:F2} µs, min {samples[0],8:F2}");
            fromA = !fromA;
        }
        return 0;
    }
}
