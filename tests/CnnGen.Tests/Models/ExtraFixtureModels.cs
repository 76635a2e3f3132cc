using CnnGen;

// The models of Fixtures/keras-extra (layer options the shared fixtures do not exercise), each as declared, fully
// unrolled and looped. The variants of image_misc also insert a SpatialDropout2D (the identity at inference; tfjs has
// no such layer) after the Cropping2D, at index 4.
namespace CnnGen.Tests.Models
{
    [CnnModel]
    [Input(16, 3)]
    [Conv1D(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv1D(5, 2, DilationRate = 2, Padding = Padding.Same, UseBias = false)]
    [BatchNormalization(Center = false)]
    [AveragePooling1D(3, Strides = 2, Padding = Padding.Same)]
    [MaxPooling1D(2, Strides = 1)]
    [SpatialDropout1D(0.3)]
    [GlobalMaxPooling1D]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class Conv1DVariants { }

    [CnnModel(UnrollBudget = 1000000)]
    [Input(16, 3)]
    [Conv1D(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv1D(5, 2, DilationRate = 2, Padding = Padding.Same, UseBias = false)]
    [BatchNormalization(Center = false)]
    [AveragePooling1D(3, Strides = 2, Padding = Padding.Same)]
    [MaxPooling1D(2, Strides = 1)]
    [SpatialDropout1D(0.3)]
    [GlobalMaxPooling1D]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class Conv1DVariantsUnrolled { }

    [CnnModel(UnrollBudget = 0)]
    [Input(16, 3)]
    [Conv1D(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv1D(5, 2, DilationRate = 2, Padding = Padding.Same, UseBias = false)]
    [BatchNormalization(Center = false)]
    [AveragePooling1D(3, Strides = 2, Padding = Padding.Same)]
    [MaxPooling1D(2, Strides = 1)]
    [SpatialDropout1D(0.3)]
    [GlobalMaxPooling1D]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class Conv1DVariantsLooped { }

    [CnnModel]
    [Input(9, 4)]
    [Dense(6, Activation = Activation.Relu)]
    [AveragePooling1D(2)]
    [MaxPooling1D(3, Strides = 1, Padding = Padding.Same)]
    [Conv1D(3, 3, Activation = Activation.Tanh)]
    [BatchNormalization(Scale = false, Epsilon = 0.005)]
    [GlobalAveragePooling1D]
    public partial class SequenceHead { }

    [CnnModel(UnrollBudget = 1000000)]
    [Input(9, 4)]
    [Dense(6, Activation = Activation.Relu)]
    [AveragePooling1D(2)]
    [MaxPooling1D(3, Strides = 1, Padding = Padding.Same)]
    [Conv1D(3, 3, Activation = Activation.Tanh)]
    [BatchNormalization(Scale = false, Epsilon = 0.005)]
    [GlobalAveragePooling1D]
    public partial class SequenceHeadUnrolled { }

    [CnnModel(UnrollBudget = 0)]
    [Input(9, 4)]
    [Dense(6, Activation = Activation.Relu)]
    [AveragePooling1D(2)]
    [MaxPooling1D(3, Strides = 1, Padding = Padding.Same)]
    [Conv1D(3, 3, Activation = Activation.Tanh)]
    [BatchNormalization(Scale = false, Epsilon = 0.005)]
    [GlobalAveragePooling1D]
    public partial class SequenceHeadLooped { }

    [CnnModel]
    [Input(7, 9, 2)]
    [ZeroPadding2D(2)]
    [DepthwiseConv2D(3, 2, Strides = 2, DepthMultiplier = 3, UseBias = false)]
    [BatchNormalization(Center = false, Scale = false)]
    [Cropping2D(1)]
    [SeparableConv2D(4, 2, 3, DilationRate = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Dense(5, Activation = Activation.Elu)]
    [BatchNormalization]
    [GlobalMaxPooling2D]
    [Rescaling(-2, Offset = 0.5)]
    [Reshape(-1, 1)]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class ImageMisc { }

    [CnnModel(UnrollBudget = 1000000)]
    [Input(7, 9, 2)]
    [ZeroPadding2D(2)]
    [DepthwiseConv2D(3, 2, Strides = 2, DepthMultiplier = 3, UseBias = false)]
    [BatchNormalization(Center = false, Scale = false)]
    [Cropping2D(1)]
    [SpatialDropout2D(0.2)]
    [SeparableConv2D(4, 2, 3, DilationRate = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Dense(5, Activation = Activation.Elu)]
    [BatchNormalization]
    [GlobalMaxPooling2D]
    [Rescaling(-2, Offset = 0.5)]
    [Reshape(-1, 1)]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class ImageMiscUnrolled { }

    [CnnModel(UnrollBudget = 0)]
    [Input(7, 9, 2)]
    [ZeroPadding2D(2)]
    [DepthwiseConv2D(3, 2, Strides = 2, DepthMultiplier = 3, UseBias = false)]
    [BatchNormalization(Center = false, Scale = false)]
    [Cropping2D(1)]
    [SpatialDropout2D(0.2)]
    [SeparableConv2D(4, 2, 3, DilationRate = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [Dense(5, Activation = Activation.Elu)]
    [BatchNormalization]
    [GlobalMaxPooling2D]
    [Rescaling(-2, Offset = 0.5)]
    [Reshape(-1, 1)]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class ImageMiscLooped { }

    // Winograd F(4x4,3x3) on the SIMD paths: 'same' relu with tiles past the edges, 'valid' without bias with a folded
    // BatchNormalization, 'same' linear with a fused MaxPooling2D. The looped declaration is the same form
    // (the model is far above the default unroll budget); the scalar path and C# 7.3 run the direct convolution.
    [CnnModel]
    [Input(9, 11, 16)]
    [Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv2D(32, 3, UseBias = false)]
    [BatchNormalization]
    [Conv2D(16, 3, Padding = Padding.Same)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(5, Activation = Activation.Softmax)]
    public partial class WinogradConvs { }

    // Conv2D + MaxPooling2D computed together: a (2, 3) pool after 8 channels (Vector256 and narrower), a 2x2 pool after
    // 20 channels (one Vector512 and 4 channels one by one). Unrolled, the same layers are computed apart.
    [CnnModel]
    [Input(12, 12, 3)]
    [Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [MaxPooling2D(2, 3)]
    [Conv2D(20, 3, 2)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(4)]
    public partial class FusedPools { }

    [CnnModel(UnrollBudget = 1000000)]
    [Input(12, 12, 3)]
    [Conv2D(8, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [MaxPooling2D(2, 3)]
    [Conv2D(20, 3, 2)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(4)]
    public partial class FusedPoolsUnrolled { }
}
