using System.Collections.Generic;
using CnnGen;

namespace FashionMnist
{
    /// <summary>
    /// The CNN of the TensorFlow Fashion-MNIST tutorial: two 3x3 convolutions with 2x2 max pooling, then two dense
    /// layers. The attributes are the whole declaration; CnnGen generates <c>Summary</c>, <c>LoadTfjs</c>,
    /// <c>Predict</c> and the shape constants at compile time.
    /// </summary>
    /// <remarks>Input: one 28x28 greyscale image, NHWC, pixel / 255. Output: the probability of each of the 10 classes.</remarks>
    [CnnModel]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class FashionCnn
    {
        /// <summary>The Fashion-MNIST class names, indexed by label (and so by output position).</summary>
        public static IReadOnlyList<string> ClassNames { get; } = new[]
        {
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
        };
    }
}
