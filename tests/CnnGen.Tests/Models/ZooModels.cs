using CnnGen;

// The benchmark zoo's models (benchmarks/zoo: channel counts 1-48 that are not multiples of 16, made by TF.js Layers
// 4.22), declared by their model.json with the weights embedded, as perf-zoo compiles them.
namespace CnnGen.Tests.Models
{
    [CnnModel(Spec = "../../benchmarks/zoo/cifar_24/model.json", Weights = "../../benchmarks/zoo/cifar_24/weights.bin")]
    public partial class ZooCifar24 { }

    [CnnModel(Spec = "../../benchmarks/zoo/narrow_3/model.json", Weights = "../../benchmarks/zoo/narrow_3/weights.bin")]
    public partial class ZooNarrow3 { }

    [CnnModel(Spec = "../../benchmarks/zoo/mlp_50/model.json", Weights = "../../benchmarks/zoo/mlp_50/weights.bin")]
    public partial class ZooMlp50 { }

    [CnnModel(Spec = "../../benchmarks/zoo/mixed_12/model.json", Weights = "../../benchmarks/zoo/mixed_12/weights.bin")]
    public partial class ZooMixed12 { }

    [CnnModel(Spec = "../../benchmarks/zoo/sensor_conv1d/model.json", Weights = "../../benchmarks/zoo/sensor_conv1d/weights.bin")]
    public partial class ZooSensorConv1d { }

    [CnnModel(Spec = "../../benchmarks/zoo/strided_40/model.json", Weights = "../../benchmarks/zoo/strided_40/weights.bin")]
    public partial class ZooStrided40 { }
}
