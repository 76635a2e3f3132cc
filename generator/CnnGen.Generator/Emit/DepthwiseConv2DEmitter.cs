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
            else if (context.Vectorized && dm == 1 && g.OutC >= 4)
            {
                VectorBlocks.Dispatch(context, g.OutC, (width, vec) =>
                {
                    if (width == 1) EmitLoops(layer, g, context);
                    else EmitVector(layer, g, context, Lanes.Of(width), vec);
                }, remainderVector: true);
                if (!VectorBlocks.IsVectorActivation(layer.Spec.Activation))
                {
                    ActivationWriter.EmitPass(layer.Spec.Activation, "0", checked((int)layer.Output.Length), "i", context);
                }
            }
            else
            {
                EmitLoops(layer, g, context);
            }
            if (layer.Spec.RowWiseActivation() is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }

        /// <summary>
        /// The SIMD form of a depth multiplier of 1: each output channel is its input channel times its own kernel, so the
        /// channels are the vector lanes. Per output pixel, the channel vectors in register blocks, each kernel cell one
        /// load of the input pixel's channels, one of the cell's kernel row and a multiply-add per vector; channels left
        /// over from the whole vectors one more vector ending at the last one, overlapping the one before. Bias is the
        /// accumulators' start, relu runs on them; another activation is one pass over the output after the path.
        /// </summary>
        private static void EmitVector(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec)
        {
            SourceWriter w = context.Writer;
            int width = lanes.Width, vectors = g.OutC / width;
            WeightPlan kernel = layer.Weight("depthwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            w.Comment($"{lanes.PathName}: per output pixel, the channels in {VectorBlocks.Describe(lanes, g.OutC, VectorBlocks.MaxAccumulators, 1)}{VectorBlocks.OverlapNote(g.OutC, lanes, "channels")}.");
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            System.Action<string, int> block = (first, n) =>
            {
                w.Open("");
                for (int j = 0; j < n; j++)
                {
                    w.Line($"var a{j} = {VectorBlocks.BiasOrZero(vec, lanes, first, j, bias)};");
                }
                EmitVectorWindow(layer, g, context, lanes, vec, kernel.Offset, first, n);
                for (int j = 0; j < n; j++)
                {
                    w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{j}", vec)}, ref Uns.Add(ref yr, o + {VectorBlocks.Sum(first, lanes.Times(j))}));");
                }
                w.Close();
            };
            VectorBlocks.ForEachGroup(w, vectors, VectorBlocks.MaxAccumulators, lanes, "cb", block);
            if (VectorBlocks.Overlaps(g.OutC, lanes)) block(VectorBlocks.OverlapStart(g.OutC, lanes), 1);
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The kernel window of a depth multiplier of 1 on channel vectors <paramref name="first"/> + j·width, j &lt;
        /// <paramref name="n"/>, into accumulators a0.. (declared by the caller): per cell one input load, one load of the
        /// cell's kernel row (<paramref name="kernelOffset"/> + cell × channels) and a multiply-add per vector. Also the
        /// depthwise step of <see cref="SeparableConv2DEmitter"/>'s SIMD form.
        /// </summary>
        internal static void EmitVectorWindow(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec, int kernelOffset, string first, int n)
        {
            SourceWriter w = context.Writer;
            int channels = g.InC;
            WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
            {
                int cell = kernelOffset + (ky * g.KW + kx) * channels;
                w.Line($"ref float xp = ref Uns.Add(ref xr, {VectorBlocks.Sum("i", first)});");
                w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Sum(first, cell.ToString(System.Globalization.CultureInfo.InvariantCulture))});");
                for (int j = 0; j < n; j++)
                {
                    w.Line($"a{j} = {context.MultiplyAdd(vec, $"{vec}.LoadUnsafe(ref {lanes.Ref("xp", 0, j)})", $"{vec}.LoadUnsafe(ref {lanes.Ref("kr", 0, j)})", $"a{j}")};");
                }
            });
        }

        /// <summary>The looped scalar form (also the scalar path of the SIMD form).</summary>
        private static void EmitLoops(LayerPlan layer, WindowGeometry g, EmitContext context)
        {
            SourceWriter w = context.Writer;
            int dm = layer.Spec.DepthMultiplier;
            WeightPlan kernel = layer.Weight("depthwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            {
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
                w.Line(bias != null
                    ? $"for (int q = 0; q < {g.OutC}; q++) y[o + q] = w[{bias.Offset} + q];"
                    : $"for (int q = 0; q < {g.OutC}; q++) y[o + q] = 0f;");
                WindowCells.EmitLooped(layer, g, w, (ky, kx) => WindowCells.EmitDepthwiseCell(w, g, dm, kernel.Offset + (ky * g.KW + kx) * g.OutC, "y[o + "));
                // In the SIMD form an activation that does not run on registers is one pass after the paths (the scalar one included).
                bool passAfter = context.Vectorized && dm == 1 && g.OutC >= 4 && !VectorBlocks.IsVectorActivation(layer.Spec.Activation);
                string applied = passAfter ? "y[o + q]" : ActivationWriter.Apply(layer.Spec.Activation, "y[o + q]", context);
                if (applied != "y[o + q]") w.Line($"for (int q = 0; q < {g.OutC}; q++) y[o + q] = {applied};");
                w.Close();
                w.Close();
            }
        }
    }
}
