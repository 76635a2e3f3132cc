namespace CnnGen.Generator.Model
{
    /// <summary>One weight tensor: its Keras name (<c>conv2d/kernel</c>), shape and offset in the flat weights.</summary>
    internal sealed record WeightPlan(string Name, TensorShape Shape, int Offset, bool Trainable)
    {
        public int Length => (int)Shape.Length;
    }

    /// <summary>A layer with every shape resolved: ready to emit.</summary>
    internal sealed record LayerPlan(
        int Index,
        string Name,
        LayerSpec Spec,
        TensorShape Input,
        TensorShape Output,
        EquatableArray<WeightPlan> Weights)
    {
        public LayerKind Kind => Spec.Kind;

        /// <summary>Rows of padding above the input ('same' padding: the smaller half, as Keras).</summary>
        public int PadTop { get; init; }

        /// <summary>Columns of padding left of the input.</summary>
        public int PadLeft { get; init; }

        /// <summary>
        /// BatchNormalization: the index of the layer it was folded into (its kernel and bias are rescaled once,
        /// in the generated constructor, so the normalization costs nothing per sample), or -1 when it runs on its own.
        /// MaxPooling2D: the index of the Conv2D that computes it (see <see cref="FusedPool"/>), or -1.
        /// Activation and ReLU: the index of the layer that applies it as its own activation (see
        /// <see cref="FoldedActivation"/>), or -1.
        /// </summary>
        public int FoldedInto { get; init; } = -1;

        /// <summary>
        /// The index of the standalone Activation or ReLU layer whose function this layer applies as its own
        /// activation (its <see cref="LayerSpec.Activation"/> is then that function), or -1. Decided by <c>LayerFusion</c>.
        /// </summary>
        public int FoldedActivation { get; init; } = -1;

        /// <summary>
        /// The last layer this one computes: itself, or the folded BatchNormalization, folded activation or fused
        /// pooling after it. Only that layer's output exists.
        /// </summary>
        public int LastComputed => System.Math.Max(Index, System.Math.Max(FoldedNorm, System.Math.Max(FoldedActivation, FusedPool)));

        /// <summary>
        /// Conv2D only: the index of the MaxPooling2D computed inside this layer's code, or -1. Its method then writes the
        /// pooled output; its own output never exists. Decided by <c>LayerFusion</c> when the SIMD forms are emitted.
        /// </summary>
        public int FusedPool { get; init; } = -1;

        /// <summary>
        /// Conv2D only: m when the layer runs as Winograd F(m×m, 3×3) (its transformed kernel is a derived tensor,
        /// <c>layer/winograd_kernel</c>), 0 for direct convolution. Decided by <c>LayerFusion</c>.
        /// </summary>
        public int WinogradTile { get; init; }

        /// <summary>
        /// Floats of working memory the layer's code uses in its output buffer after the output it writes (the
        /// Winograd-domain input and products); 0 for most layers. The scratch buffers are sized for it.
        /// </summary>
        public int Workspace { get; init; }

        /// <summary>The index of the BatchNormalization folded into this layer, or -1. Its output is then the normalized one.</summary>
        public int FoldedNorm { get; init; } = -1;

        /// <summary>
        /// Tensors the generated constructor derives from the Keras weights and stores after them in the parameter
        /// array (a folded bias where the layer had none, a standalone BatchNormalization's scale and shift). Their
        /// offsets start at <see cref="ModelPlan.ParameterCount"/>; they are not weights and are never loaded.
        /// </summary>
        public EquatableArray<WeightPlan> Derived { get; init; } = EquatableArray<WeightPlan>.Empty;

        public int ParameterCount
        {
            get
            {
                int n = 0;
                foreach (WeightPlan w in Weights) n += w.Length;
                return n;
            }
        }

        public int TrainableParameterCount
        {
            get
            {
                int n = 0;
                foreach (WeightPlan w in Weights) n += w.Trainable ? w.Length : 0;
                return n;
            }
        }

        /// <summary>The weight tensor named <c>layer/suffix</c>, e.g. <c>Weight("kernel")</c>.</summary>
        public WeightPlan? Weight(string suffix) => Find(Weights, suffix);

        /// <summary>
        /// Where the emitted code reads the tensor <c>layer/suffix</c>: a derived tensor of that name if there is one,
        /// else the weight. (A folded BatchNormalization rewrites kernel and bias in place, or adds a derived bias.)
        /// </summary>
        public WeightPlan? Parameter(string suffix) => Find(Derived, suffix) ?? Find(Weights, suffix);

        private static WeightPlan? Find(EquatableArray<WeightPlan> tensors, string suffix)
        {
            foreach (WeightPlan w in tensors)
            {
                if (w.Name.EndsWith("/" + suffix, System.StringComparison.Ordinal)) return w;
            }
            return null;
        }
    }

    /// <summary>A model whose every layer is shape-resolved; the only input of the emitters.</summary>
    internal sealed record ModelPlan(
        HierarchyInfo Type,
        string ModelName,
        int UnrollBudget,
        TensorShape InputShape,
        EquatableArray<LayerPlan> Layers,
        TargetInfo Target)
    {
        /// <summary>Weights baked in at compile time (<c>[CnnModel(Weights = ...)]</c>); null otherwise.</summary>
        public EmbeddedWeights? Embedded { get; init; }

        public TensorShape OutputShape => Layers[Layers.Count - 1].Output;

        public int ParameterCount
        {
            get
            {
                int n = 0;
                foreach (LayerPlan l in Layers) n += l.ParameterCount;
                return n;
            }
        }

        public int TrainableParameterCount
        {
            get
            {
                int n = 0;
                foreach (LayerPlan l in Layers) n += l.TrainableParameterCount;
                return n;
            }
        }

        /// <summary>Floats of the generated parameter array: the Keras weights, then the derived tensors.</summary>
        public int ParameterArrayLength
        {
            get
            {
                int n = ParameterCount;
                foreach (LayerPlan l in Layers)
                {
                    foreach (WeightPlan d in l.Derived) n += d.Length;
                }
                return n;
            }
        }

        /// <summary>The MaxPooling2D computed inside <paramref name="layer"/>'s code, or null.</summary>
        public LayerPlan? FusedPoolOf(LayerPlan layer) => layer.FusedPool >= 0 ? Layers[layer.FusedPool] : null;

        /// <summary>Floats <paramref name="layer"/>'s code writes: the output of the last layer it computes.</summary>
        public long WrittenLength(LayerPlan layer) => Layers[layer.LastComputed].Output.Length;

        /// <summary>
        /// The size of each scratch buffer: the largest output a layer's code writes (a layer computed inside another
        /// one writes nothing; one that computes later layers writes the last one's output), plus the working memory
        /// it keeps after it.
        /// </summary>
        public int ScratchLength => (int)ScratchLength64;

        /// <summary><see cref="ScratchLength"/> in long, as shape inference checks it against its limit (CNNG107) before any work.</summary>
        public long ScratchLength64
        {
            get
            {
                long n = InputShape.Length;
                foreach (LayerPlan l in Layers)
                {
                    if (l.FoldedInto >= 0) continue;
                    n = System.Math.Max(n, WrittenLength(l) + l.Workspace);
                }
                return n;
            }
        }
    }
}
