using System;

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

    /// <summary>Common options of the 2-D pooling layers.</summary>
    public abstract class Pooling2DAttribute : LayerAttribute
    {
        /// <summary>A pool of poolHeight rows and poolWidth columns.</summary>
        /// <param name="poolHeight">Pool rows; at least 1. The vertical stride defaults to it.</param>
        /// <param name="poolWidth">Pool columns; at least 1. The horizontal stride defaults to it.</param>
        protected Pooling2DAttribute(int poolHeight, int poolWidth)
        {
            PoolHeight = poolHeight;
            PoolWidth = poolWidth;
            StrideHeight = poolHeight;
            StrideWidth = poolWidth;
        }

        /// <summary>Pool rows.</summary>
        public int PoolHeight { get; }

        /// <summary>Pool columns.</summary>
        public int PoolWidth { get; }

        /// <summary>Both strides at once (default: the pool size).</summary>
        public int Strides { get => StrideHeight; set { StrideHeight = value; StrideWidth = value; } }

        /// <summary>Vertical stride (default: the pool height).</summary>
        public int StrideHeight { get; set; }

        /// <summary>Horizontal stride (default: the pool width).</summary>
        public int StrideWidth { get; set; }

        /// <summary>Valid (default) or Same.</summary>
        public Padding Padding { get; set; }
    }

    /// <summary>Keras <c>MaxPooling2D</c>: the maximum of each window; padding cells are ignored.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaxPooling2DAttribute : Pooling2DAttribute
    {
        /// <summary>A square pool.</summary>
        /// <param name="poolSize">The pool size, in rows and columns (Keras <c>pool_size</c>); at least 1. The strides default to it.</param>
        public MaxPooling2DAttribute(int poolSize) : base(poolSize, poolSize) { }

        /// <summary>A pool of poolHeight rows and poolWidth columns.</summary>
        /// <param name="poolHeight">Pool rows; at least 1. The vertical stride defaults to it.</param>
        /// <param name="poolWidth">Pool columns; at least 1. The horizontal stride defaults to it.</param>
        public MaxPooling2DAttribute(int poolHeight, int poolWidth) : base(poolHeight, poolWidth) { }
    }

    /// <summary>Keras <c>AveragePooling2D</c>: the mean of each window over its real (unpadded) cells.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AveragePooling2DAttribute : Pooling2DAttribute
    {
        /// <summary>A square pool.</summary>
        /// <param name="poolSize">The pool size, in rows and columns (Keras <c>pool_size</c>); at least 1. The strides default to it.</param>
        public AveragePooling2DAttribute(int poolSize) : base(poolSize, poolSize) { }

        /// <summary>A pool of poolHeight rows and poolWidth columns.</summary>
        /// <param name="poolHeight">Pool rows; at least 1. The vertical stride defaults to it.</param>
        /// <param name="poolWidth">Pool columns; at least 1. The horizontal stride defaults to it.</param>
        public AveragePooling2DAttribute(int poolHeight, int poolWidth) : base(poolHeight, poolWidth) { }
    }

    /// <summary>Keras <c>Flatten</c>: row-major over (H, W, C); no computation in the generated code.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class FlattenAttribute : LayerAttribute { }

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

    /// <summary>Keras <c>ReLU</c>: x &gt;= max_value ? max_value : x &gt;= threshold ? x : negative_slope * (x - threshold).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ReLUAttribute : LayerAttribute
    {
        /// <summary>Upper bound; NaN (default) means none.</summary>
        public double MaxValue { get; set; } = double.NaN;

        /// <summary>Slope below the threshold (default 0).</summary>
        public double NegativeSlope { get; set; }

        /// <summary>Threshold (default 0).</summary>
        public double Threshold { get; set; }
    }

    /// <summary>Keras <c>LeakyReLU</c>: x &gt; 0 ? x : alpha * x.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class LeakyReLUAttribute : LayerAttribute
    {
        /// <summary>Slope below zero (Keras 2 default 0.3).</summary>
        public double Alpha { get; set; } = 0.3;
    }

    /// <summary>Keras <c>ELU</c> layer: x &gt; 0 ? x : alpha * (e^x - 1).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ELUAttribute : LayerAttribute
    {
        /// <summary>Scale of the negative part (default 1).</summary>
        public double Alpha { get; set; } = 1.0;
    }

    /// <summary>Keras <c>Softmax</c> layer over the last axis.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SoftmaxAttribute : LayerAttribute
    {
        /// <summary>The axis; only -1 (the last) is supported.</summary>
        public int Axis { get; set; } = -1;
    }
}
