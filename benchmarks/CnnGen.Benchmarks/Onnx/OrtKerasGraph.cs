using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// The ONNX Runtime peer of a Keras functional model: the graph <see cref="KerasGraphOnnx"/> builds, one session per
/// batch size, set up as <see cref="OrtSeedCnn"/> is (all graph optimizations, sequential execution,
/// <c>intraOpThreads</c> threads, input and output bound once through IOBinding over preallocated pinned arrays, so
/// that a run is one native call).
/// </summary>
internal sealed class OrtKerasGraph : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _outputValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();

    public OrtKerasGraph(KerasGraphOnnx model, int batchSize, int intraOpThreads)
    {
        BatchSize = batchSize;
        InputLength = model.InputLength;
        OutputLength = model.OutputLength;
        Input = GC.AllocateArray<float>(batchSize * InputLength, pinned: true);
        Output = GC.AllocateArray<float>(batchSize * OutputLength, pinned: true);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(model.Build(batchSize), options);
        _inputValue = OrtValue.CreateTensorValueFromMemory(Input, [batchSize, .. model.InputShape.Select(d => (long)d)]);
        _outputValue = OrtValue.CreateTensorValueFromMemory(Output, [batchSize, .. model.OutputShape.Select(d => (long)d)]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput(KerasGraphOnnx.InputName, _inputValue);
        _binding.BindOutput(KerasGraphOnnx.OutputName, _outputValue);
        _binding.SynchronizeBoundInputs();
    }

    public int BatchSize { get; }

    /// <summary>Floats in one input sample.</summary>
    public int InputLength { get; }

    /// <summary>Floats in one output sample.</summary>
    public int OutputLength { get; }

    /// <summary>The bound input, [N, ...Keras input shape] (NHWC): fill it, then <see cref="Run"/>.</summary>
    public float[] Input { get; }

    /// <summary>The bound output, [N, ...Keras output shape].</summary>
    public float[] Output { get; }

    /// <summary>Runs the model on <see cref="Input"/> into <see cref="Output"/>.</summary>
    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    /// <summary>Copies <see cref="BatchSize"/> samples of <paramref name="inputs"/> in, runs, copies the outputs out.</summary>
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
