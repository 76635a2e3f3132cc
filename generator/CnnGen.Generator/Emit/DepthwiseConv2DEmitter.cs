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
            else if (context.Vectorized && g.OutC >= 4 && (dm == 1 || WindowCells.CopyFloats(g, dm) <= WindowCells.MaxCopyFloats))
            {
                // Where windows reach into the padding, every path reads the input from its zero border; not with strides,
                // where each input is read too few times to pay for the copy (mobilenetv2_blocks, 8x8x24 stride 2: 0.21 µs
                // guarded, 0.31 bordered; stride 1: 0.76 guarded, 0.59 bordered). A depth multiplier above 1 copies the
                // input anyway (each channel repeated), bordered where there is padding.
                bool copied = dm > 1 || g.SH == 1 && g.SW == 1 && Conv2DEmitter.FitsBorder(g);
                WindowGeometry paths = copied ? WindowCells.EmitInputCopy(g, w, dm) : g;
                VectorBlocks.Dispatch(context, g.OutC, (lanes, vec) =>
                {
                    if (lanes.Width == 1) EmitLoops(layer, paths, context, 1);
                    else EmitVector(layer, paths, context, lanes, vec);
                }, null, remainderVector: true, input: copied ? "xb" : "x");
                if (!VectorBlocks.IsVectorActivation(layer.Spec.Activation))
                {
                    ActivationWriter.EmitPass(layer.Spec.Activation, "0", checked((int)layer.Output.Length), "i", context);
                }
            }
            else
            {
                EmitLoops(layer, g, context, dm);
            }
            if (layer.Spec.RowWiseActivation() is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }

        /// <summary>
        /// The SIMD form of a depth multiplier of 1: each output channel is its input channel times its own kernel, so the
        /// channels are the vector lanes. Per block of output pixels along a row, the channel vectors in register blocks,
        /// one accumulator per pixel and vector; each kernel cell one load of the cell's kernel row per vector, shared by
        /// the block's pixels, and per pixel one input load and a multiply-add per vector (several pixels: the
        /// multiply-adds do not wait on each other). Channels left over from the whole vectors are one more vector ending
        /// at the last one, overlapping the one before. Bias is the accumulators' start, relu runs on them; another
        /// activation is one pass over the output after the path.
        /// </summary>
        private static void EmitVector(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec)
        {
            SourceWriter w = context.Writer;
            int width = lanes.Width, vectors = g.OutC / width;
            WeightPlan kernel = layer.Weight("depthwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            // Several pixels only where no window reaches into the padding: a cell's guard is the first pixel's.
            int run = g.HasPadding ? 1 : PixelsPerBlock(g, width, vectors);
            string pixels = run == 1 ? "per output pixel" : $"per {run} output pixels along a row";
            w.Comment($"{lanes.PathName}: {pixels}, the channels in {VectorBlocks.Describe(lanes, g.OutC, VectorBlocks.MaxAccumulators, run)}{VectorBlocks.OverlapNote(g.OutC, lanes, "channels")}.");
            System.Action<int> blocks = count =>
            {
                System.Action<string, int> block = (first, n) =>
                {
                    w.Open("");
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"var {Accumulator(count, 0, j)} = {VectorBlocks.BiasOrZero(vec, lanes, first, j, bias)};");
                        for (int p = 1; p < count; p++) w.Line($"var {Accumulator(count, p, j)} = {Accumulator(count, 0, j)};");
                    }
                    EmitVectorWindow(layer, g, context, lanes, vec, kernel.Offset, first, n, count);
                    for (int j = 0; j < n; j++)
                    {
                        for (int p = 0; p < count; p++)
                        {
                            w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, Accumulator(count, p, j), vec)}, ref Uns.Add(ref yr, o + {VectorBlocks.Sum(first, lanes.Offset(p * g.OutC, j))}));");
                        }
                    }
                    w.Close();
                };
                VectorBlocks.ForEachGroup(w, vectors, VectorBlocks.MaxAccumulators, lanes, "cb", block);
                if (VectorBlocks.Overlaps(g.OutC, lanes)) block(VectorBlocks.OverlapStart(g.OutC, lanes), 1);
            };
            int rest = g.OutW % run;
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open(run == 1 ? $"for (int ox = 0; ox < {g.OutW}; ox++)" : $"for (int ox = 0; ox <= {g.OutW - run}; ox += {run})");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            blocks(run);
            w.Close();
            if (rest > 0)
            {
                w.Open($"// the last {rest} pixel{(rest == 1 ? "" : "s")} of the row");
                w.Line($"const int ox = {g.OutW - rest};");
                w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
                blocks(rest);
                w.Close();
            }
            w.Close();
        }

        /// <summary>
        /// Output pixels along a row per block: enough accumulators (pixels × channel vectors) to hide the multiply-adds'
        /// latency, at most 8 pixels, the row split evenly (8 is 4 + 4, not 6 + 2).
        /// </summary>
        private static int PixelsPerBlock(WindowGeometry g, int width, int vectors)
        {
            int blockVectors = System.Math.Max(1, System.Math.Min(vectors, VectorBlocks.MaxAccumulators));
            int most = System.Math.Max(1, System.Math.Min(System.Math.Min(8, g.OutW), VectorBlocks.TargetAccumulators(width) / blockVectors));
            return VectorBlocks.EvenRun(g.OutW, most);
        }

        /// <summary>The accumulator of pixel <paramref name="p"/> and vector <paramref name="j"/> in a block of <paramref name="pixels"/>.</summary>
        private static string Accumulator(int pixels, int p, int j) => pixels == 1 ? $"a{j}" : $"a{p}_{j}";

        /// <summary>
        /// The kernel window of a depth multiplier of 1 on channel vectors <paramref name="first"/> + j·width, j &lt;
        /// <paramref name="n"/>, of <paramref name="pixels"/> output pixels along a row, into accumulators a0.. (one
        /// pixel) or a{p}_{j} (declared by the caller): per cell one load of the cell's kernel row per vector
        /// (<paramref name="kernelOffset"/> + cell × channels) and per pixel an input load and a multiply-add per vector.
        /// Also the depthwise step of <see cref="SeparableConv2DEmitter"/>'s SIMD form.
        /// </summary>
        internal static void EmitVectorWindow(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec, int kernelOffset, string first, int n, int pixels = 1)
        {
            SourceWriter w = context.Writer;
            int channels = g.InC;
            WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
            {
                int cell = kernelOffset + (ky * g.KW + kx) * channels;
                w.Line($"ref float xp = ref Uns.Add(ref xr, {VectorBlocks.Sum("i", first)});");
                w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Sum(first, cell.ToString(System.Globalization.CultureInfo.InvariantCulture))});");
                if (pixels == 1)
                {
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"a{j} = {context.MultiplyAdd(vec, $"{vec}.LoadUnsafe(ref {lanes.Ref("xp", 0, j)})", $"{vec}.LoadUnsafe(ref {lanes.Ref("kr", 0, j)})", $"a{j}")};");
                    }
                    return;
                }
                for (int j = 0; j < n; j++) w.Line($"var k{j} = {vec}.LoadUnsafe(ref {lanes.Ref("kr", 0, j)});");
                for (int p = 0; p < pixels; p++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        string a = Accumulator(pixels, p, j);
                        w.Line($"{a} = {context.MultiplyAdd(vec, $"{vec}.LoadUnsafe(ref {lanes.Ref("xp", p * g.SW * channels, j)})", $"k{j}", a)};");
                    }
                }
            });
        }

        /// <summary>The looped scalar form (also the scalar path of the SIMD form, there with <paramref name="dm"/> 1 over an input made for it).</summary>
        private static void EmitLoops(LayerPlan layer, WindowGeometry g, EmitContext context, int dm)
        {
            SourceWriter w = context.Writer;
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
