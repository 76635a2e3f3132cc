using CnnGen;

// The Keras fixture models added with the wider layer set, declared exactly as their meta.json specs say.
namespace CnnGen.Tests.Models
{
    [CnnModel]
    [Input(32, 32, 3)]
    [Conv2D(16, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv2D(16, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(32, 5, Activation = Activation.Relu)]
    [Conv2D(32, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(64, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class RgbBlocks { }

    [CnnModel]
    [Input(16, 16, 3)]
    [Conv2D(8, 3, Padding = Padding.Same, UseBias = false)]
    [BatchNormalization]
    [ReLU]
    [MaxPooling2D(2)]
    [Conv2D(16, 3, UseBias = false)]
    [BatchNormalization(Momentum = 0.9)]
    [Activation(Activation.Relu)]
    [Dropout(0.25)]
    [Flatten]
    [Dense(32, Activation = Activation.Relu)]
    [BatchNormalization(Epsilon = 0.01)]
    [Dropout(0.5)]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class BatchnormDropout { }

    [CnnModel]
    [Input(12, 14, 4)]
    [ZeroPadding2D(1, 1)]
    [Conv2D(8, 3, Activation = Activation.Relu)]
    [Cropping2D(1, 2, 0, 3)]
    [ZeroPadding2D(2, 0, 1, 3)]
    [Conv2D(6, 3)]
    [GlobalAveragePooling2D]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class GlobalPools { }

    [CnnModel]
    [Input(11, 9, 2)]
    [Conv2D(10, 3, Padding = Padding.Same, Activation = Activation.Tanh)]
    [Cropping2D(1, 2)]
    [Conv2D(12, 2)]
    [GlobalMaxPooling2D]
    [Dense(6, Activation = Activation.Relu)]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class GlobalPoolsMax { }

    [CnnModel]
    [Input(20, 30, 2)]
    [Conv2D(4, 3, 1, UseBias = false, Activation = Activation.Relu)]
    [Conv2D(6, 1, 5, UseBias = false)]
    [Conv2D(8, 3, DilationRate = 2, Activation = Activation.Relu)]
    [Conv2D(4, 3, 2, DilationHeight = 2, DilationWidth = 3, Padding = Padding.Same, UseBias = false)]
    [MaxPooling2D(2, 3)]
    [Flatten]
    [Dense(6, Activation = Activation.Softmax)]
    public partial class NonsquareDilated { }

    [CnnModel]
    [Input(24, 24, 3)]
    [Conv2D(8, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [DepthwiseConv2D(3, Padding = Padding.Same)]
    [BatchNormalization]
    [ReLU(MaxValue = 6)]
    [Conv2D(16, 1, Activation = Activation.Relu)]
    [DepthwiseConv2D(3, Strides = 2, DepthMultiplier = 2, Activation = Activation.Relu)]
    [SeparableConv2D(12, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [SeparableConv2D(8, 3, 2, DepthMultiplier = 2, UseBias = false)]
    [GlobalAveragePooling2D]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class DepthwiseSeparable { }

    [CnnModel]
    [Input(10, 12, 1)]
    [Rescaling(0.5, Offset = 0.25)]
    [Reshape(12, 10)]
    [Conv1D(6, 3, Activation = Activation.Relu)]
    [MaxPooling1D(2)]
    [Flatten]
    [Dense(12, Activation = Activation.Tanh)]
    [Reshape(2, 2, 3)]
    [Conv2D(4, 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Flatten]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class ReshapeMisc { }
}
