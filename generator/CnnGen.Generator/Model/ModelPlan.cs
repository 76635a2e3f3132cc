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
        public WeightPlan? Weight(string suffix)
        {
            foreach (WeightPlan w in Weights)
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

        /// <summary>Largest activation of one sample: the size of each scratch buffer.</summary>
        public int ScratchLength
        {
            get
            {
                long n = InputShape.Length;
                foreach (LayerPlan l in Layers) n = System.Math.Max(n, l.Output.Length);
                return (int)n;
            }
        }
    }
}
