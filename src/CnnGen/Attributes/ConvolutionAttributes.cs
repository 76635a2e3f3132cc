using System;

// Convolution layers: Conv2D, Conv1D, DepthwiseConv2D, SeparableConv2D.
namespace CnnGen
{
    /// <summary>Keras <c>Conv2D</c>: 2-D convolution over an (H, W, C) input, kernel HWIO, then bias and activation.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Conv2DAttribute : LayerAttribute
    {
        /// <summary>A square kernel.</summary>
        /// <param name="filters">The number of output channels (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelSize">The kernel size, in rows and columns (Keras <c>kernel_size</c>); at least 1.</param>
        public Conv2DAttribute(int filters, int kernelSize) : this(filters, kernelSize, kernelSize) { }

        /// <summary>A kernel of kernelHeight rows and kernelWidth columns.</summary>
        /// <param name="filters">The number of output channels (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelHeight">Kernel rows; at least 1.</param>
        /// <param name="kernelWidth">Kernel columns; at least 1.</param>
        public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth)
        {
            Filters = filters;
            KernelHeight = kernelHeight;
            KernelWidth = kernelWidth;
        }

        /// <summary>Number of output channels.</summary>
        public int Filters { get; }

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
}
