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

        /// <summary>Conv2D filters or Dense units.</summary>
        public int Units { get; init; }

        /// <summary>Kernel (conv), pool (pooling) or UpSampling2D size height.</summary>
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

        /// <summary>Softmax or BatchNormalization axis (only -1, the last axis, is supported); Concatenate axis (any, batch counted as 0).</summary>
        public int Axis { get; init; } = -1;

        // Fields below were added with the wider layer set. 1-D layers (Conv1D, MaxPooling1D, AveragePooling1D) use
        // KernelHeight / StrideHeight / DilationHeight for their window along the steps axis; the *Width fields are
        // ignored (shape inference sets them to 1).

        /// <summary>DepthwiseConv2D / SeparableConv2D depth_multiplier: output channels per input channel.</summary>
        public int DepthMultiplier { get; init; } = 1;

        /// <summary>Reshape target_shape without the batch axis; at most one -1 (inferred). Permute: dims (1-based).</summary>
        public EquatableArray<int> TargetShape { get; init; } = EquatableArray<int>.Empty;

        /// <summary>Global pooling keepdims: keep the pooled axes with size 1.</summary>
        public bool KeepDims { get; init; }

        /// <summary>BatchNormalization epsilon, added to the moving variance (Keras default 0.001).</summary>
        public double Epsilon { get; init; } = 0.001;

        /// <summary>BatchNormalization center: whether there is a beta (offset) weight.</summary>
        public bool Center { get; init; } = true;

        /// <summary>BatchNormalization scale: whether there is a gamma (multiplier) weight.</summary>
        public bool Scale { get; init; } = true;

        /// <summary>ZeroPadding2D padding / Cropping2D cropping: rows added or removed at the top.</summary>
        public int EdgeTop { get; init; }

        /// <summary>Rows added or removed at the bottom.</summary>
        public int EdgeBottom { get; init; }

        /// <summary>Columns added or removed at the left.</summary>
        public int EdgeLeft { get; init; }

        /// <summary>Columns added or removed at the right.</summary>
        public int EdgeRight { get; init; }

        /// <summary>Rescaling scale: y = x * scale + offset.</summary>
        public double RescalingScale { get; init; } = 1.0;

        /// <summary>Rescaling offset.</summary>
        public double RescalingOffset { get; init; }

        // Graph fields (functional models). A Sequential layer leaves them empty: it takes the layer before.

        /// <summary>The tensors this call takes, in order; empty: the output of the layer declared before (or the model input).</summary>
        public EquatableArray<InboundRef> Inbound { get; init; } = EquatableArray<InboundRef>.Empty;

        /// <summary>
        /// Which call of the layer this is: 0 for the layer itself, 1, 2, ... when a layer declared before under the same
        /// name is applied again (a shared layer: same weights, its own input and output).
        /// </summary>
        public int Call { get; init; }

        /// <summary>PReLU shared_axes (1-based, the batch axis is 0): axes along which one alpha serves every position.</summary>
        public EquatableArray<int> SharedAxes { get; init; } = EquatableArray<int>.Empty;

        /// <summary>UpSampling2D: bilinear interpolation (Keras' tf.image.resize, half-pixel centers); false: nearest.</summary>
        public bool Bilinear { get; init; }
    }
}
