using CnnGen;

namespace LegacyConsumer
{
    /// <summary>The tutorial CNN: loops kept (above the unroll budget).</summary>
    [CnnModel]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class FashionCnn { }

    /// <summary>A small model: fully unrolled, with every activation helper and 'same' padding.</summary>
    [CnnModel]
    [Input(6, 6, 2)]
    [Conv2D(3, 3, Padding = Padding.Same, Activation = Activation.Gelu)]
    [AveragePooling2D(2, Padding = Padding.Same)]
    [Conv2D(2, 2, Activation = Activation.LogSoftmax)]
    [Flatten]
    [Dropout(0.5)]
    [Dense(8, Activation = Activation.Mish)]
    [Dense(8, Activation = Activation.Selu)]
    [Dense(8, Activation = Activation.Softplus)]
    [ReLU(MaxValue = 2, NegativeSlope = 0.1, Threshold = 0.5)]
    [LeakyReLU]
    [ELU(Alpha = 0.5)]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class Everything { }

    /// <summary>The same, with loops.</summary>
    [CnnModel(UnrollBudget = 0)]
    [Input(6, 6, 2)]
    [Conv2D(3, 3, Padding = Padding.Same, Activation = Activation.Gelu)]
    [AveragePooling2D(2, Padding = Padding.Same)]
    [Conv2D(2, 2, Activation = Activation.LogSoftmax)]
    [Flatten]
    [Dense(8, Activation = Activation.Mish)]
    [Softmax]
    public partial class EverythingLooped { }
}

namespace LegacyConsumer
{
    /// <summary>Embedded weights on C# 7.3: 10 raw float32 (4*2 kernel, 2 bias) baked in; <c>new Embedded()</c> reads no file.</summary>
    [CnnModel(Weights = "tiny-weights.bin")]
    [Input(4)]
    [Dense(2, Activation = Activation.Softmax)]
    public partial class Embedded { }
}
