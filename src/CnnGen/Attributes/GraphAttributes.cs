using System;

// Layers of functional (graph) models: the merges (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate),
// UpSampling2D and Conv2DTranspose.
namespace CnnGen
{
    /// <summary>Base of the merge layers: their inputs, two or more layer names ("input" is the model input).</summary>
    public abstract class MergeAttribute : LayerAttribute
    {
        /// <summary>The layers to merge, by name (the same as setting <see cref="LayerAttribute.Inputs"/>).</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        protected MergeAttribute(string[] inputs) => Inputs = inputs;
    }

    /// <summary>Keras <c>Add</c>: the sum of its inputs, element by element (NumPy broadcasting of size-1 axes).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AddAttribute : MergeAttribute
    {
        /// <summary>Adds the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public AddAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Subtract</c>: the first input minus the second (exactly two).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class SubtractAttribute : MergeAttribute
    {
        /// <summary>Subtracts the second named layer's output from the first's.</summary>
        /// <param name="inputs">Two layer names; <c>"input"</c> is the model input.</param>
        public SubtractAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Multiply</c>: the product of its inputs, element by element (e.g. a squeeze-and-excitation scale of shape (1, 1, C) times (H, W, C)).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MultiplyAttribute : MergeAttribute
    {
        /// <summary>Multiplies the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public MultiplyAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Average</c>: the sum of its inputs divided by their count.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class AverageAttribute : MergeAttribute
    {
        /// <summary>Averages the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public AverageAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Maximum</c>: the largest of its inputs, element by element.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MaximumAttribute : MergeAttribute
    {
        /// <summary>The element-wise maximum of the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public MaximumAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Minimum</c>: the smallest of its inputs, element by element.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class MinimumAttribute : MergeAttribute
    {
        /// <summary>The element-wise minimum of the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public MinimumAttribute(params string[] inputs) : base(inputs) { }
    }

    /// <summary>Keras <c>Concatenate</c>: its inputs joined along <see cref="Axis"/> (default -1, the channels); the other axes must match.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ConcatenateAttribute : MergeAttribute
    {
        /// <summary>Joins the outputs of the named layers.</summary>
        /// <param name="inputs">Two or more layer names; <c>"input"</c> is the model input.</param>
        public ConcatenateAttribute(params string[] inputs) : base(inputs) { }

        /// <summary>The axis joined, counting the batch axis as Keras does: -1 (default) the last, 1 the first after the batch.</summary>
        public int Axis { get; set; } = -1;
    }

    /// <summary>Keras <c>UpSampling2D</c>: each row repeated <c>rows</c> times and each column <c>columns</c> times (or interpolated).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class UpSampling2DAttribute : LayerAttribute
    {
        /// <summary>The same factor for rows and columns.</summary>
        /// <param name="size">The factor (Keras <c>size</c>); at least 1.</param>
        public UpSampling2DAttribute(int size) : this(size, size) { }

        /// <summary>A factor for rows and one for columns.</summary>
        /// <param name="rows">The row factor; at least 1.</param>
        /// <param name="columns">The column factor; at least 1.</param>
        public UpSampling2DAttribute(int rows, int columns)
        {
            Rows = rows;
            Columns = columns;
        }

        /// <summary>The row factor.</summary>
        public int Rows { get; }

        /// <summary>The column factor.</summary>
        public int Columns { get; }

        /// <summary>Nearest (default) or Bilinear.</summary>
        public Interpolation Interpolation { get; set; }
    }

    /// <summary>
    /// Keras <c>Conv2DTranspose</c>: the transposed convolution (the gradient of a Conv2D with the same kernel, strides and
    /// padding), kernel <c>[kh, kw, filters, in channels]</c>, then bias and activation. Output: 'valid' in·s + max(k − s, 0),
    /// 'same' in·s.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Conv2DTransposeAttribute : LayerAttribute
    {
        /// <summary>A square kernel.</summary>
        /// <param name="filters">The number of output channels (Keras <c>filters</c>); at least 1.</param>
        /// <param name="kernelSize">The kernel size, in rows and columns; at least 1.</param>
        public Conv2DTransposeAttribute(int filters, int kernelSize) : this(filters, kernelSize, kernelSize) { }

        /// <summary>A kernel of kernelHeight rows and kernelWidth columns.</summary>
        /// <param name="filters">The number of output channels; at least 1.</param>
        /// <param name="kernelHeight">Kernel rows; at least 1.</param>
        /// <param name="kernelWidth">Kernel columns; at least 1.</param>
        public Conv2DTransposeAttribute(int filters, int kernelHeight, int kernelWidth)
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

        /// <summary>Both strides at once (default 1): the upsampling factor.</summary>
        public int Strides { get => StrideHeight; set { StrideHeight = value; StrideWidth = value; } }

        /// <summary>Vertical stride (default 1).</summary>
        public int StrideHeight { get; set; } = 1;

        /// <summary>Horizontal stride (default 1).</summary>
        public int StrideWidth { get; set; } = 1;

        /// <summary>Valid (default) or Same.</summary>
        public Padding Padding { get; set; }

        /// <summary>Whether a bias is added (default true).</summary>
        public bool UseBias { get; set; } = true;

        /// <summary>The activation applied to the output (default Linear).</summary>
        public Activation Activation { get; set; }
    }

    /// <summary>
    /// Applies a layer declared before again, with the same weights, to other inputs (a Keras shared layer: <c>dense(a)</c>
    /// and <c>dense(b)</c>). A later layer takes this call's output as <c>"dense:1"</c> (call 1; <c>"dense"</c> is the layer's
    /// first call), as Keras' summary writes <c>dense[1][0]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ReuseAttribute : Attribute
    {
        /// <summary>Calls the named layer again on the named inputs.</summary>
        /// <param name="layer">The name of a layer declared before.</param>
        /// <param name="inputs">The inputs of this call, by name (<c>"input"</c> is the model input), as many as the layer takes.</param>
        public ReuseAttribute(string layer, params string[] inputs)
        {
            Layer = layer;
            Inputs = inputs;
        }

        /// <summary>The layer called again.</summary>
        public string Layer { get; }

        /// <summary>The inputs of this call.</summary>
        public string[] Inputs { get; }
    }

    /// <summary>Keras <c>ZeroPadding1D</c>: steps of zeros added before and after a (steps, channels) sequence.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ZeroPadding1DAttribute : LayerAttribute
    {
        /// <summary>The same number of steps at both ends.</summary>
        /// <param name="padding">Steps added at each end; at least 0.</param>
        public ZeroPadding1DAttribute(int padding) : this(padding, padding) { }

        /// <summary>Steps before and after.</summary>
        /// <param name="before">Steps added before.</param>
        /// <param name="after">Steps added after.</param>
        public ZeroPadding1DAttribute(int before, int after)
        {
            Before = before;
            After = after;
        }

        /// <summary>Steps added before.</summary>
        public int Before { get; }

        /// <summary>Steps added after.</summary>
        public int After { get; }
    }

    /// <summary>Keras <c>Cropping1D</c>: steps removed at the start and the end of a (steps, channels) sequence.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class Cropping1DAttribute : LayerAttribute
    {
        /// <summary>The same number of steps at both ends.</summary>
        /// <param name="cropping">Steps removed at each end; at least 0.</param>
        public Cropping1DAttribute(int cropping) : this(cropping, cropping) { }

        /// <summary>Steps removed at the start and at the end.</summary>
        /// <param name="start">Steps removed at the start.</param>
        /// <param name="end">Steps removed at the end.</param>
        public Cropping1DAttribute(int start, int end)
        {
            Start = start;
            End = end;
        }

        /// <summary>Steps removed at the start.</summary>
        public int Start { get; }

        /// <summary>Steps removed at the end.</summary>
        public int End { get; }
    }

    /// <summary>Keras <c>UpSampling1D</c>: each step of a (steps, channels) sequence repeated <c>size</c> times.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class UpSampling1DAttribute : LayerAttribute
    {
        /// <summary>Repeats each step.</summary>
        /// <param name="size">The repeat count (Keras <c>size</c>, default 2); at least 1.</param>
        public UpSampling1DAttribute(int size = 2) => Size = size;

        /// <summary>The repeat count.</summary>
        public int Size { get; }
    }

    /// <summary>Keras <c>Permute</c>: the input's axes reordered (the batch axis stays first); no weights.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class PermuteAttribute : LayerAttribute
    {
        /// <summary>The new order of the axes, 1-based as in Keras: <c>Permute(2, 1)</c> swaps the two axes of a sequence.</summary>
        /// <param name="dims">A permutation of 1..rank (Keras <c>dims</c>).</param>
        public PermuteAttribute(params int[] dims) => Dims = dims;

        /// <summary>The declared order.</summary>
        public int[] Dims { get; }
    }

    /// <summary>
    /// Keras <c>PReLU</c>: x where x &gt; 0, else alpha · x, with a learned alpha per position (weight <c>alpha</c>, the input's
    /// shape), or one per channel when the other axes are shared.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class PReLUAttribute : LayerAttribute
    {
        /// <summary>The axes (1-based; 1 and 2 are the rows and columns of an image) along which one alpha serves every position (Keras <c>shared_axes</c>).</summary>
        public int[]? SharedAxes { get; set; }
    }
}
