using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>How the per-sample code of a model is written.</summary>
    internal enum CodeForm
    {
        /// <summary>Straight-line code, no loops: the model fits its unroll budget.</summary>
        Unrolled,

        /// <summary>Scalar loops with literal bounds, kernel windows unrolled (targets without Vector512 or before C# 8).</summary>
        Looped,

        /// <summary>Loops with Vector512 → Vector256 → Vector128 → scalar paths, chosen by the JIT.</summary>
        Simd,
    }

    /// <summary>What the code of one layer is: the step's kind picks its printer.</summary>
    internal enum StepKind
    {
        /// <summary>No code: the layer moves no data, or another layer computes it (see <see cref="Step.Reason"/>).</summary>
        Identity,

        /// <summary>Conv2D or Conv1D, direct.</summary>
        Conv,

        /// <summary>Conv2D, direct, with the following 'valid' MaxPooling2D computed on its registers (<see cref="LayerPlan.FusedPool"/>).</summary>
        ConvWithPool,

        /// <summary>Conv2D 3x3 stride 1 as Winograd F(4x4,3x3), possibly with a pooling fused (<see cref="WinogradChoice"/>).</summary>
        WinogradConv,

        DepthwiseConv,
        SeparableConv,
        Pooling,
        GlobalPooling,

        /// <summary>Dense; <see cref="Step.Grouped"/> when a batch also runs it for several samples at once.</summary>
        Dense,

        /// <summary>A BatchNormalization that runs on its own (one that is folded is an <see cref="Identity"/>).</summary>
        BatchNormalization,

        /// <summary>ZeroPadding2D, Cropping2D, ZeroPadding1D and Cropping1D.</summary>
        Edges,

        Rescaling,

        /// <summary>Activation, ReLU, LeakyReLU, ELU, Softmax layers.</summary>
        Elementwise,

        /// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum: element-wise over two or more inputs, broadcast.</summary>
        Merge,

        /// <summary>Concatenate: the inputs' blocks copied side by side along the axis.</summary>
        Concatenate,

        /// <summary>UpSampling2D (nearest or bilinear) and UpSampling1D.</summary>
        UpSampling,

        /// <summary>Permute: the axes reordered.</summary>
        Permute,

        /// <summary>PReLU: a learned slope per position below zero.</summary>
        PRelu,

        /// <summary>Conv2DTranspose.</summary>
        TransposedConv,
    }

    /// <summary>Why a layer has no code of its own.</summary>
    internal enum IdentityReason
    {
        /// <summary>Not an identity.</summary>
        None,

        /// <summary>Flatten, Reshape (row-major memory) and the dropouts (inference).</summary>
        NothingToCompute,

        /// <summary>A MaxPooling2D computed inside the conv before it.</summary>
        FusedPool,

        /// <summary>A BatchNormalization folded into the kernel and bias of the layer before it.</summary>
        FoldedNorm,

        /// <summary>An Activation or plain ReLU applied by the layer before it as its own activation.</summary>
        FoldedActivation,
    }

    /// <summary>One layer's code in the <see cref="ExecutionPlan"/>.</summary>
    internal sealed record Step(int Layer, StepKind Kind)
    {
        /// <summary>For an <see cref="StepKind.Identity"/>: why there is no code.</summary>
        public IdentityReason Reason { get; init; }

        /// <summary>For a fused or folded identity: the layer whose code computes it; otherwise -1.</summary>
        public int Into { get; init; } = -1;

        /// <summary>Batch: the step runs for <see cref="Planner.GroupSamples"/> samples at once (the dense tail).</summary>
        public bool Grouped { get; init; }

        /// <summary>Statements of the layer in the fully unrolled form (which fuses nothing), compared with the unroll budget.</summary>
        public long UnrolledCost { get; init; }

        /// <summary>
        /// SIMD form: floats in the widest vector path the layer gets, 16 (Vector512) unless the layer is too small for
        /// the wider paths to pay for their code (<see cref="Planner.SmallLayerWork"/>): 4, one Vector128 path.
        /// </summary>
        public int WidestVector { get; init; } = 16;

        public bool IsIdentity => Kind == StepKind.Identity;
    }

    /// <summary>
    /// Everything decided about how a model runs, before any code is printed: the form, one typed step per layer, the
    /// layers with their fusion fields and derived tensors set (in <see cref="Model"/>), the batched dense tail and the
    /// scratch size. Equatable: the source output re-runs only when it changes.
    /// </summary>
    internal sealed record ExecutionPlan(ModelPlan Model, CodeForm Form, long UnrolledCost, EquatableArray<Step> Steps)
    {
        /// <summary>The first layer of the dense tail a batch runs per group of samples, or -1: every layer runs per sample.</summary>
        public int TailStart { get; init; } = -1;

        /// <summary>Floats of the largest input or output of a tail layer, for one sample.</summary>
        public long TailLength { get; init; }

        /// <summary>The last layer with code of its own (it writes the caller's output), or -1 when every layer is an identity.</summary>
        public int LastComputing { get; init; } = -1;

        public bool Unrolled => Form == CodeForm.Unrolled;

        public bool Vectorized => Form == CodeForm.Simd;

        public bool Grouped => TailStart >= 0;

        /// <summary>Floats in each scratch buffer (the <c>ScratchLength</c> constant); see <see cref="ModelPlan.ScratchLength64"/>.</summary>
        public long ScratchLength64 => Arena is null ? Model.ScratchLength64 : Arena.Length;

        public int ScratchLength => (int)ScratchLength64;

        /// <summary>A graph model's buffers (<see cref="ModelPlan.IsGraph"/>): where each layer writes in one per-thread arena; null for a chain.</summary>
        public TensorArena? Arena { get; init; }
    }
}
