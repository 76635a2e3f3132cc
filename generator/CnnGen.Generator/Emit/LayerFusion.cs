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
    /// Then, a 3x3 stride-1 Conv2D with enough channels runs as Winograd F(4x4,3x3) (<see cref="WinogradEmitter"/>):
    /// 36 multiplications per 16 outputs and channel pair instead of 144.
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
            int lastComputing = -1;
            for (int i = 0; i < layers.Count; i++) if (!ModelEmitter.IsIdentity(layers[i])) lastComputing = i;
            int derivedOffset = plan.ParameterArrayLength;
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan conv = layers[i];
                // The last computing layer writes the caller's output span, which has no room for the workspace.
                LayerPlan? pool = conv.FusedPool >= 0 ? layers[conv.FusedPool] : null;
                if (i == lastComputing || !WinogradEmitter.Suits(conv, pool)) continue;
                layers[i] = WinogradEmitter.Plan(conv, pool, ref derivedOffset);
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
