using System;

// Reshaping layers: Flatten, Reshape, ZeroPadding2D, Cropping2D.
namespace CnnGen
{
    /// <summary>Keras <c>Flatten</c>: row-major over (H, W, C); no computation in the generated code.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class FlattenAttribute : LayerAttribute { }

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
}
