namespace CnnGen
{
    /// <summary>
    /// Keras activation functions, computed as Keras (TensorFlow 2.x) defines them. The generated code applies
    /// them in float32 after computing in double where the function is transcendental.
    /// </summary>
    public enum Activation
    {
        /// <summary>x.</summary>
        Linear,
        /// <summary>max(x, 0).</summary>
        Relu,
        /// <summary>min(max(x, 0), 6).</summary>
        Relu6,
        /// <summary>1 / (1 + e^-x).</summary>
        Sigmoid,
        /// <summary>clip(0.2x + 0.5, 0, 1): the Keras 2 definition.</summary>
        HardSigmoid,
        /// <summary>tanh(x).</summary>
        Tanh,
        /// <summary>e^(x - max) / sum e^(x - max) over the last axis.</summary>
        Softmax,
        /// <summary>x - max - log(sum e^(x - max)) over the last axis.</summary>
        LogSoftmax,
        /// <summary>log(1 + e^x).</summary>
        Softplus,
        /// <summary>x / (1 + |x|).</summary>
        Softsign,
        /// <summary>x &gt; 0 ? x : e^x - 1.</summary>
        Elu,
        /// <summary>1.0507009873554805 * (x &gt; 0 ? x : 1.6732632423543772 * (e^x - 1)).</summary>
        Selu,
        /// <summary>x * sigmoid(x) (Keras' silu).</summary>
        Swish,
        /// <summary>x * tanh(softplus(x)).</summary>
        Mish,
        /// <summary>0.5 x (1 + erf(x / sqrt 2)): the exact form.</summary>
        Gelu,
        /// <summary>e^x.</summary>
        Exponential,
        /// <summary>Keras 3 hard_silu (alias hard_swish): x · relu6(x + 3) / 6.</summary>
        HardSwish,
    }

    /// <summary>Keras padding modes of convolution and pooling.</summary>
    public enum Padding
    {
        /// <summary>No padding: out = floor((in - dilation*(k-1) - 1) / stride) + 1.</summary>
        Valid,
        /// <summary>Zero padding (ignored by pooling): out = ceil(in / stride), split with the smaller half first.</summary>
        Same,
        /// <summary>Conv1D only: dilation*(k-1) zeros before the sequence, none after. Not supported yet: the generator reports CNNG105.</summary>
        Causal,
    }

    /// <summary>How UpSampling2D fills the new rows and columns.</summary>
    public enum Interpolation
    {
        /// <summary>Each input value repeated (Keras' default).</summary>
        Nearest,
        /// <summary>Bilinear, with half-pixel centers, as Keras' tf.image.resize computes it.</summary>
        Bilinear,
    }
}
