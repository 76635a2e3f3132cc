using System.Collections.Generic;

namespace CnnGen.Generator.Model
{
    /// <summary>A layer of a model with an error: its name and class, and its output shape when inference got that far (else null).</summary>
    internal sealed record FallbackLayer(int Index, string Name, string KerasClass, TensorShape? Output);

    /// <summary>
    /// What is known of a model whose declaration has an error, for the stand-in class <c>FallbackEmitter</c> writes: the
    /// same public members as a generated model, so that every use of the class compiles and the error is reported once
    /// (not once more per use as CS0117). Known values are kept (the input, the shapes of the layers before the error, or
    /// everything when only the weights or the declaration failed); unknown ones are null or 0. Plain values only: no
    /// symbols, no locations, so the pipeline step that carries it stays cached across unrelated edits.
    /// </summary>
    internal sealed record FallbackModel(
        HierarchyInfo Type,
        string ModelName,
        TargetInfo Target,
        TensorShape? InputShape,
        TensorShape? OutputShape,
        EquatableArray<FallbackLayer> Layers,
        EquatableArray<WeightPlan> Weights,
        int ParameterCount,
        int TrainableParameterCount,
        int ScratchLength)
    {
        /// <summary>The id of the first error (<c>CNNG101</c>), set once every diagnostic of the model is known.</summary>
        public string ErrorId { get; init; } = "";

        /// <summary>The first error's message, as the compiler shows it.</summary>
        public string ErrorMessage { get; init; } = "";

        /// <summary>Errors the model has in all.</summary>
        public int ErrorCount { get; init; }

        /// <summary>The model names a <c>Weights</c> file, so its normal form has a parameterless constructor.</summary>
        public bool EmbedsWeights { get; init; }

        /// <summary>Everything known: the plan was inferred, but the declaration or the embedded weights have an error.</summary>
        public static FallbackModel FromPlan(ModelPlan plan, int scratchLength)
        {
            var layers = new List<FallbackLayer>();
            var weights = new List<WeightPlan>();
            foreach (LayerPlan layer in plan.Layers) layers.Add(new FallbackLayer(layer.Index, layer.Name, layer.Kind.KerasClass(), layer.Output));
            foreach (LayerPlan layer in plan.LayersInKerasOrder()) weights.AddRange(layer.Weights);
            return new FallbackModel(plan.Type, plan.ModelName, plan.Target, plan.InputShape, plan.OutputShape, layers.ToEquatableArray(),
                weights.ToEquatableArray(), plan.ParameterCount, plan.TrainableParameterCount, scratchLength);
        }

        /// <summary>
        /// Inference stopped: the input (when valid), the layers inferred before the error with their shapes, and the names
        /// of the others; no output shape, weights or counts.
        /// </summary>
        public static FallbackModel Partial(ModelSpec spec, TargetInfo target, TensorShape? input, IReadOnlyList<LayerPlan> known, IReadOnlyList<string> names)
        {
            var layers = new List<FallbackLayer>();
            for (int i = 0; i < names.Count && i < spec.Layers.Count; i++)
            {
                layers.Add(new FallbackLayer(i, names[i], spec.Layers[i].Spec.Kind.KerasClass(), i < known.Count ? known[i].Output : null));
            }
            return new FallbackModel(spec.Type, spec.ModelName, target, input, null, layers.ToEquatableArray(),
                EquatableArray<WeightPlan>.Empty, 0, 0, 0);
        }
    }
}
