using CnnGen;

// The fixture models with new layer kinds with every outer loop kept, and reshape_misc (small) fully unrolled. The
// unrolled forms of the other new emitters are checked on slices of the fixtures (FixtureSlices.cs): unrolled whole
// models of 100k statements each cost minutes of compile time.
namespace CnnGen.Tests.Models
{
    [CnnModel(UnrollBudget = 0)]
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
    public partial class BatchnormDropoutLooped { }

    // batchnorm_dropout with a Dropout (the identity at inference, no weights) between each Conv2D and its
    // BatchNormalization: nothing is folded, so the standalone BatchNormalization runs on images too.
    [CnnModel(UnrollBudget = 0)]
    [Input(16, 16, 3)]
    [Conv2D(8, 3, Padding = Padding.Same, UseBias = false)]
    [Dropout(0)]
    [BatchNormalization]
    [ReLU]
    [MaxPooling2D(2)]
    [Conv2D(16, 3, UseBias = false)]
    [Dropout(0)]
    [BatchNormalization(Momentum = 0.9)]
    [Activation(Activation.Relu)]
    [Dropout(0.25)]
    [Flatten]
    [Dense(32, Activation = Activation.Relu)]
    [BatchNormalization(Epsilon = 0.01)]
    [Dropout(0.5)]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class BatchnormDropoutUnfoldedLooped { }

    [CnnModel(UnrollBudget = 0)]
    [Input(12, 14, 4)]
    [ZeroPadding2D(1, 1)]
    [Conv2D(8, 3, Activation = Activation.Relu)]
    [Cropping2D(1, 2, 0, 3)]
    [ZeroPadding2D(2, 0, 1, 3)]
    [Conv2D(6, 3)]
    [GlobalAveragePooling2D]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class GlobalPoolsLooped { }

    [CnnModel(UnrollBudget = 0)]
    [Input(11, 9, 2)]
    [Conv2D(10, 3, Padding = Padding.Same, Activation = Activation.Tanh)]
    [Cropping2D(1, 2)]
    [Conv2D(12, 2)]
    [GlobalMaxPooling2D]
    [Dense(6, Activation = Activation.Relu)]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class GlobalPoolsMaxLooped { }

    [CnnModel(UnrollBudget = 0)]
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
    public partial class DepthwiseSeparableLooped { }

    // depthwise_separable with a Dropout between the DepthwiseConv2D and its BatchNormalization: not folded.
    [CnnModel(UnrollBudget = 0)]
    [Input(24, 24, 3)]
    [Conv2D(8, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [DepthwiseConv2D(3, Padding = Padding.Same)]
    [Dropout(0)]
    [BatchNormalization]
    [ReLU(MaxValue = 6)]
    [Conv2D(16, 1, Activation = Activation.Relu)]
    [DepthwiseConv2D(3, Strides = 2, DepthMultiplier = 2, Activation = Activation.Relu)]
    [SeparableConv2D(12, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [SeparableConv2D(8, 3, 2, DepthMultiplier = 2, UseBias = false)]
    [GlobalAveragePooling2D]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class DepthwiseSeparableUnfolded { }

    [CnnModel(UnrollBudget = 1000000)]
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
    public partial class ReshapeMiscUnrolled { }

    [CnnModel(UnrollBudget = 0)]
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
    public partial class ReshapeMiscLooped { }
}
