using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// Decides which layers the SIMD forms compute together, in three passes over the plan:
    /// <list type="number">
    /// <item>A standalone Activation, plain ReLU or ReLU(max_value=6) after a layer whose own activation is linear (Conv1D/2D,
    /// Dense, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose, a merge; after any folded BatchNormalization) becomes that
    /// layer's activation, applied on its registers (a merge: in the same pass).</item>
    /// <item>A Conv2D followed by a 'valid' MaxPooling2D whose windows tile the conv output (pool size = strides) is
    /// computed as one layer when the conv's activation is linear or relu (both monotonic, so they commute with max):
    /// each pooling window's conv outputs stay in registers, the conv output map is never written, and conv outputs no
    /// window reads (the floor of a 'valid' pooling) are never computed. A folded BatchNormalization or activation in
    /// between is no obstacle.</item>
    /// <item>A 3x3 stride-1 Conv2D with enough channels runs as Winograd F(4x4,3x3) (<see cref="WinogradChoice"/>):
    /// 36 multiplications per 16 outputs and channel pair instead of 144.</item>
    /// </list>
    /// </summary>
    internal static class LayerFusion
    {
        /// <summary>Largest pooling window fused (the block's accumulators must fit the registers).</summary>
        private const int MaxWindowCells = 6;

        public static ModelPlan Apply(ModelPlan plan)
        {
            var layers = new List<LayerPlan>(plan.Layers);
            bool changed = false;
            int[] consumers = plan.ConsumerCounts();
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan target = layers[i];
                int next = target.LastComputed + 1;
                if (next >= layers.Count || !plan.SoleConsumer(target.LastComputed, next, consumers) || FoldableActivation(target, layers[next]) is not ActivationKind kind) continue;
                layers[i] = target with { Spec = target.Spec with { Activation = kind }, FoldedActivation = next };
                layers[next] = layers[next] with { FoldedInto = i };
                changed = true;
            }
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan conv = layers[i];
                int next = conv.LastComputed + 1;
                if (next >= layers.Count || !plan.SoleConsumer(conv.LastComputed, next, consumers) || !CanFuse(conv, layers[next])) continue;
                layers[i] = conv with { FusedPool = next };
                layers[next] = layers[next] with { FoldedInto = i };
                changed = true;
            }
            int lastComputing = Planner.LastComputing(layers, 0, layers.Count);
            int derivedOffset = plan.ParameterArrayLength;
            for (int i = 0; i < layers.Count; i++)
            {
                LayerPlan conv = layers[i];
                // The last computing layer writes the caller's output span, which has no room for the workspace.
                LayerPlan? pool = conv.FusedPool >= 0 ? layers[conv.FusedPool] : null;
                if (i == lastComputing || !WinogradChoice.Suits(conv, pool)) continue;
                layers[i] = WinogradChoice.Apply(conv, pool, ref derivedOffset);
                changed = true;
            }
            return changed ? plan with { Layers = layers.ToEquatableArray() } : plan;
        }

        /// <summary>
        /// The function of <paramref name="activation"/> when <paramref name="target"/> can apply it as its own
        /// activation: a layer with a fused activation that is linear (after any folded BatchNormalization), followed
        /// by an Activation layer or a plain ReLU (no max_value, slope or threshold). Null otherwise.
        /// </summary>
        private static ActivationKind? FoldableActivation(LayerPlan target, LayerPlan activation)
        {
            if (!target.Kind.HasActivation() || target.Kind == LayerKind.Activation) return null;
            if (target.Spec.Activation != ActivationKind.Linear || target.FoldedActivation >= 0) return null;
            LayerSpec a = activation.Spec;
            if (activation.Kind == LayerKind.Activation) return a.Activation;
            if (activation.Kind != LayerKind.ReLU || a.NegativeSlope != 0 || a.Threshold != 0) return null;
            if (a.MaxValue is null || double.IsPositiveInfinity(a.MaxValue.Value)) return ActivationKind.Relu;
            // ReLU(max_value=6), as MobileNet writes relu6: Keras' min(max(x, 0), 6).
            return a.MaxValue == 6.0 ? ActivationKind.Relu6 : (ActivationKind?)null;
        }

        private static bool CanFuse(LayerPlan conv, LayerPlan pool)
        {
            if (conv.Kind != LayerKind.Conv2D || pool.Kind != LayerKind.MaxPooling2D || PixelLanes.Suits(conv)) return false;
            ActivationKind act = conv.Spec.Activation;
            if (act != ActivationKind.Linear && act != ActivationKind.Relu) return false;
            LayerSpec p = pool.Spec;
            return p.Padding == PaddingKind.Valid && p.StrideHeight == p.KernelHeight && p.StrideWidth == p.KernelWidth &&
                   p.KernelHeight * p.KernelWidth <= MaxWindowCells && pool.Output.Length > 0;
        }
    }
}
