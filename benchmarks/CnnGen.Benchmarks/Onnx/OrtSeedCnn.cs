using System;
using Microsoft.ML.OnnxRuntime;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// The ONNX Runtime peer: the seed CNN built in code (<see cref="SeedCnnOnnxModel"/>), one session per batch
/// size, all graph optimizations, sequential execution, <c>intraOpThreads</c> threads, input and output bound
/// once (IOBinding over preallocated pinned arrays) so that a run is one native call.
/// </summary>
public sealed class OrtSeedCnn : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public OrtSeedCnn(ReadOnlySpan<float> weights, int batchSize, int intraOpThreads)
    {
        BatchSize = batchSize;
        Input = GC.AllocateArray<float>(batchSize * 784, pinned: true);
        Output = GC.AllocateArray<float>(batchSize * 10, pinned: true);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(SeedCnnOnnxModel.Build(weights, batchSize), options);
        _inputValue = OrtValue.CreateTensorValueFromMemory(Input, [batchSize, 28, 28, 1]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(Output, [batchSize, 10]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _inputValue);
        _binding.BindOutput("output", _outputValue);
        _binding.SynchronizeBoundInputs();
    }

    public int BatchSize { get; }

    /// <summary>The bound input, [N,28,28,1]: fill it, then <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The bound output, [N,10].</summary>
    public float[] Output { get; }

    /// <summary>Runs the model on <see cref="Input"/> into <see cref="Output"/>.</summary>
    public void Run()
    {
        _session.RunWithBinding(_runOptions, _binding);
    }

    /// <summary>Copies <paramref name="inputs"/> in, runs, copies the probabilities out.</summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        inputs.Slice(0, Input.Length).CopyTo(Input);
        Run();
        Output.AsSpan().CopyTo(outputs);
    }

    public void Dispose()
    {
        _binding.Dispose();
        _inputValue.Dispose();
        _outputValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
