using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// DepthwiseConv2D: output channel <c>c*dm + m</c> is input channel c convolved with its m-th filter
    /// (<c>depthwise_kernel [kh, kw, in, dm]</c>, so the kernel of output channel q at cell (ky, kx) sits at
    /// <c>(ky*kw + kx)*in*dm + q</c>). Unrolled: one statement per output value. Looped: literal-bounded loops over
    /// output pixels and channels, the window unrolled and guarded only where 'same' padding needs it. Bias and
    /// activation fused.
    /// </summary>
    internal sealed class DepthwiseConv2DEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            int dm = layer.Spec.DepthMultiplier;
            WeightPlan kernel = layer.Weight("depthwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            if (context.Unrolled)
            {
                for (int oy = 0; oy < g.OutH; oy++)
                {
                    for (int ox = 0; ox < g.OutW; ox++)
                    {
                        var cells = WindowCells.Unrolled(layer, g, oy, ox);
                        for (int q = 0; q < g.OutC; q++)
                        {
                            int c = q / dm;
                            var terms = new List<string>();
                            if (bias != null) terms.Add($"w[{bias.Offset + q}]");
                            foreach ((int ky, int kx, int pixel) in cells)
                            {
                                terms.Add($"x[{pixel + c}] * w[{kernel.Offset + (ky * g.KW + kx) * g.OutC + q}]");
                            }
                            Conv2DEmitter.WriteSum(context, $"y[{(oy * g.OutW + ox) * g.OutC + q}]", terms, v => ActivationWriter.Apply(layer.Spec.Activation, v, context));
                            context.SplitPoint();
                        }
                    }
                }
            }
            else
            {
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
                w.Line(bias != null
                    ? $"for (int q = 0; q < {g.OutC}; q++) y[o + q] = w[{bias.Offset} + q];"
                    : $"for (int q = 0; q < {g.OutC}; q++) y[o + q] = 0f;");
                WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
                {
                    int cell = kernel.Offset + (ky * g.KW + kx) * g.OutC;
                    if (dm == 1)
                    {
                        w.Line($"for (int c = 0; c < {g.InC}; c++) y[o + c] += x[i + c] * w[{cell} + c];");
                        return;
                    }
                    w.Open($"for (int c = 0; c < {g.InC}; c++)");
                    w.Line("float v = x[i + c];");
                    w.Line($"int q = c * {dm};");
                    w.Line($"for (int m = 0; m < {dm}; m++) y[o + q + m] += v * w[{cell} + q + m];");
                    w.Close();
                });
                string applied = ActivationWriter.Apply(layer.Spec.Activation, "y[o + q]", context);
                if (applied != "y[o + q]") w.Line($"for (int q = 0; q < {g.OutC}; q++) y[o + q] = {applied};");
                w.Close();
                w.Close();
            }
            if (layer.Spec.RowWiseActivation() is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }
    }
}
