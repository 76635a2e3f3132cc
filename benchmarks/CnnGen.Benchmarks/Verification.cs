using System;
using System.Diagnostics;
using System.IO;
using CnnGen.Benchmarks.Onnx;
using CnnGen.Benchmarks.Prototype;

namespace CnnGen.Benchmarks;

/// <summary>Compares every implementation with the Keras fixtures: |a − b| ≤ 1e-5 + 1e-4·|b| per element.</summary>
internal static class Verification
{
    private static int s_failures;

    public static int Run()
    {
        Console.WriteLine($"vector path: {SeedCnnPrototype.VectorPath}");
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.KerasDirectory, "weights.bin"));
        float[] input = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.KerasDirectory, "input.bin"));
        float[] expected = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.KerasDirectory, "output.bin"));
        int n = input.Length / SeedCnnFixtures.ImageSize;

        // The naive reference, layer by layer (its buffers hold the last image's activations).
        var naive = new NaiveCnn(weights);
        var output = new float[n * 10];
        naive.Predict(input, output, n);
        Check("naive output", output, expected);
        string layers = Path.Combine(SeedCnnFixtures.KerasDirectory, "layers");
        CheckLast("naive conv2d", naive.Conv1Output, Path.Combine(layers, "00-conv2d.bin"));
        CheckLast("naive max_pooling2d", naive.Pool1Output, Path.Combine(layers, "01-max_pooling2d.bin"));
        CheckLast("naive conv2d_1", naive.Conv2Output, Path.Combine(layers, "02-conv2d_1.bin"));
        CheckLast("naive max_pooling2d_1", naive.Pool2Output, Path.Combine(layers, "03-max_pooling2d_1.bin"));
        CheckLast("naive dense", naive.Dense1Output, Path.Combine(layers, "05-dense.bin"));

        // The prototype: one image at a time, the whole batch (a 4-image dense block), 1 and 2 threads.
        for (int threads = 1; threads <= 2; threads++)
        {
            var prototype = new SeedCnnPrototype(weights, threads);
            Array.Clear(output);
            for (int i = 0; i < n; i++)
            {
                prototype.Predict(input.AsSpan(i * 784, 784), output.AsSpan(i * 10, 10));
            }

            Check($"prototype batch 1, {threads} thread(s)", output, expected);
            Array.Clear(output);
            prototype.Predict(input, output, n);
            Check($"prototype batch {n}, {threads} thread(s)", output, expected);
        }

        // The generated model: one image at a time and the whole batch.
        {
            var generated = new GeneratedSeedCnn(weights);
            Array.Clear(output);
            for (int i = 0; i < n; i++)
            {
                generated.Predict(input.AsSpan(i * 784, 784), output.AsSpan(i * 10, 10));
            }

            Check("generated batch 1", output, expected);
            Array.Clear(output);
            generated.Predict(input, output, n);
            Check($"generated batch {n}", output, expected);
        }

        // ONNX Runtime, batch 1 and the whole batch, 1 and 2 intra-op threads.
        foreach (int threads in new[] { 1, 2 })
        {
            using (var ort = new OrtSeedCnn(weights, 1, threads))
            {
                Array.Clear(output);
                for (int i = 0; i < n; i++)
                {
                    ort.Predict(input.AsSpan(i * 784, 784), output.AsSpan(i * 10, 10));
                }

                Check($"onnxruntime batch 1, {threads} thread(s)", output, expected);
            }

            using (var ort = new OrtSeedCnn(weights, n, threads))
            {
                Array.Clear(output);
                ort.Predict(input, output);
                Check($"onnxruntime batch {n}, {threads} thread(s)", output, expected);
            }
        }

        CheckTrained();
        CheckGraphModels();
        Console.WriteLine(s_failures == 0 ? "verify: all checks passed" : $"verify: {s_failures} check(s) FAILED");
        return s_failures == 0 ? 0 : 1;
    }

    /// <summary>The trained model on all 10,000 test images against tfjs' predictions and argmax.</summary>
    private static void CheckTrained()
    {
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "weights.bin"));
        float[] expected = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "test-predictions.bin"));
        byte[] argmax = File.ReadAllBytes(Path.Combine(SeedCnnFixtures.TrainedDirectory, "test-argmax.bin"));
        const int count = 10_000;
        float[] images = SeedCnnFixtures.ReadTestImages(count);
        var output = new float[count * 10];

        foreach (int threads in new[] { 1, 2 })
        {
            var prototype = new SeedCnnPrototype(weights, threads);
            Array.Clear(output);
            prototype.Predict(images, output, count);
            Check($"trained prototype, 10000 images, {threads} thread(s)", output, expected);
            CheckArgmax($"trained prototype argmax, {threads} thread(s)", output, argmax);
        }

        {
            var generated = new GeneratedSeedCnn(weights);
            Array.Clear(output);
            var watch = Stopwatch.StartNew();
            generated.Predict(images, output, count);
            watch.Stop();
            Check($"trained generated, 10000 images ({watch.Elapsed.TotalMicroseconds / count:F1} µs/image)", output, expected);
            CheckArgmax("trained generated argmax", output, argmax);
        }

        using (var ort = new OrtSeedCnn(weights, count, 1))
        {
            Array.Clear(output);
            ort.Predict(images, output);
            Check("trained onnxruntime, 10000 images", output, expected);
            CheckArgmax("trained onnxruntime argmax", output, argmax);
        }

        // A batch that is not a multiple of 4 (single-image dense path) split unevenly across 2 threads.
        var odd = new SeedCnnPrototype(weights, 2);
        Array.Clear(output);
        odd.Predict(images.AsSpan(0, 7 * 784), output, 7);
        Check("trained prototype, batch 7, 2 threads", output.AsSpan(0, 70), expected.AsSpan(0, 70));

        // The naive loops are ~3 ms per image: a sample is enough.
        const int naiveCount = 200;
        var naive = new NaiveCnn(weights);
        naive.Predict(images, output, naiveCount);
        Check($"trained naive, {naiveCount} images", output.AsSpan(0, naiveCount * 10), expected.AsSpan(0, naiveCount * 10));
    }

    /// <summary>
    /// The Keras functional models GraphModelBenchmarks times (shared/fixtures/keras-functional): the generated models
    /// (weights by LoadTfjs) and their ONNX graphs (<see cref="KerasGraphOnnx"/>) under ONNX Runtime, at batch 1 (image by
    /// image), 4 (the fixture's inputs) and 64 (those repeated), against Keras' output.bin. Then the ONNX builder alone on
    /// the other functional fixtures: those it supports must match Keras too; the others must be refused with a
    /// <see cref="NotSupportedException"/> naming the layer.
    /// </summary>
    private static void CheckGraphModels()
    {
        const int n = GraphModelFixtures.FixtureBatch;
        foreach (string model in GraphModelFixtures.Models)
        {
            float[] input = GraphModelFixtures.Inputs(model);
            float[] expected = GraphModelFixtures.Expected(model);
            float[] input64 = GraphModelFixtures.Tile(input, 64);
            float[] expected64 = GraphModelFixtures.Tile(expected, 64);
            ICnnModel generated = GraphModelFixtures.CreateGenerated(model);
            int inLength = generated.InputLength, outLength = generated.OutputLength;
            var output = new float[n * outLength];
            var output64 = new float[64 * outLength];

            for (int i = 0; i < n; i++)
            {
                generated.Predict(input.AsSpan(i * inLength, inLength), output.AsSpan(i * outLength, outLength));
            }

            Check($"{model} generated batch 1", output, expected);
            Array.Clear(output);
            generated.Predict(input, output, n);
            Check($"{model} generated batch {n}", output, expected);
            generated.Predict(input64, output64, 64);
            Check($"{model} generated batch 64", output64, expected64);

            KerasGraphOnnx onnx = KerasGraphOnnx.FromFixture(GraphModelFixtures.Directory(model));
            foreach ((int batch, int threads) in new[] { (1, 1), (n, 1), (64, 1), (n, 2) })
            {
                using var ort = new OrtKerasGraph(onnx, batch, threads);
                if (batch == 1)
                {
                    Array.Clear(output);
                    for (int i = 0; i < n; i++)
                    {
                        ort.Predict(input.AsSpan(i * inLength, inLength), output.AsSpan(i * outLength, outLength));
                    }

                    Check($"{model} onnxruntime batch 1, {threads} thread(s)", output, expected);
                }
                else
                {
                    var actual = new float[batch * outLength];
                    ort.Predict(batch == n ? input : input64, actual);
                    Check($"{model} onnxruntime batch {batch}, {threads} thread(s)", actual, batch == n ? expected : expected64);
                }
            }
        }

        foreach (string model in GraphModelFixtures.AllModels)
        {
            if (Array.IndexOf(GraphModelFixtures.Models, model) >= 0)
            {
                continue;
            }

            KerasGraphOnnx onnx;
            try
            {
                onnx = KerasGraphOnnx.FromFixture(GraphModelFixtures.Directory(model));
            }
            catch (NotSupportedException e)
            {
                Console.WriteLine($"skip {model} onnx builder: {e.Message}");
                continue;
            }

            using var ort = new OrtKerasGraph(onnx, n, 1);
            var actual = new float[n * onnx.OutputLength];
            ort.Predict(GraphModelFixtures.Inputs(model), actual);
            Check($"{model} onnxruntime batch {n} (builder check)", actual, GraphModelFixtures.Expected(model));
        }
    }

    public static void Check(string name, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        int bad = 0, worst = -1;
        double worstExcess = double.NegativeInfinity, maxAbs = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)actual[i] - expected[i]);
            double excess = diff - (1e-5 + 1e-4 * Math.Abs(expected[i]));
            maxAbs = Math.Max(maxAbs, diff);
            if (!(excess <= 0))
            {
                bad++;
            }

            if (!(excess <= worstExcess))
            {
                worstExcess = excess;
                worst = i;
            }
        }

        Report(name, bad == 0, bad == 0
            ? $"max |diff| {maxAbs:E2} over {expected.Length} values"
            : $"{bad} of {expected.Length} values out of tolerance; worst at {worst}: {actual[worst]} vs {expected[worst]}");
    }

    private static void CheckArgmax(string name, ReadOnlySpan<float> probabilities, byte[] expected)
    {
        int disagreements = 0;
        for (int n = 0; n < expected.Length; n++)
        {
            int best = 0;
            for (int k = 1; k < 10; k++)
            {
                if (probabilities[n * 10 + k] > probabilities[n * 10 + best])
                {
                    best = k;
                }
            }

            disagreements += best == expected[n] ? 0 : 1;
        }

        Report(name, disagreements == 0, $"{disagreements} disagreement(s) of {expected.Length}");
    }

    private static void CheckLast(string name, float[] actual, string fixturePath)
    {
        float[] all = SeedCnnFixtures.ReadFloats(fixturePath);
        Check(name + " (last image)", actual, all.AsSpan(all.Length - actual.Length));
    }

    private static void Report(string name, bool ok, string detail)
    {
        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {name}: {detail}");
        if (!ok)
        {
            s_failures++;
        }
    }
}
