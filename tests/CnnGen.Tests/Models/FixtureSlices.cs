using CnnGen;

// Consecutive layers of a fixture model, fully unrolled, named as in the fixture so that weights match by name. The
// input of a slice is the Keras output of the layer before it (layers/NN-*.bin), its output is compared with the
// Keras output of its last layer: every new emitter's unrolled form against Keras at a small compile cost.
namespace CnnGen.Tests.Models
{
    // batchnorm_dropout 1: BatchNormalization with nothing before it to fold into: standalone, on an image.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(16, 16, 8)]
    [BatchNormalization(Name = "batch_normalization")]
    public partial class BatchnormDropoutSlice1 { }

    // batchnorm_dropout 4-6: Conv2D without bias with a folded BatchNormalization (a derived bias).
    [CnnModel(UnrollBudget = 1000000)]
    [Input(8, 8, 8)]
    [Conv2D(16, 3, UseBias = false, Name = "conv2d_1")]
    [BatchNormalization(Momentum = 0.9, Name = "batch_normalization_1")]
    [Activation(Activation.Relu)]
    public partial class BatchnormDropoutSlice4To6 { }

    // batchnorm_dropout 10: standalone BatchNormalization on a vector, custom epsilon.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(32)]
    [BatchNormalization(Epsilon = 0.01, Name = "batch_normalization_2")]
    public partial class BatchnormDropoutSlice10 { }

    // global_pools 0: symmetric ZeroPadding2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(12, 14, 4)]
    [ZeroPadding2D(1, 1)]
    public partial class GlobalPoolsSlice0 { }

    // global_pools 2-3: asymmetric Cropping2D and ZeroPadding2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(12, 14, 8)]
    [Cropping2D(1, 2, 0, 3)]
    [ZeroPadding2D(2, 0, 1, 3)]
    public partial class GlobalPoolsSlice2To3 { }

    // global_pools 5: GlobalAveragePooling2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(9, 13, 6)]
    [GlobalAveragePooling2D]
    public partial class GlobalPoolsSlice5 { }

    // global_pools_max 1: symmetric Cropping2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(11, 9, 10)]
    [Cropping2D(1, 2)]
    public partial class GlobalPoolsMaxSlice1 { }

    // global_pools_max 3: GlobalMaxPooling2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(8, 4, 12)]
    [GlobalMaxPooling2D]
    public partial class GlobalPoolsMaxSlice3 { }

    // depthwise_separable 1-3: DepthwiseConv2D 'same' with a folded BatchNormalization, ReLU(6).
    [CnnModel(UnrollBudget = 1000000)]
    [Input(12, 12, 8)]
    [DepthwiseConv2D(3, Padding = Padding.Same, Name = "depthwise_conv2d")]
    [BatchNormalization(Name = "batch_normalization")]
    [ReLU(MaxValue = 6)]
    public partial class DepthwiseSeparableSlice1To3 { }

    // depthwise_separable 5-8: DepthwiseConv2D (stride 2, depth multiplier 2), both SeparableConv2D, GlobalAveragePooling2D.
    [CnnModel(UnrollBudget = 1000000)]
    [Input(12, 12, 16)]
    [DepthwiseConv2D(3, Strides = 2, DepthMultiplier = 2, Activation = Activation.Relu, Name = "depthwise_conv2d_1")]
    [SeparableConv2D(12, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = "separable_conv2d")]
    [SeparableConv2D(8, 3, 2, DepthMultiplier = 2, UseBias = false, Name = "separable_conv2d_1")]
    [GlobalAveragePooling2D]
    public partial class DepthwiseSeparableSlice5To8 { }
}
