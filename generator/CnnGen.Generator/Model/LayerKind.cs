namespace CnnGen.Generator.Model
{
    /// <summary>The Keras layer classes CnnGen understands.</summary>
    internal enum LayerKind
    {
        Conv2D,
        MaxPooling2D,
        AveragePooling2D,
        Flatten,
        Dense,
        Dropout,
        Activation,
        ReLU,
        LeakyReLU,
        ELU,
        Softmax,
        Conv1D,
        DepthwiseConv2D,
        SeparableConv2D,
        MaxPooling1D,
        AveragePooling1D,
        GlobalMaxPooling1D,
        GlobalMaxPooling2D,
        GlobalAveragePooling1D,
        GlobalAveragePooling2D,
        Reshape,
        SpatialDropout1D,
        SpatialDropout2D,
        BatchNormalization,
        ZeroPadding2D,
        Cropping2D,
        Rescaling,

        // Graph layers: merges take two or more inputs.
        Add,
        Subtract,
        Multiply,
        Average,
        Maximum,
        Minimum,
        Concatenate,
        UpSampling2D,
        Conv2DTranspose,
        ZeroPadding1D,
        Cropping1D,
        UpSampling1D,
        Permute,
        PReLU,
    }

    /// <summary>Keras activation functions; the order matches <c>CnnGen.Activation</c> in the runtime.</summary>
    internal enum ActivationKind
    {
        Linear,
        Relu,
        Relu6,
        Sigmoid,
        HardSigmoid,
        Tanh,
        Softmax,
        LogSoftmax,
        Softplus,
        Softsign,
        Elu,
        Selu,
        Swish,
        Mish,
        Gelu,
        Exponential,

        /// <summary>Keras 3 hard_silu (hard_swish): x · relu6(x + 3) / 6.</summary>
        HardSwish,
    }

    /// <summary>Keras padding modes; the order matches <c>CnnGen.Padding</c> in the runtime.</summary>
    internal enum PaddingKind
    {
        Valid,
        Same,

        /// <summary>Conv1D only: left padding of dilation*(k-1); not supported yet (CNNG105).</summary>
        Causal,
    }

    internal static class LayerKinds
    {
        /// <summary>The Keras class name, as <c>model.summary()</c> prints it.</summary>
        public static string KerasClass(this LayerKind kind) => kind.ToString();

        /// <summary>Layers that work on sequences (steps, channels); their window uses the *Height fields of <see cref="LayerSpec"/>.</summary>
        public static bool IsOneDimensional(this LayerKind kind) =>
            kind == LayerKind.Conv1D || kind == LayerKind.MaxPooling1D || kind == LayerKind.AveragePooling1D;

        /// <summary>Layers whose <see cref="LayerSpec.Activation"/> is applied: the Activation layer and those with a fused one.</summary>
        public static bool HasActivation(this LayerKind kind) =>
            kind == LayerKind.Activation || kind == LayerKind.Conv2D || kind == LayerKind.Dense || kind == LayerKind.Conv1D ||
            kind == LayerKind.DepthwiseConv2D || kind == LayerKind.SeparableConv2D || kind == LayerKind.Conv2DTranspose || kind.IsMerge();

        /// <summary>The layers that take two or more inputs (Keras' merge layers).</summary>
        public static bool IsMerge(this LayerKind kind) => kind >= LayerKind.Add && kind <= LayerKind.Concatenate;

        /// <summary>Softmax and log-softmax: they work on a whole row (the last axis), not element by element.</summary>
        public static bool IsRowWise(this ActivationKind kind) => kind == ActivationKind.Softmax || kind == ActivationKind.LogSoftmax;

        /// <summary>The row-wise activation of the layer, or null when it is element-wise.</summary>
        public static ActivationKind? RowWiseActivation(this LayerSpec spec)
        {
            if (spec.Kind == LayerKind.Softmax) return ActivationKind.Softmax;
            if (spec.Kind.HasActivation() && spec.Activation.IsRowWise()) return spec.Activation;
            return null;
        }

        /// <summary>Keras' default name stem: the class name in snake_case (<c>MaxPooling2D</c> → <c>max_pooling2d</c>).</summary>
        public static string DefaultNameStem(this LayerKind kind) => ToSnakeCase(kind.KerasClass());

        /// <summary>Keras' <c>to_snake_case</c>: insert '_' before each capital that follows a lower-case letter or digit… as Keras does it.</summary>
        public static string ToSnakeCase(string name)
        {
            // keras.src.utils.naming.to_snake_case:
            //   re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name); re.sub("([a-z])([A-Z])", r"\1_\2", ...).lower()
            var first = System.Text.RegularExpressions.Regex.Replace(name, "(.)([A-Z][a-z]+)", "$1_$2");
            var second = System.Text.RegularExpressions.Regex.Replace(first, "([a-z])([A-Z])", "$1_$2");
            return second.ToLowerInvariant();
        }

        /// <summary>The snake_case name Keras uses for an activation in configs (<c>hard_sigmoid</c>).</summary>
        public static string KerasName(this ActivationKind activation) => ToSnakeCase(activation.ToString());
    }
}
