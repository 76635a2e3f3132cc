using System;

// Core layers: Dense, Activation; regularization (Dropout, SpatialDropout1D/2D) and normalization (BatchNormalization); preprocessing (Rescaling).
namespace CnnGen
{
    /// <summary>Keras <c>Dense</c>: y = x·K + b over the last axis, then the activation.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : LayerAttribute
    {
        /// <summary>A dense layer of the given width.</summary>
        /// <param name="units">The number of outputs (Keras <c>units</c>); at least 1.</param>
        public DenseAttribute(int units) => Units = units;

        /// <summary>Output width.</summary>
        public int Units { get; }

        /// <summary>Whether a bias is added (default true).</summary>
        public bool UseBias { get; set; } = true;

        /// <summary>The activation applied to the output (default Linear).</summary>
        public Activation Activation { get; set; }
    }

    /// <summary>Keras <c>Activation</c>: applies an activation function element-wise (softmax over the last axis).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ActivationAttribute : LayerAttribute
    {
        /// <summary>An activation layer.</summary>
        /// <param name="activation">The function applied elementwise (Keras <c>activation</c>).</param>
        public ActivationAttribute(Activation activation) => Activation = activation;

        /// <summary>The function applied.</summary>
        public Activation Activation { get; }
    }

    /// <summary>Keras <c>Dropout</c>: the identity at inference.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DropoutAttribute : LayerAttribute
    {
        /// <summary>A dropout layer; rate must be in [0, 1).</summary>
        /// <param name="rate">The fraction of inputs Keras drops while training, in [0, 1); the layer is the identity at inference.</param>
        public DropoutAttribute(double rate) => Rate = rate;

        /// <summary>The fraction of inputs dropped while training.</summary>
        public double Rate { get; }
    }

    /// <summary>Keras <c>SpatialDropout1D</c>: drops whole channels while training; the identity at inference.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SpatialDropout1DAttribute : LayerAttribute
    {
        /// <summary>A spatial dropout layer; rate must be in [0, 1).</summary>
        /// <param name="rate">The fraction of inputs Keras drops while training, in [0, 1); the layer is the identity at inference.</param>
        public SpatialDropout1DAttribute(double rate) => Rate = rate;

        /// <summary>The fraction of channels dropped while training.</summary>
        public double Rate { get; }
    }

    /// <summary>Keras <c>SpatialDropout2D</c>: drops whole channels while training; the identity at inference.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SpatialDropout2DAttribute : LayerAttribute
    {
        /// <summary>A spatial dropout layer; rate must be in [0, 1).</summary>
        /// <param name="rate">The fraction of inputs Keras drops while training, in [0, 1); the layer is the identity at inference.</param>
        public SpatialDropout2DAttribute(double rate) => Rate = rate;

        /// <summary>The fraction of channels dropped while training.</summary>
        public double Rate { get; }
    }

    /// <summary>
    /// Keras <c>BatchNormalization</c> at inference: <c>gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta</c>
    /// over the last axis. Weights in <c>get_weights()</c> order: gamma (if Scale), beta (if Center), moving_mean,
    /// moving_variance (the last two non-trainable). Folded into the layer before it when that is a convolution or
    /// Dense with a linear activation.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class BatchNormalizationAttribute : LayerAttribute
    {
        /// <summary>The normalized axis; only -1 (the last) is supported.</summary>
        public int Axis { get; set; } = -1;

        /// <summary>Added to the variance (default 0.001).</summary>
        public double Epsilon { get; set; } = 0.001;

        /// <summary>Whether there is a beta offset (default true).</summary>
        public bool Center { get; set; } = true;

        /// <summary>Whether there is a gamma multiplier (default true).</summary>
        public bool Scale { get; set; } = true;

        /// <summary>Keras' moving-average momentum (default 0.99): used only in training, so the generated code ignores it.</summary>
        public double Momentum { get; set; } = 0.99;
    }

    /// <summary>Keras <c>Rescaling</c>: <c>x * scale + offset</c>, element-wise.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class RescalingAttribute : LayerAttribute
    {
        /// <summary>A rescaling layer, e.g. <c>[Rescaling(1.0 / 255)]</c>.</summary>
        /// <param name="scale">The factor: y = x · scale + Offset (Keras <c>scale</c>), e.g. 1.0 / 255.</param>
        public RescalingAttribute(double scale) => Scale = scale;

        /// <summary>The multiplier.</summary>
        public double Scale { get; }

        /// <summary>Added after scaling (default 0).</summary>
        public double Offset { get; set; }
    }
}
