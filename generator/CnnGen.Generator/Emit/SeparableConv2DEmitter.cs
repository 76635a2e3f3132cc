using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// SeparableConv2D, one output pixel at a time: the depthwise step (<c>depthwise_kernel [kh, kw, in, dm]</c>, no bias)
    /// fills a stack buffer <c>t</c> of in*dm values, then the pointwise step (<c>pointwise_kernel [1, 1, in*dm, filters]</c>)
    /// maps it to the pixel's filters, bias and activation fused. The intermediate image never exists, so the layer
    /// needs no scratch beyond in*dm floats of stack.
    /// </summary>
    internal sealed class SeparableConv2DEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            int dm = layer.Spec.DepthMultiplier, depth = g.InC * dm, filters = g.OutC;
            WeightPlan depthwise = layer.Weight("depthwise_kernel")!;
            WeightPlan pointwise = layer.Weight("pointwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            w.Line($"global::System.Span<float> t = stackalloc float[{depth}];");
            context.EndPrologue();
            if (context.Unrolled)
            {
                for (int oy = 0; oy < g.OutH; oy++)
                {
                    for (int ox = 0; ox < g.OutW; ox++)
                    {
                        w.Comment($"pixel ({oy}, {ox})");
                        var cells = WindowCells.Unrolled(layer, g, oy, ox);
                        for (int q = 0; q < depth; q++)
                        {
                            var terms = new List<string>();
                            foreach ((int ky, int kx, int pixel) in cells)
                            {
                                terms.Add($"x[{pixel + q / dm}] * w[{depthwise.Offset + (ky * g.KW + kx) * depth + q}]");
                            }
                            Conv2DEmitter.WriteSum(context, $"t[{q}]", terms, v => v);
                        }
                        for (int f = 0; f < filters; f++)
                        {
                            var terms = new List<string>();
                            if (bias != null) terms.Add($"w[{bias.Offset + f}]");
                            for (int q = 0; q < depth; q++) terms.Add($"t[{q}] * w[{pointwise.Offset + q * filters + f}]");
                            Conv2DEmitter.WriteSum(context, $"y[{(oy * g.OutW + ox) * filters + f}]", terms, v => ActivationWriter.Apply(layer.Spec.Activation, v, context));
                        }
                        context.SplitPoint();
                    }
                }
            }
            else
            {
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                w.Line("t.Clear();");
                WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
                {
                    int cell = depthwise.Offset + (ky * g.KW + kx) * depth;
                    if (dm == 1)
                    {
                        w.Line($"for (int c = 0; c < {g.InC}; c++) t[c] += x[i + c] * w[{cell} + c];");
                        return;
                    }
                    w.Open($"for (int c = 0; c < {g.InC}; c++)");
                    w.Line("float v = x[i + c];");
                    w.Line($"int q = c * {dm};");
                    w.Line($"for (int m = 0; m < {dm}; m++) t[q + m] += v * w[{cell} + q + m];");
                    w.Close();
                });
                w.Line($"int o = (oy * {g.OutW} + ox) * {filters};");
                w.Line(bias != null
                    ? $"for (int f = 0; f < {filters}; f++) y[o + f] = w[{bias.Offset} + f];"
                    : $"for (int f = 0; f < {filters}; f++) y[o + f] = 0f;");
                w.Open($"for (int q = 0; q < {depth}; q++)");
                w.Line("float v = t[q];");
                w.Line($"int k = {pointwise.Offset} + q * {filters};");
                w.Line($"for (int f = 0; f < {filters}; f++) y[o + f] += v * w[k + f];");
                w.Close();
                string applied = ActivationWriter.Apply(layer.Spec.Activation, "y[o + f]", context);
                if (applied != "y[o + f]") w.Line($"for (int f = 0; f < {filters}; f++) y[o + f] = {applied};");
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
