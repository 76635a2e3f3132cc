using System;

// Pooling layers: 2-D, 1-D and global.
namespace CnnGen
{
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
}
