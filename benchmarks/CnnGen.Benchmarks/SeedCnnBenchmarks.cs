using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using CnnGen.Benchmarks.Onnx;
using CnnGen.Benchmarks.Prototype;
using Perfolizer.Horology;

namespace CnnGen.Benchmarks;

/// <summary>
/// A short job (the whole suite runs in about 4 minutes on 2 cores; 40 iterations so that each median spans
/// ~10 s of a machine whose load changes by the second), times per image, median and ratio to
/// ONNX Runtime (the baseline) per thread count, and allocations.
/// </summary>
public sealed class SeedCnnBenchmarkConfig : ManualConfig
{
    public SeedCnnBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(40)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        SummaryStyle = SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond);
        HideColumns(Column.Error, Column.StdDev, Column.RatioSD, Column.Job, Column.Gen0, Column.Gen1, Column.Gen2);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>
/// The models and data of one benchmark case: the trained seed CNN (its weights make the activations as sparse
/// as a real model's) on the first Fashion-MNIST test images.
/// </summary>
internal sealed class SeedCnnCase : IDisposable
{
    public SeedCnnCase(int images, int batch, int threads)
    {
        Batch = batch;
        float[] weights = SeedCnnFixtures.ReadFloats(Path.Combine(SeedCnnFixtures.TrainedDirectory, "weights.bin"));
        Inputs = SeedCnnFixtures.ReadTestImages(images);
        Outputs = new float[batch * 10];
        Prototype = new SeedCnnPrototype(weights, threads);
        Generated = new GeneratedSeedCnn(weights) { MaxDegreeOfParallelism = threads };
        Naive = new NaiveCnn(weights);
        Ort = new OrtSeedCnn(weights, batch, threads);
        Inputs.AsSpan(0, batch * 784).CopyTo(Ort.Input);
    }

    /// <summary>Test image <paramref name="index"/>, [28,28,1].</summary>
    public ReadOnlySpan<float> Image(int index) => Inputs.AsSpan(index * 784, 784);

    public int Batch { get; }

    public float[] Inputs { get; }

    public float[] Outputs { get; }

    public SeedCnnPrototype Prototype { get; }

    public GeneratedSeedCnn Generated { get; }

    public NaiveCnn Naive { get; }

    public OrtSeedCnn Ort { get; }

    public void Dispose() => Ort.Dispose();
}

/// <summary>
/// One image per call, a different one of 64 test images each time (the prototype skips zeros, so a fixed
/// image would let the branch predictor learn its pattern). ONNX Runtime copies the image into its bound
/// input first (784 floats, ~0.1 µs). Times are per image.
/// </summary>
[Config(typeof(SeedCnnBenchmarkConfig))]
public class Batch1
{
    private SeedCnnCase _case = null!;
    private int _next;

    /// <summary>Intra-op threads for ONNX Runtime, MaxDegreeOfParallelism for the prototype and the generated model (no effect at batch 1).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _case = new SeedCnnCase(64, 1, Threads);

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void OnnxRuntime()
    {
        _case.Image(_next).CopyTo(_case.Ort.Input);
        _case.Ort.Run();
        _next = (_next + 1) & 63;
    }

    [Benchmark(Description = "Prototype")]
    public void Prototype()
    {
        _case.Prototype.Predict(_case.Image(_next), _case.Outputs);
        _next = (_next + 1) & 63;
    }

    [Benchmark(Description = "Generated")]
    public void Generated()
    {
        _case.Generated.Predict(_case.Image(_next), _case.Outputs);
        _next = (_next + 1) & 63;
    }

    [Benchmark(Description = "Naive")]
    public void Naive()
    {
        _case.Naive.Predict(_case.Image(_next), _case.Outputs);
        _next = (_next + 1) & 63;
    }
}

/// <summary>64 images per call, split across threads. Times are per image (OperationsPerInvoke = 64).</summary>
[Config(typeof(SeedCnnBenchmarkConfig))]
public class Batch64
{
    private SeedCnnCase _case = null!;

    /// <summary>Intra-op threads for ONNX Runtime, MaxDegreeOfParallelism for the prototype and the generated model.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _case = new SeedCnnCase(64, 64, Threads);

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true, Description = "OnnxRuntime", OperationsPerInvoke = 64)]
    public void OnnxRuntime() => _case.Ort.Run();

    [Benchmark(Description = "Prototype", OperationsPerInvoke = 64)]
    public void Prototype() => _case.Prototype.Predict(_case.Inputs, _case.Outputs, 64);

    [Benchmark(Description = "Generated", OperationsPerInvoke = 64)]
    public void Generated() => _case.Generated.Predict(_case.Inputs, _case.Outputs, 64);
}
