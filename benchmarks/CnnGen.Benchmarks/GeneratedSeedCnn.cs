using CnnGen;

namespace CnnGen.Benchmarks;

/// <summary>The seed CNN as CnnGen generates it: what a consumer gets from these attributes.</summary>
[CnnModel]
[Input(28, 28, 1)]
[Conv2D(64, 3, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation = Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation = Activation.Relu)]
[Dense(10, Activation = Activation.Softmax)]
public partial class GeneratedSeedCnn
{
}
