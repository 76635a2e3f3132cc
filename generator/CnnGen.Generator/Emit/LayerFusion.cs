using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Decides which layers the SIMD forms compute together. A Conv2D followed by a 'valid' MaxPooling2D whose windows
    /// tile the conv output (pool size = strides) is computed as one layer when the conv's activation is linear or
    /// relu (both monotonic, so they commute with max): each pooling window's conv outputs stay in registers, the conv
    /// output map is never written, and conv outputs no window reads (the floor of a 'valid' pooling) are never computed.
    /// A BatchNormalization folded into the conv is no obstacle: the fused pool is then the layer after it.
    /// </summary>
    internal static class LayerFusion
    {
        /// <summary>Largest pooling window fused (the block's accumulators must fit the registers).</summary>
        private const int MaxWindowCells = 6;

        public static ModelPlan Apply(ModelPlan plan)
        {
            var layers = new List<LayerPlan>(plan.Layers);
            bool changed = false;
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan conv = layers[i];
                int next = conv.FoldedNorm >= 0 ? conv.FoldedNorm + 1 : i + 1;
                if (next >= layers.Count || !CanFuse(conv, layers[next])) continue;
                layers[i] = conv with { FusedPool = next };
                layers[next] = layers[next] with { FoldedInto = i };
                changed = true;
            }
            return changed ? plan with { Layers = layers.ToEquatableArray() } : plan;
        }

        private static bool CanFuse(LayerPlan conv, LayerPlan pool)
        {
            if (conv.Kind != LayerKind.Conv2D || pool.Kind != LayerKind.MaxPooling2D) return false;
            ActivationKind act = conv.Spec.Activation;
            if (act != ActivationKind.Linear && act != ActivationKind.Relu) return false;
            LayerSpec p = pool.Spec;
            return p.Padding == PaddingKind.Valid && p.StrideHeight == p.KernelHeight && p.StrideWidth == p.KernelWidth &&
                   p.KernelHeight * p.KernelWidth <= MaxWindowCells && pool.Output.Length > 0;
        }
    }
}
