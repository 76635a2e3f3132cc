using CnnGen;

// The Keras fixture models of shared/fixtures/keras, declared by attributes exactly as their meta.json specs say.
namespace CnnGen.Tests.Models
{
    [CnnModel]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class SeedCnn { }

    [CnnModel]
    [Input(28, 28)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class SeedDnn { }

    [CnnModel]
    [Input(29, 29, 1)]
    [Conv2D(8, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]
    [MaxPooling2D(2, Padding = Padding.Same)]
    [Conv2D(12, 4, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv2D(16, 3, Strides = 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [MaxPooling2D(2, Strides = 2, Padding = Padding.Same)]
    [Flatten]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class SameStride { }

    [CnnModel]
    [Input(40, 33, 3)]
    [Conv2D(6, 3, Activation = Activation.Relu)]
    [AveragePooling2D(2)]
    [MaxPooling2D(3, Strides = 1)]
    [MaxPooling2D(2, 3, StrideHeight = 1, StrideWidth = 2)]
    [MaxPooling2D(2, Strides = 3)]
    [AveragePooling2D(3, 2, StrideHeight = 2, StrideWidth = 1, Padding = Padding.Same)]
    [MaxPooling2D(2, Padding = Padding.Same)]
    [Flatten]
    [Dense(5, Activation = Activation.Softmax)]
    public partial class PoolVariants { }

    [CnnModel]
    [Input(7, 7, 3)]
    [Conv2D(6, 3)]
    [Conv2D(6, 1, Activation = Activation.Relu6)]
    [Conv2D(6, 1, Activation = Activation.HardSigmoid)]
    [Conv2D(6, 1, Activation = Activation.Tanh)]
    [Conv2D(6, 2, Activation = Activation.Softmax)]
    [Conv2D(6, 1, Activation = Activation.Sigmoid)]
    [Conv2D(6, 1, Activation = Activation.Relu)]
    [Flatten]
    [Dense(16, Activation = Activation.Softplus)]
    [Dense(16, Activation = Activation.Softsign)]
    [Dense(16, Activation = Activation.Elu)]
    [Dense(16, Activation = Activation.Selu)]
    [Dense(16, Activation = Activation.Swish)]
    [Dense(16, Activation = Activation.Mish)]
    [Dense(16, Activation = Activation.Gelu)]
    [Dense(16)]
    [ReLU(MaxValue = 6)]
    [Dense(16)]
    [LeakyReLU(Alpha = 0.2)]
    [ELU]
    [Activation(Activation.Tanh)]
    [ReLU]
    [Dense(8)]
    [Softmax]
    [Dense(4, Activation = Activation.Softmax)]
    public partial class Activations { }
}
