using System;

namespace CnnGen
{
    /// <summary>
    /// Keras <c>Conv1D</c>: 1-D convolution over a (steps, channels) input, kernel <c>[k, in, filters]</c>, then bias
    /// and activation.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Conv1DAttribute : LayerAttribute
    {
        /// <summary>A convolution of the given number of filters and kernel length.</summary>
        /// <param name="filters">The number of output channels (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelSize">The kernel length in steps (Keras <c>kernel_size</c>); at least 1.</param>
        public Conv1DAttribute(int filters, int kernelSize)
        {
            Filters = filters;
            KernelSize = kernelSize;
        }

        /// <summary>Number of output channels.</summary>
        public int Filters { get; }

        /// <summary>Kernel length along the steps axis.</summary>
        public int KernelSize { get; }

        /// <summary>Stride (default 1).</summary>
        public int Strides { get; set; } = 1;

        /// <summary>Valid (default) or Same; Causal is reported as not supported (CNNG105).</summary>
        public Padding Padding { get; set; }

        /// <summary>Dilation (default 1); Keras refuses dilation &gt; 1 with strides &gt; 1.</summary>
        public int DilationRate { get; set; } = 1;

        /// <summary>Whether a bias is added (default true).</summary>
        public bool UseBias { get; set; } = true;

        /// <summary>The activation applied to the output (default Linear).</summary>
        public Activation Activation { get; set; }
    }

    /// <summary>Common options of the 2-D depthwise and separable convolutions.</summary>
    public abstract class DepthwiseConvolution2DAttribute : LayerAttribute
    {
        /// <summary>A kernel of kernelHeight rows and kernelWidth columns.</summary>
        /// <param name="kernelHeight">Kernel rows; at least 1.</param>
        /// <param name="kernelWidth">Kernel columns; at least 1.</param>
        protected DepthwiseConvolution2DAttribute(int kernelHeight, int kernelWidth)
        {
            KernelHeight = kernelHeight;
            KernelWidth = kernelWidth;
        }

        /// <summary>Kernel rows.</summary>
        public int KernelHeight { get; }

        /// <summary>Kernel columns.</summary>
        public int KernelWidth { get; }

        /// <summary>Both strides at once (default 1).</summary>
        public int Strides { get => StrideHeight; set { StrideHeight = value; StrideWidth = value; } }

        /// <summary>Vertical stride (default 1).</summary>
        public int StrideHeight { get; set; } = 1;

        /// <summary>Horizontal stride (default 1).</summary>
        public int StrideWidth { get; set; } = 1;

        /// <summary>Valid (default) or Same.</summary>
        public Padding Padding { get; set; }

        /// <summary>Depthwise filters per input channel (default 1).</summary>
        public int DepthMultiplier { get; set; } = 1;

        /// <summary>Dilation in both directions (default 1); Keras refuses dilation &gt; 1 with strides &gt; 1.</summary>
        public int DilationRate { get => DilationHeight; set { DilationHeight = value; DilationWidth = value; } }

        /// <summary>Vertical dilation (default 1).</summary>
        public int DilationHeight { get; set; } = 1;

        /// <summary>Horizontal dilation (default 1).</summary>
        public int DilationWidth { get; set; } = 1;

        /// <summary>Whether a bias is added (default true).</summary>
        public bool UseBias { get; set; } = true;

        /// <summary>The activation applied to the output (default Linear).</summary>
        public Activation Activation { get; set; }
    }

    /// <summary>
    /// Keras <c>DepthwiseConv2D</c>: each input channel c is convolved with its own depth_multiplier filters
    /// (<c>depthwise_kernel [kh, kw, in, dm]</c>); output channel <c>c*dm + m</c>, then bias and activation.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DepthwiseConv2DAttribute : DepthwiseConvolution2DAttribute
    {
        /// <summary>A square kernel.</summary>
        /// <param name="kernelSize">The kernel size, in rows and columns (Keras <c>kernel_size</c>); at least 1.</param>
        public DepthwiseConv2DAttribute(int kernelSize) : base(kernelSize, kernelSize) { }

        /// <summary>A kernel of kernelHeight rows and kernelWidth columns.</summary>
        /// <param name="kernelHeight">Kernel rows; at least 1.</param>
        /// <param name="kernelWidth">Kernel columns; at least 1.</param>
        public DepthwiseConv2DAttribute(int kernelHeight, int kernelWidth) : base(kernelHeight, kernelWidth) { }
    }

    /// <summary>
    /// Keras <c>SeparableConv2D</c>: a depthwise convolution (<c>depthwise_kernel [kh, kw, in, dm]</c>, no bias), then a
    /// 1x1 convolution (<c>pointwise_kernel [1, 1, in*dm, filters]</c>), bias and activation.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SeparableConv2DAttribute : DepthwiseConvolution2DAttribute
    {
        /// <summary>A square kernel.</summary>
        /// <param name="filters">The number of output channels of the pointwise (1x1) convolution (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelSize">The kernel size, in rows and columns (Keras <c>kernel_size</c>); at least 1.</param>
        public SeparableConv2DAttribute(int filters, int kernelSize) : this(filters, kernelSize, kernelSize) { }

        /// <summary>A kernel of kernelHeight rows and kernelWidth columns.</summary>
        /// <param name="filters">The number of output channels of the pointwise (1x1) convolution (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelHeight">Kernel rows; at least 1.</param>
        /// <param name="kernelWidth">Kernel columns; at least 1.</param>
        public SeparableConv2DAttribute(int filters, int kernelHeight, int kernelWidth) : base(kernelHeight, kernelWidth) => Filters = filters;

        /// <summary>Number of output channels.</summary>
        public int Filters { get; }
    }

    /// <summary>Common options of the 1-D pooling layers.</summary>
    public abstract class Pooling1DAttribute : LayerAttribute
    {
        /// <summary>A pool of poolSize steps.</summary>
        /// <param name="poolSize">The pool length in steps (Keras <c>pool_size</c>); at least 1. The stride defaults to it.</param>
        protected Pooling1DAttribute(int poolSize)
        {
            PoolSize = poolSize;
            Strides = poolSize;
        }

        /// <summary>Pool length.</summary>
        public int PoolSize { get; }

        /// <summary>Stride (default: the pool size).</summary>
        public int Strides { get; set; }

        /// <summary>Valid (default) or Same.</summary>
        public Padding Padding { get; set; }
    }

    /// <summary>Keras <c>MaxPooling1D</c> over (steps, channels): the maximum of each window; padding ignored.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPooling1DAttribute : Pooling1DAttribute
    {
        /// <summary>A pool of poolSize steps (Keras default 2).</summary>
        /// <param name="poolSize">The pool length in steps (Keras <c>pool_size</c>, default 2); at least 1. The stride defaults to it.</param>
        public MaxPooling1DAttribute(int poolSize = 2) : base(poolSize) { }
    }

    /// <summary>Keras <c>AveragePooling1D</c> over (steps, channels): the mean of each window over its real (unpadded) cells.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AveragePooling1DAttribute : Pooling1DAttribute
    {
        /// <summary>A pool of poolSize steps (Keras default 2).</summary>
        /// <param name="poolSize">The pool length in steps (Keras <c>pool_size</c>, default 2); at least 1. The stride defaults to it.</param>
        public AveragePooling1DAttribute(int poolSize = 2) : base(poolSize) { }
    }

    /// <summary>Common options of the global pooling layers.</summary>
    public abstract class GlobalPoolingAttribute : LayerAttribute
    {
        /// <summary>Keep the pooled axes with size 1: (1, C) or (1, 1, C) instead of (C) (default false).</summary>
        public bool KeepDims { get; set; }
    }

    /// <summary>Keras <c>GlobalMaxPooling1D</c>: (steps, channels) → (channels), the maximum over the steps.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalMaxPooling1DAttribute : GlobalPoolingAttribute { }

    /// <summary>Keras <c>GlobalAveragePooling1D</c>: (steps, channels) → (channels), the mean over the steps.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalAveragePooling1DAttribute : GlobalPoolingAttribute { }

    /// <summary>Keras <c>GlobalMaxPooling2D</c>: (H, W, C) → (C), the maximum over each channel.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalMaxPooling2DAttribute : GlobalPoolingAttribute { }

    /// <summary>Keras <c>GlobalAveragePooling2D</c>: (H, W, C) → (C), the mean over each channel.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class GlobalAveragePooling2DAttribute : GlobalPoolingAttribute { }

    /// <summary>Keras <c>Reshape</c>: the same values, row-major, in another shape; no computation in the generated code.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ReshapeAttribute : LayerAttribute
    {
        /// <summary>The target shape without the batch axis; one dimension may be -1 (inferred).</summary>
        /// <param name="targetShape">The target shape without the batch axis (Keras <c>target_shape</c>); one dimension may be -1, computed from the others. It must hold as many values as the input.</param>
        public ReshapeAttribute(params int[] targetShape) => TargetShape = targetShape;

        /// <summary>The declared target shape.</summary>
        public int[] TargetShape { get; }
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

    /// <summary>Common forms of the ZeroPadding2D and Cropping2D amounts.</summary>
    public abstract class Edges2DAttribute : LayerAttribute
    {
        /// <summary>The rows at the top and bottom, and the columns at the left and right.</summary>
        /// <param name="top">Rows at the top.</param>
        /// <param name="bottom">Rows at the bottom.</param>
        /// <param name="left">Columns at the left.</param>
        /// <param name="right">Columns at the right.</param>
        protected Edges2DAttribute(int top, int bottom, int left, int right)
        {
            Top = top;
            Bottom = bottom;
            Left = left;
            Right = right;
        }

        /// <summary>Rows at the top.</summary>
        public int Top { get; }

        /// <summary>Rows at the bottom.</summary>
        public int Bottom { get; }

        /// <summary>Columns at the left.</summary>
        public int Left { get; }

        /// <summary>Columns at the right.</summary>
        public int Right { get; }
    }

    /// <summary>Keras <c>ZeroPadding2D</c>: rows and columns of zeros around an (H, W, C) input.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ZeroPadding2DAttribute : Edges2DAttribute
    {
        /// <summary><c>padding=p</c>: p on every side (Keras default 1).</summary>
        /// <param name="padding">Rows and columns of zeros added on every side (Keras <c>padding</c>, default 1).</param>
        public ZeroPadding2DAttribute(int padding = 1) : base(padding, padding, padding, padding) { }

        /// <summary><c>padding=(h, w)</c>: h rows at the top and the bottom, w columns at the left and the right.</summary>
        /// <param name="height">Rows at the top and rows at the bottom.</param>
        /// <param name="width">Columns at the left and columns at the right.</param>
        public ZeroPadding2DAttribute(int height, int width) : base(height, height, width, width) { }

        /// <summary><c>padding=((top, bottom), (left, right))</c>.</summary>
        /// <param name="top">Rows at the top.</param>
        /// <param name="bottom">Rows at the bottom.</param>
        /// <param name="left">Columns at the left.</param>
        /// <param name="right">Columns at the right.</param>
        public ZeroPadding2DAttribute(int top, int bottom, int left, int right) : base(top, bottom, left, right) { }
    }

    /// <summary>Keras <c>Cropping2D</c>: removes rows and columns at the edges of an (H, W, C) input.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Cropping2DAttribute : Edges2DAttribute
    {
        /// <summary><c>cropping=c</c>: c on every side (Keras default 0).</summary>
        /// <param name="cropping">Rows and columns removed on every side (Keras <c>cropping</c>, default 0).</param>
        public Cropping2DAttribute(int cropping = 0) : base(cropping, cropping, cropping, cropping) { }

        /// <summary><c>cropping=(h, w)</c>: h rows at the top and the bottom, w columns at the left and the right.</summary>
        /// <param name="height">Rows at the top and rows at the bottom.</param>
        /// <param name="width">Columns at the left and columns at the right.</param>
        public Cropping2DAttribute(int height, int width) : base(height, height, width, width) { }

        /// <summary><c>cropping=((top, bottom), (left, right))</c>.</summary>
        /// <param name="top">Rows at the top.</param>
        /// <param name="bottom">Rows at the bottom.</param>
        /// <param name="left">Columns at the left.</param>
        /// <param name="right">Columns at the right.</param>
        public Cropping2DAttribute(int top, int bottom, int left, int right) : base(top, bottom, left, right) { }
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
