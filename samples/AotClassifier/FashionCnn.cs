using CnnGen;

namespace AotClassifier
{
    /// <summary>
    /// The CNN of the TensorFlow Fashion-MNIST tutorial with the weights Keras trained baked into the assembly:
    /// <c>Weights</c> names the TF.js shard, read as raw float32 in Keras order (what the shard of a model without
    /// BatchNormalization holds).
    /// <c>new FashionCnn()</c> reads no file.
    /// </summary>
    /// <remarks>Input: one 28x28 greyscale image, NHWC, pixel / 255. Output: the probability of each of the 10 classes.</remarks>
    [CnnModel(Weights = "../FashionMnist/data/weights.bin")]
    [Input(28, 28, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class FashionCnn { }
}
