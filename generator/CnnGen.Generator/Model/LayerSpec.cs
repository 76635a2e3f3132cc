using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>
    /// One layer as the user declared it (attribute or JSON), before any shape is known. Options a layer kind
    /// does not use keep their defaults. Value equality: the incremental pipeline compares these.
    /// </summary>
    internal sealed record LayerSpec(LayerKind Kind)
    {
        /// <summary>Explicit Keras name, or null for Keras' default (<c>conv2d</c>, <c>conv2d_1</c>, ...).</summary>
        public string? Name { get; init; }

        /// <summary>Where the layer was declared: the attribute, or the JSON object.</summary>
        public LocationInfo? Location { get; init; }

        /// <summary>Conv2D filters or Dense units.</summary>
        public int Units { get; init; }

        /// <summary>Kernel (conv) or pool (pooling) height.</summary>
        public int KernelHeight { get; init; }

        public int KernelWidth { get; init; }

        public int StrideHeight { get; init; } = 1;

        public int StrideWidth { get; init; } = 1;

        public int DilationHeight { get; init; } = 1;

        public int DilationWidth { get; init; } = 1;

        public PaddingKind Padding { get; init; }

        public bool UseBias { get; init; } = true;

        /// <summary>The fused activation of Conv2D/Dense, or the function of an Activation layer.</summary>
        public ActivationKind Activation { get; init; }

        /// <summary>Dropout rate.</summary>
        public double Rate { get; init; }

        /// <summary>LeakyReLU alpha (default 0.3), ELU alpha (default 1).</summary>
        public double Alpha { get; init; }

        /// <summary>ReLU max_value; null means unbounded.</summary>
        public double? MaxValue { get; init; }

        /// <summary>ReLU negative_slope.</summary>
        public double NegativeSlope { get; init; }

        /// <summary>ReLU threshold.</summary>
        public double Threshold { get; init; }

        /// <summary>Softmax axis (only -1, the last axis, is supported).</summary>
        public int Axis { get; init; } = -1;
    }
}
