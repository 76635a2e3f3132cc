using System;
using System.IO;
using CnnGen.Benchmarks.Onnx;

namespace CnnGen.Benchmarks;

/// <summary>
/// The Keras functional (graph) fixtures of <c>shared/fixtures/keras-functional</c> that GraphModelBenchmarks times:
/// where they are, their generated models (<see cref="GeneratedResnetBasic"/>, <see cref="GeneratedMobilenetV2Blocks"/>,
/// weights by the generated <c>LoadTfjs</c>) and their data (4 inputs, Keras' 4 outputs).
/// </summary>
internal static class GraphModelFixtures
{
    /// <summary>The benchmarked models, by fixture folder name.</summary>
    public static readonly string[] Models = ["resnet_basic", "mobilenetv2_blocks"];

    /// <summary>Every model of the fixture set (the ONNX builder is checked on all it supports).</summary>
    public static readonly string[] AllModels =
        ["resnet_basic", "mobilenetv2_blocks", "inception_concat", "squeeze_excite", "merge_zoo", "unet_tiny", "shared_layer", "plain_chain"];

    /// <summary>Images in the fixtures' input.bin.</summary>
    public const int FixtureBatch = 4;

    /// <summary><c>shared/fixtures/keras-functional/&lt;model&gt;</c>.</summary>
    public static string Directory(string model) =>
        Path.Combine(SeedCnnFixtures.SharedDirectory, "fixtures", "keras-functional", model);

    /// <summary>The generated model of <paramref name="model"/>, weights from its model.json, batches on the calling thread only.</summary>
    public static ICnnModel CreateGenerated(string model)
    {
        string modelJson = Path.Combine(Directory(model), "model.json");
        switch (model)
        {
            case "resnet_basic":
                GeneratedResnetBasic resnet = GeneratedResnetBasic.LoadTfjs(modelJson);
                resnet.MaxDegreeOfParallelism = 1;
                return resnet;
            case "mobilenetv2_blocks":
                GeneratedMobilenetV2Blocks mobilenet = GeneratedMobilenetV2Blocks.LoadTfjs(modelJson);
                mobilenet.MaxDegreeOfParallelism = 1;
                return mobilenet;
            default:
                throw new ArgumentException($"No generated model for '{model}'.", nameof(model));
        }
    }

    /// <summary>The fixture's 4 inputs, [4, H, W, C].</summary>
    public static float[] Inputs(string model) => SeedCnnFixtures.ReadFloats(Path.Combine(Directory(model), "input.bin"));

    /// <summary>Keras' outputs for <see cref="Inputs"/>.</summary>
    public static float[] Expected(string model) => SeedCnnFixtures.ReadFloats(Path.Combine(Directory(model), "output.bin"));

    /// <summary>The fixture's 4 inputs repeated to <paramref name="count"/> samples (sample i is input i mod 4).</summary>
    public static float[] Tile(float[] fixtureSamples, int count)
    {
        int length = fixtureSamples.Length / FixtureBatch;
        var tiled = new float[count * length];
        for (int i = 0; i < count; i++)
        {
            fixtureSamples.AsSpan(i % FixtureBatch * length, length).CopyTo(tiled.AsSpan(i * length, length));
        }

        return tiled;
    }

    /// <summary>
    /// The elements outside |a − b| ≤ 1e-5 + 1e-4·|b| (the fixtures' tolerance) and a one-line description: the largest
    /// difference, or the worst element.
    /// </summary>
    public static (int Bad, string Detail) Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        if (actual.Length != expected.Length)
        {
            return (Math.Max(actual.Length, expected.Length), $"{actual.Length} values, expected {expected.Length}");
        }

        int bad = 0, worst = 0;
        double worstExcess = double.NegativeInfinity, maxAbs = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)actual[i] - expected[i]);
            double excess = diff - (1e-5 + 1e-4 * Math.Abs(expected[i]));
            maxAbs = Math.Max(maxAbs, diff);
            bad += excess <= 0 ? 0 : 1; // NaN counts as bad
            if (!(excess <= worstExcess))
            {
                worstExcess = excess;
                worst = i;
            }
        }

        return bad == 0
            ? (0, $"max |diff| {maxAbs:E2} over {expected.Length} values")
            : (bad, $"{bad} of {expected.Length} values out of tolerance; worst at {worst}: {actual[worst]} vs {expected[worst]}");
    }
}

/// <summary>
/// One timed case of a graph model: the generated model (one thread), an ONNX Runtime session for
/// <paramref name="batch"/> images (intra-op threads 1) and 64 inputs (the fixture's 4 repeated). The constructor is the
/// gate: it runs both on the fixture's inputs and throws <see cref="InvalidOperationException"/> when either differs
/// from Keras, so nothing wrong is ever timed.
/// </summary>
internal sealed class GraphModelCase : IDisposable
{
    /// <summary>Images processed by one benchmark invocation: one batch of 64, or 64 batches of 1.</summary>
    public const int ImagesPerInvoke = 64;

    public GraphModelCase(string model, int batch)
    {
        if (batch != 1 && batch != ImagesPerInvoke)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch 1 or {ImagesPerInvoke}.");
        }

        Model = model;
        Batch = batch;
        Generated = GraphModelFixtures.CreateGenerated(model);
        Onnx = KerasGraphOnnx.FromFixture(GraphModelFixtures.Directory(model));
        Ort = new OrtKerasGraph(Onnx, batch, intraOpThreads: 1);
        InputLength = Generated.InputLength;
        OutputLength = Generated.OutputLength;
        float[] fixtureInputs = GraphModelFixtures.Inputs(model);
        Inputs = GraphModelFixtures.Tile(fixtureInputs, ImagesPerInvoke);
        Outputs = new float[ImagesPerInvoke * OutputLength];
        if (Onnx.InputLength != InputLength || Onnx.OutputLength != OutputLength)
        {
            Ort.Dispose();
            throw new InvalidOperationException($"{model}: the ONNX graph has {Onnx.InputLength} -> {Onnx.OutputLength} floats per sample, the generated model {InputLength} -> {OutputLength}.");
        }

        try
        {
            Gate(GraphModelFixtures.Expected(model));
        }
        catch
        {
            Ort.Dispose();
            throw;
        }

        Inputs.AsSpan(0, batch * InputLength).CopyTo(Ort.Input);
    }

    public string Model { get; }

    public int Batch { get; }

    public ICnnModel Generated { get; }

    public KerasGraphOnnx Onnx { get; }

    public OrtKerasGraph Ort { get; }

    public int InputLength { get; }

    public int OutputLength { get; }

    /// <summary>64 samples: the fixture's 4 inputs repeated.</summary>
    public float[] Inputs { get; }

    /// <summary>Room for 64 outputs.</summary>
    public float[] Outputs { get; }

    /// <summary>Sample <paramref name="index"/> of <see cref="Inputs"/>.</summary>
    public ReadOnlySpan<float> Sample(int index) => Inputs.AsSpan(index * InputLength, InputLength);

    /// <summary>The generated model on 64 images: one batch of 64, or one image at a time.</summary>
    public void RunGenerated()
    {
        if (Batch == 1)
        {
            for (int i = 0; i < ImagesPerInvoke; i++)
            {
                Generated.Predict(Sample(i), Outputs.AsSpan(i * OutputLength, OutputLength));
            }
        }
        else
        {
            Generated.Predict(Inputs, Outputs, ImagesPerInvoke);
        }
    }

    /// <summary>
    /// ONNX Runtime on 64 images: one run of the bound batch of 64, or 64 runs of batch 1, each image first copied
    /// into the bound input (a few µs at most; the generated side reads its input in place).
    /// </summary>
    public void RunOrt()
    {
        if (Batch == 1)
        {
            for (int i = 0; i < ImagesPerInvoke; i++)
            {
                Sample(i).CopyTo(Ort.Input);
                Ort.Run();
            }
        }
        else
        {
            Ort.Run();
        }
    }

    public void Dispose() => Ort.Dispose();

    /// <summary>
    /// Both sides on the fixture's inputs as they will be timed (the generated model one image at a time and as a batch;
    /// the ORT session of this batch size on 4 single images or on 64 = 16 × the 4 inputs) against Keras' outputs.
    /// </summary>
    private void Gate(float[] expected)
    {
        int n = GraphModelFixtures.FixtureBatch;
        var output = new float[n * OutputLength];
        for (int i = 0; i < n; i++)
        {
            Generated.Predict(Sample(i), output.AsSpan(i * OutputLength, OutputLength));
        }

        Require("generated batch 1", output, expected);
        Array.Clear(output);
        Generated.Predict(Inputs.AsSpan(0, n * InputLength), output, n);
        Require($"generated batch {n}", output, expected);

        if (Batch == 1)
        {
            for (int i = 0; i < n; i++)
            {
                Ort.Predict(Sample(i), output.AsSpan(i * OutputLength, OutputLength));
            }

            Require("onnxruntime batch 1", output, expected);
        }
        else
        {
            var all = new float[Batch * OutputLength];
            Ort.Predict(Inputs, all);
            Require($"onnxruntime batch {Batch}", all, GraphModelFixtures.Tile(expected, Batch));
        }
    }

    private void Require(string what, float[] actual, float[] expected)
    {
        (int bad, string detail) = GraphModelFixtures.Compare(actual, expected);
        if (bad != 0)
        {
            throw new InvalidOperationException($"{Model}: {what} differs from Keras' output.bin: {detail}. Not timing a wrong model.");
        }
    }
}
