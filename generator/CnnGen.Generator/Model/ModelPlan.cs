using System.Collections.Generic;

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

        /// <summary>
        /// The layers (by <see cref="Index"/>) whose outputs this one takes, in order; -1 is the model input. A Sequential
        /// layer takes the one before it. Layers are in execution order: every input comes before.
        /// </summary>
        public EquatableArray<int> Inputs { get; init; } = EquatableArray<int>.Empty;

        /// <summary><see cref="Inputs"/>, or the layer before when none are set (a plan made by hand, as tests do).</summary>
        public EquatableArray<int> InputIndices => Inputs.Count > 0 ? Inputs : EquatableArray.Of(Index - 1);

        /// <summary>The shape of each input, in order (<see cref="Input"/> is the first); one entry except for merges.</summary>
        public EquatableArray<TensorShape> InputShapes { get; init; } = EquatableArray<TensorShape>.Empty;

        /// <summary>
        /// Where the layer is in Keras' <c>model.layers</c> (a functional model's InputLayer is 0 there, so its first layer
        /// is 1); every call of a shared layer has its layer's. Equal to <see cref="Index"/> in a Sequential model.
        /// </summary>
        public int KerasIndex { get; init; }

        /// <summary>Which call of a shared layer this is (<see cref="LayerSpec.Call"/>): a call after the first has no weights of its own.</summary>
        public int Call => Spec.Call;

        /// <summary>The call's position among the model's declared layer calls (attributes or JSON entries): where its diagnostics go.</summary>
        public int DeclaredIndex { get; init; }

        /// <summary>A call of a layer called more than once (a shared layer): nothing is folded into it, nor it into another.</summary>
        public bool Shared { get; init; }

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

        /// <summary>The layer's weights as Keras counts them: a shared layer's second call reads its first call's, and counts none.</summary>
        public int ParameterCount
        {
            get
            {
                int n = 0;
                if (Call == 0) foreach (WeightPlan w in Weights) n += w.Length;
                return n;
            }
        }

        public int TrainableParameterCount
        {
            get
            {
                int n = 0;
                if (Call == 0) foreach (WeightPlan w in Weights) n += w.Trainable ? w.Length : 0;
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

        /// <summary>A functional model's graph facts (InputLayer name, output); null for a Sequential model.</summary>
        public GraphInfo? Graph { get; init; }

        /// <summary>
        /// True when the layers are not a plain chain (a merge, a fan-out, a shared layer): the layers then run over
        /// buffers planned by liveness (<c>TensorArena</c>) instead of two ping-pong buffers.
        /// </summary>
        public bool IsGraph
        {
            get
            {
                foreach (LayerPlan l in Layers)
                {
                    EquatableArray<int> inputs = l.InputIndices;
                    if (l.Call > 0 || inputs.Count != 1 || inputs[0] != l.Index - 1) return true;
                }
                return false;
            }
        }

        /// <summary>The layers that own weights, in Keras' <c>get_weights()</c> order (<c>model.layers</c>): a shared layer once.</summary>
        public IEnumerable<LayerPlan> LayersInKerasOrder() =>
            System.Linq.Enumerable.OrderBy(System.Linq.Enumerable.Where(Layers, l => l.Call == 0), l => l.KerasIndex);

        /// <summary>How many layers take the output of each layer (the model's output counts as one for the last layer).</summary>
        public int[] ConsumerCounts()
        {
            var counts = new int[Layers.Count];
            foreach (LayerPlan l in Layers)
            {
                foreach (int i in l.InputIndices) if (i >= 0) counts[i]++;
            }
            if (counts.Length > 0) counts[counts.Length - 1]++;
            return counts;
        }

        /// <summary>True when layer <paramref name="next"/> takes only <paramref name="layer"/>'s output and nothing else does: it can be computed inside it.</summary>
        public bool SoleConsumer(int layer, int next, int[] consumers) =>
            next < Layers.Count && Layers[next].InputIndices.Count == 1 && Layers[next].InputIndices[0] == layer && consumers[layer] == 1 &&
            Layers[layer].Call == 0 && Layers[next].Call == 0 && !IsShared(layer) && !IsShared(next);

        /// <summary>True when the layer of <paramref name="index"/> has more than one call (its weights must stay as Keras gave them).</summary>
        public bool IsShared(int index) => Layers[index].Shared;

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
