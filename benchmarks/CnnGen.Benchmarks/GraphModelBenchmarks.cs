using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CnnGen.Benchmarks;

/// <summary>
/// The seed CNN's short job and columns (<see cref="SeedCnnBenchmarkConfig"/>: median, per-image times in µs, ratio to
/// the baseline, allocations), plus <see cref="OrtOverGeneratedColumn"/>: how many times faster than ONNX Runtime.
/// </summary>
public sealed class GraphModelBenchmarkConfig : ManualConfig
{
    public GraphModelBenchmarkConfig()
    {
        Add(new SeedCnnBenchmarkConfig());
        AddColumn(new OrtOverGeneratedColumn());
    }
}

/// <summary>
/// <c>ORT/Generated</c>: the baseline's (ONNX Runtime's) median over this row's median, in the same parameter group;
/// above 1 the row is faster than ONNX Runtime. The inverse of BenchmarkDotNet's Ratio, which is row over baseline.
/// </summary>
public sealed class OrtOverGeneratedColumn : IColumn
{
    public string Id => nameof(OrtOverGeneratedColumn);

    public string ColumnName => "ORT/Generated";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "ONNX Runtime's median time over this row's (above 1: faster than ONNX Runtime)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkCase? baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        double? row = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? reference = baseline == null ? null : summary[baseline]?.ResultStatistics?.Median;
        return row is > 0 && reference is > 0
            ? (reference.Value / row.Value).ToString("0.00", CultureInfo.InvariantCulture)
            : "?";
    }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(summary.IsBaseline);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

/// <summary>
/// The Keras functional fixtures <c>resnet_basic</c> (32x32x3, residual blocks) and <c>mobilenetv2_blocks</c> (16x16x3,
/// inverted residuals with depthwise convolutions): the CnnGen-generated model against ONNX Runtime 1.31.1 (the baseline)
/// on the graph <see cref="Onnx.KerasGraphOnnx"/> builds, both on one thread (MaxDegreeOfParallelism 1, intra-op threads 1).
/// Every invocation processes the same 64 images (the fixture's 4 inputs repeated): one batch of 64, or 64 calls of
/// batch 1 (ONNX Runtime copies each image into its bound input first). Times are per image (OperationsPerInvoke = 64).
/// Setup runs the gate of <see cref="GraphModelCase"/>: both sides must give Keras' outputs, or nothing is timed.
/// Quick run: <c>--filter '*GraphModel*'</c>; <c>timing graphs</c> is the Stopwatch equivalent.
/// </summary>
[Config(typeof(GraphModelBenchmarkConfig))]
public class GraphModelBenchmarks
{
    private GraphModelCase _case = null!;

    /// <summary>The fixture in shared/fixtures/keras-functional.</summary>
    [Params("resnet_basic", "mobilenetv2_blocks")]
    public string Model { get; set; } = "";

    /// <summary>Images per Predict / Run call.</summary>
    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup() => _case = new GraphModelCase(Model, Batch);

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true, Description = "OnnxRuntime", OperationsPerInvoke = GraphModelCase.ImagesPerInvoke)]
    public void OnnxRuntime() => _case.RunOrt();

    [Benchmark(Description = "Generated", OperationsPerInvoke = GraphModelCase.ImagesPerInvoke)]
    public void Generated() => _case.RunGenerated();
}
