using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// Decides, for every BatchNormalization, whether it folds into the layer before it, and places the tensors
    /// the generated constructor derives from the weights. At inference BatchNormalization is the per-channel
    /// affine map y = s·x + t with s = gamma / sqrt(variance + epsilon), t = beta - s·mean. After a layer whose
    /// output is linear in its kernel and bias (Conv1D, Conv2D, Dense, DepthwiseConv2D, the pointwise part of
    /// SeparableConv2D) and whose activation is linear, that map is absorbed once: kernel columns times s, bias
    /// b·s + t. Otherwise the BatchNormalization runs on its own with s and t precomputed.
    /// </summary>
    internal static class BatchNormFolding
    {
        /// <summary>The model with its BatchNormalization layers folded or given their scale and shift tensors, placed after the Keras weights.</summary>
        public static ModelPlan Apply(ModelPlan model)
        {
            // Nothing to do, or done already (a planned model planned again).
            var norms = model.Layers.Where(l => l.Kind == LayerKind.BatchNormalization).ToList();
            if (norms.Count == 0 || norms.Any(l => l.FoldedInto >= 0 || l.Derived.Count > 0)) return model;
            var layers = model.Layers.ToList();
            Apply(layers, model.ParameterCount, model);
            return model with { Layers = layers.ToEquatableArray() };
        }

        /// <param name="layers">The shape-resolved layers, changed in place.</param>
        /// <param name="parameterCount">Floats of the Keras weights: derived tensors are placed after them.</param>
        /// <param name="model">The model as inferred: which layer takes which one's output (a graph folds a BatchNormalization only into its only producer, when nothing else reads that).</param>
        private static void Apply(List<LayerPlan> layers, int parameterCount, ModelPlan model)
        {
            int offset = parameterCount;
            int[] consumers = model.ConsumerCounts();
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan norm = layers[i];
                if (norm.Kind != LayerKind.BatchNormalization) continue;
                int channels = norm.Output.Last;
                if (i > 0 && model.SoleConsumer(i - 1, i, consumers) && CanAbsorb(layers[i - 1], channels))
                {
                    LayerPlan target = layers[i - 1];
                    var derived = new List<WeightPlan>();
                    // A layer without bias gets one: the shift t has to live somewhere.
                    if (target.Weight("bias") is null) derived.Add(Derived(target.Name, "bias", channels, ref offset));
                    layers[i - 1] = target with { FoldedNorm = i, Derived = derived.ToEquatableArray() };
                    layers[i] = norm with { FoldedInto = i - 1 };
                }
                else
                {
                    layers[i] = norm with
                    {
                        Derived = EquatableArray.Of(Derived(norm.Name, "scale", channels, ref offset), Derived(norm.Name, "shift", channels, ref offset)),
                    };
                }
            }
        }

        /// <summary>The kernel whose last axis a folded BatchNormalization scales.</summary>
        public static WeightPlan ScaledKernel(LayerPlan target) =>
            target.Kind == LayerKind.SeparableConv2D ? target.Weight("pointwise_kernel")! :
            target.Kind == LayerKind.DepthwiseConv2D ? target.Weight("depthwise_kernel")! :
            target.Weight("kernel")!;

        private static bool CanAbsorb(LayerPlan layer, int channels)
        {
            switch (layer.Kind)
            {
                case LayerKind.Conv1D:
                case LayerKind.Conv2D:
                case LayerKind.Dense:
                case LayerKind.DepthwiseConv2D:
                case LayerKind.SeparableConv2D:
                    return layer.Spec.Activation == ActivationKind.Linear && layer.FoldedNorm < 0 && layer.Output.Last == channels;
                default:
                    return false;
            }
        }

        private static WeightPlan Derived(string layer, string name, int length, ref int offset)
        {
            var tensor = new WeightPlan(layer + "/" + name, TensorShape.Of(length), offset, false);
            offset += length;
            return tensor;
        }
    }
}
