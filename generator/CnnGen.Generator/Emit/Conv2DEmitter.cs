using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Conv2D, NHWC input, HWIO kernel; also Conv1D, which is the same over (steps, 1, channels) with a (k, 1) kernel. Unrolled: one statement per output value, its window's multiply-adds
    /// written out with literal indices (padding cells simply absent). Looped: literal-bounded loops over output
    /// rows, columns, input and output channels; the kernel window unrolled, each window cell guarded only where
    /// 'same' padding can put it outside the input. Bias and activation fused.
    /// </summary>
    internal sealed class Conv2DEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            if (context.Unrolled) EmitUnrolled(layer, context);
            else if (context.Vectorized) EmitVectorLoops(layer, context);
            else EmitLoops(layer, context);
            ActivationKind? rowWise = layer.Spec.RowWiseActivation();
            if (rowWise is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }

        private static void EmitUnrolled(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            for (int oy = 0; oy < g.OutH; oy++)
            {
                for (int ox = 0; ox < g.OutW; ox++)
                {
                    for (int co = 0; co < g.OutC; co++)
                    {
                        var terms = new List<string>();
                        if (bias != null) terms.Add($"w[{bias.Offset + co}]");
                        for (int ky = 0; ky < g.KH; ky++)
                        {
                            int iy = oy * g.SH + ky * g.DH - g.PadTop;
                            if (iy < 0 || iy >= g.InH) continue;
                            for (int kx = 0; kx < g.KW; kx++)
                            {
                                int ix = ox * g.SW + kx * g.DW - g.PadLeft;
                                if (ix < 0 || ix >= g.InW) continue;
                                for (int ci = 0; ci < g.InC; ci++)
                                {
                                    int xi = (iy * g.InW + ix) * g.InC + ci;
                                    int ki = kernel.Offset + ((ky * g.KW + kx) * g.InC + ci) * g.OutC + co;
                                    terms.Add($"x[{xi}] * w[{ki}]");
                                }
                            }
                        }
                        int yi = (oy * g.OutW + ox) * g.OutC + co;
                        WriteSum(context, $"y[{yi}]", terms, value => ActivationWriter.Apply(layer.Spec.Activation, value, context));
                        context.SplitPoint();
                    }
                }
            }
        }

        /// <summary>
        /// Writes <c>target = f(t0 + t1 + ...);</c>, four terms per line. Long sums accumulate in one method-wide local,
        /// <c>sum</c>, declared on first use: a fresh block-scoped local per output would give an unrolled method
        /// thousands of locals, which makes the C# compiler's flow analysis (and the JIT) very slow.
        /// </summary>
        internal static void WriteSum(EmitContext context, string target, List<string> terms, System.Func<string, string> apply)
        {
            SourceWriter w = context.Writer;
            if (terms.Count == 0) terms.Add("0f");
            if (terms.Count <= 4)
            {
                w.Line($"{target} = {apply(string.Join(" + ", terms))};");
                return;
            }
            string declare = context.DeclareOnce("sum") ? "float " : "";
            w.Line($"{declare}sum = {string.Join(" + ", terms.GetRange(0, 4))};");
            for (int i = 4; i < terms.Count; i += 4)
            {
                w.Line($"sum += {string.Join(" + ", terms.GetRange(i, System.Math.Min(4, terms.Count - i)))};");
            }
            w.Line($"{target} = {apply("sum")};");
        }

        private static void EmitLoops(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            w.Line(bias != null
                ? $"for (int co = 0; co < {g.OutC}; co++) y[o + co] = w[{bias.Offset} + co];"
                : $"for (int co = 0; co < {g.OutC}; co++) y[o + co] = 0f;");
            WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
            {
                int cellOffset = kernel.Offset + (ky * g.KW + kx) * g.InC * g.OutC;
                w.Open($"for (int ci = 0; ci < {g.InC}; ci++)");
                w.Line("float v = x[i + ci];");
                w.Line($"int k = {cellOffset} + ci * {g.OutC};");
                w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] += v * w[k + co];");
                w.Close();
            });
            string applied = ActivationWriter.Apply(layer.Spec.Activation, "y[o + co]", context);
            if (applied != "y[o + co]") w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] = {applied};");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The SIMD looped form: a block of output pixels × output channels in blocks of up to 4 vectors, one accumulator
        /// per pixel and vector in registers. Per kernel cell and input channel, the channel vectors' weights are loaded
        /// once and each pixel's input value is broadcast once and multiplied into its accumulators. Bias is the
        /// accumulators' initial value, relu runs on the registers before the store. Unfused, the block is a run of P
        /// pixels along a row. With a following 'valid' max pooling fused in (<see cref="LayerPlan.FusedPool"/>), the
        /// block is one pooling window: its conv outputs are reduced by max in registers and only the pooled value is
        /// stored (the conv output map is never written, and conv outputs no pooling window reads are never computed).
        /// Channels left over from the vector width are computed one by one, as is everything on the scalar path.
        /// </summary>
        private static void EmitVectorLoops(LayerPlan layer, EmitContext context)
        {
            var g = new WindowGeometry(layer);
            if (PixelLanes.Suits(layer))
            {
                // Too few channels for channel lanes: pixels × channels, at every width a vector holds a pixel's channels.
                VectorBlocks.Dispatch(context, g.OutW * g.OutC, (lanes, vec) =>
                {
                    if (lanes.Width > 1 && PixelLanes.PixelsPerVector(g, lanes.Width) > 0) PixelLanesConv.EmitPath(layer, context, lanes, vec);
                    else EmitPath(layer, context, lanes, vec);
                }, null, remainderVector: true);
                return;
            }
            bool bordered = FitsBorder(g);
            if (bordered) WindowCells.EmitInputCopy(g, context.Writer);
            int padded = PaddedWidth(layer, context);
            VectorBlocks.Dispatch(context, padded > 0 ? padded : layer.Output.Last, (lanes, vec) => EmitPath(layer, context, lanes, vec, bordered), width => NarrowShape(layer, context, width), remainderVector: true, input: bordered ? "xb" : "x");
        }

        /// <summary>
        /// Whether windows reach into the padding and the input fits a bordered copy on the stack
        /// (<see cref="WindowCells.EmitInputCopy"/>): the tests sat beside every multiply-add of a small 'same' conv,
        /// where every block touches the border.
        /// </summary>
        internal static bool FitsBorder(WindowGeometry g) => g.HasPadding && WindowCells.CopyFloats(g) <= WindowCells.MaxCopyFloats;

        /// <summary>
        /// The width of one vector holding all the output channels, its last lanes unused, when they fill it more than half
        /// (5–7 channels: Vector256, 9–15: Vector512), else 0. One multiply-add per pixel and cell then does what two
        /// narrower overlapping ones did (6 channels: one 8-lane vector instead of two 4-lane ones). Its weight and bias
        /// loads read a few floats past the layer's (the weights array has 16 to spare) and each pixel's store writes
        /// garbage lanes into the next pixel's channels, which are stored after it (pixels go in order, one row per
        /// block), or into the 16 floats every buffer has to spare: so only in a chain (a graph's buffers are shared by
        /// live tensors), not for the last layer (it writes the caller's span) and not with a fused pooling.
        /// </summary>
        internal static int PaddedWidth(LayerPlan layer, EmitContext context)
        {
            int channels = layer.Output.Last;
            int width = channels >= 5 && channels <= 7 ? 8 : channels >= 9 && channels <= 15 ? 16 : 0;
            if (width == 0 || width > (context.Step?.WidestVector ?? 16)) return 0;
            if (context.Graph || context.Plan.LastComputing == layer.Index || context.Model.FusedPoolOf(layer) != null) return 0;
            return width;
        }

        private const int MaxChannelVectors = 4;

        /// <summary>Most output pixels of a row in one register block without pooling.</summary>
        private const int MaxBlockColumns = 6;

        /// <summary>The accumulators a register block may use: 24 of the 32 registers of AVX-512, 8 of 16 otherwise.</summary>
        private static int Accumulators(int width) => width == 16 ? 24 : 8;

        /// <summary>
        /// The structure of the vector path at a width: channel-vector blocks (one loop over all channels, none left over)
        /// and pixels per block. Vector256 and Vector128 share one generic body when theirs are equal.
        /// </summary>
        private static object NarrowShape(LayerPlan layer, EmitContext context, int width)
        {
            if (PaddedWidth(layer, context) == width) return width; // a shape no other width has
            var g = new WindowGeometry(layer);
            LayerPlan? pool = context.Model.FusedPoolOf(layer);
            int max = pool != null ? PooledChannelVectors(pool, width) : MaxChannelVectors;
            (int block, bool wholeLoop) = VectorBlocks.GroupShape(g.OutC, max, width);
            if (!wholeLoop) return width; // a shape no other width has
            if (pool != null) return (block, max, PoolingWindowsPerBlock(g, pool, width, g.OutC / width));
            return (block, max, PixelBlock(g, width, g.OutC / width, NoRowTail(layer, g, g.OutC)));
        }

        /// <summary>Channel vectors per block with a fused pooling: the window's conv outputs × these fit the accumulators.</summary>
        private static int PooledChannelVectors(LayerPlan pool, int width) =>
            System.Math.Max(1, System.Math.Min(MaxChannelVectors, Accumulators(width) / (pool.Spec.KernelHeight * pool.Spec.KernelWidth)));

        /// <summary>
        /// Pooling windows along a row per block with a fused pooling: as many as the accumulators allow beside the window's
        /// conv outputs × channel vectors (a conv to 8 channels pooled 2x2 on Vector256 keeps 2 windows, 8 accumulators, in
        /// flight instead of 4, so that the multiply-adds do not wait on each other). 1 when channels are left for the scalar tail.
        /// </summary>
        private static int PoolingWindowsPerBlock(WindowGeometry g, LayerPlan pool, int width, int vectors)
        {
            int cells = pool.Spec.KernelHeight * pool.Spec.KernelWidth;
            int blockVectors = BlockVectors(g.OutC, width, vectors, PooledChannelVectors(pool, width));
            return System.Math.Max(1, System.Math.Min(pool.Output[1], Accumulators(width) / (cells * blockVectors)));
        }

        /// <summary>
        /// Output pixels per block without pooling: <c>Cols</c> along a row (up to <see cref="MaxBlockColumns"/>, as many as the accumulators allow, the
        /// row split evenly: 8 is 4 + 4, not 6 + 2), and <c>Rows</c> rows of them where a row's block leaves the multiply-adds
        /// waiting on each other (an 8x8 output to 8 channels on Vector256: 2 x 4 pixels, 8 accumulators, instead of 6 + 2).
        /// Several rows only when nothing runs per row after the blocks (<paramref name="rowsAllowed"/>).
        /// </summary>
        private static (int Rows, int Cols) PixelBlock(WindowGeometry g, int width, int vectors, bool rowsAllowed)
        {
            int blockVectors = BlockVectors(g.OutC, width, vectors, MaxChannelVectors);
            int pixels = System.Math.Max(1, Accumulators(width) / blockVectors);
            int maxCols = System.Math.Max(1, System.Math.Min(System.Math.Min(MaxBlockColumns, g.OutW), pixels));
            int cols = VectorBlocks.EvenRun(g.OutW, maxCols);
            int rows = 1;
            int target = VectorBlocks.TargetAccumulators(width);
            if (rowsAllowed && cols * blockVectors < target)
            {
                rows = System.Math.Min(g.OutH, System.Math.Min(pixels / cols, (target + cols * blockVectors - 1) / (cols * blockVectors)));
                rows = System.Math.Max(1, rows);
                if (rows > 1) rows = VectorBlocks.EvenRun(g.OutH, rows); // the rows split evenly too
            }
            return (rows, cols);
        }

        /// <summary>
        /// Whether nothing runs per output row after its vector blocks: no channels left, and an activation done in registers
        /// or in one vectorized pass over the whole output after the rows (<see cref="WholeOutputPass"/>).
        /// </summary>
        private static bool NoRowTail(LayerPlan layer, WindowGeometry g, int covered) =>
            covered >= g.OutC && (VectorBlocks.IsVectorActivation(layer.Spec.Activation) || ActivationWriter.HasSpanForm(layer.Spec.Activation));

        /// <summary>
        /// Whether the activation runs as one vectorized pass over the whole output after the blocks (tanh, sigmoid, ...
        /// with every channel on vectors): one call instead of one per output row (global_pools_max's 11 rows of 90).
        /// </summary>
        private static bool WholeOutputPass(LayerPlan layer, WindowGeometry g, int covered) =>
            covered >= g.OutC && !VectorBlocks.IsVectorActivation(layer.Spec.Activation) && ActivationWriter.HasSpanForm(layer.Spec.Activation);

        /// <summary>
        /// One path of the SIMD looped form: <paramref name="lanes"/> floats per vector (<paramref name="vec"/> its class), or
        /// 1 for the scalar path (which the Winograd form also uses).
        /// </summary>
        internal static void EmitPath(LayerPlan layer, EmitContext context, Lanes lanes, string vec, bool bordered = false)
        {
            var g = new WindowGeometry(layer);
            if (bordered) g = g.Bordered();
            LayerPlan? pool = context.Model.FusedPoolOf(layer);
            SourceWriter w = context.Writer;
            int width = lanes.Width;
            bool padded = width > 1 && !lanes.Generic && width == PaddedWidth(layer, context);
            int vectors = width == 1 ? 0 : padded ? 1 : g.OutC / width;
            // Channels left over from the whole vectors: one more vector ending at the last channel, overlapping the one
            // before (the channels both hold get the same sums, stored twice), so none runs one by one.
            int covered = padded || VectorBlocks.Overlaps(g.OutC, lanes) ? g.OutC : vectors * width;
            string tailNote = padded
                ? $", the {g.OutC} channels in one vector whose last {width - g.OutC} lanes are unused (stored into the next pixel's channels, which are stored after it)"
                : VectorBlocks.OverlapNote(g.OutC, lanes, "channels");
            string path = lanes.PathName;
            string Blocks(int max, int pixels) => VectorBlocks.Describe(lanes, g.OutC, max, pixels);
            if (pool != null)
            {
                int ph = pool.Spec.KernelHeight, pw = pool.Spec.KernelWidth;
                int maxVectors = PooledChannelVectors(pool, width);
                if (!lanes.Generic && MergesOverlap(g.OutC, width, vectors, maxVectors)) tailNote += ", in the same block";
                w.Comment(width > 1
                    ? $"{path}: per {ph}x{pw} pooling window, its {ph * pw} conv outputs × output channels in {Blocks(maxVectors, ph * pw)}, max in registers{tailNote}."
                    : "Scalar: one pooled value at a time.");
                int poolH = pool.Output[0], poolW = pool.Output[1];
                // Several windows per block where the accumulators allow (none when channels are left for the scalar tail).
                int per = width > 1 && covered == g.OutC ? PoolingWindowsPerBlock(g, pool, width, vectors) : 1;
                w.Open($"for (int py = 0; py < {poolH}; py++)");
                if (per > 1)
                {
                    w.Comment($"{per} pooling windows along the row per block.");
                    int rest = poolW % per;
                    w.Open($"for (int px = 0; px <= {poolW - per}; px += {per})");
                    w.Line($"int oy = py * {ph}, ox = px * {pw};");
                    w.Line($"int o = (py * {poolW} + px) * {g.OutC};");
                    EmitBlock(layer, g, context, lanes, vec, vectors, ph, pw * per, true, maxVectors, per);
                    w.Close();
                    if (rest > 0)
                    {
                        w.Open($"// the last {rest} window{(rest == 1 ? "" : "s")} of the row");
                        w.Line($"const int px = {poolW - rest};");
                        w.Line($"int oy = py * {ph}, ox = px * {pw};");
                        w.Line($"int o = (py * {poolW} + px) * {g.OutC};");
                        EmitBlock(layer, g, context, lanes, vec, vectors, ph, pw * rest, true, maxVectors, rest);
                        w.Close();
                    }
                    w.Close();
                    return;
                }
                w.Open($"for (int px = 0; px < {poolW}; px++)");
                w.Line($"int oy = py * {ph}, ox = px * {pw};");
                w.Line($"int o = (py * {poolW} + px) * {g.OutC};");
                if (vectors > 0) EmitBlock(layer, g, context, lanes, vec, vectors, ph, pw, true, maxVectors);
                if (covered < g.OutC) EmitScalarPooled(layer, g, context, covered, ph, pw);
                w.Close();
                w.Close();
                return;
            }
            (int rows, int run) = (1, 1);
            if (width > 1)
            {
                // Padded vectors spill into the next pixel, so a block of several rows must hold whole rows (the spill of a
                // row's last pixel then lands on the next row's first, stored after it in the same block): a 1-D conv
                // (one pixel per row) keeps its multi-row blocks.
                (rows, run) = PixelBlock(g, width, vectors, NoRowTail(layer, g, covered) && (!padded || g.OutW <= MaxBlockColumns));
                string pixels = rows > 1 ? $"{rows}x{run} output pixels" : $"{run} output pixel{(run == 1 ? "" : "s")} along a row";
                if (!lanes.Generic && MergesOverlap(g.OutC, width, vectors, MaxChannelVectors)) tailNote += ", in the same block";
                w.Comment($"{path}: {pixels} × output channels in {Blocks(MaxChannelVectors, rows * run)}{tailNote}.");
            }
            else
            {
                w.Comment("Scalar: one output value at a time.");
            }
            int restRows = g.OutH % rows;
            w.Open(rows > 1 ? $"for (int oy = 0; oy <= {g.OutH - rows}; oy += {rows})" : $"for (int oy = 0; oy < {g.OutH}; oy++)");
            if (vectors > 0) EmitBlockRow(layer, g, context, lanes, vec, vectors, rows, run);
            if (rows == 1) EmitRowTail(layer, g, context, covered);
            w.Close();
            if (restRows > 0)
            {
                w.Open($"// the last {restRows} row{(restRows == 1 ? "" : "s")}");
                w.Line($"const int oy = {g.OutH - restRows};");
                EmitBlockRow(layer, g, context, lanes, vec, vectors, restRows, run);
                w.Close();
            }
            if (WholeOutputPass(layer, g, covered)) ActivationWriter.EmitPass(layer.Spec.Activation, "0", g.OutH * g.OutW * g.OutC, "i", context);
        }

        /// <summary>The blocks of <paramref name="rows"/> × <paramref name="run"/> output pixels from row oy on, and the last ones of the row.</summary>
        private static void EmitBlockRow(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec, int vectors, int rows, int run)
        {
            SourceWriter w = context.Writer;
            int rest = g.OutW % run;
            w.Open(run > 1 ? $"for (int ox = 0; ox <= {g.OutW - run}; ox += {run})" : $"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            EmitBlock(layer, g, context, lanes, vec, vectors, rows, run, false, MaxChannelVectors);
            w.Close();
            if (rest > 0)
            {
                w.Open($"// the last {rest} pixel{(rest == 1 ? "" : "s")} of the row{(rows == 1 ? "" : "s")}");
                w.Line($"const int ox = {g.OutW - rest};");
                w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
                EmitBlock(layer, g, context, lanes, vec, vectors, rows, rest, false, MaxChannelVectors);
                w.Close();
            }
        }

        /// <summary>
        /// The outputs of a <paramref name="rows"/> × <paramref name="cols"/> block of conv pixels from (oy, ox), output
        /// offset <c>o</c>, all vector channels; with <paramref name="poolMax"/> their max is stored at <c>o</c>.
        /// </summary>
        private static void EmitBlock(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec, int vectors, int rows, int cols, bool poolMax, int maxChannelVectors, int windows = 1)
        {
            SourceWriter w = context.Writer;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            int positions = rows * cols;
            // Vector j of a block starting at channel 'first' holds the channels from first + rel(j).
            System.Action<string, int, System.Func<int, string>> block = (first, n, rel) =>
            {
                w.Open("");
                for (int j = 0; j < n; j++)
                {
                    string init = VectorBlocks.BiasOrZero(vec, lanes, VectorBlocks.Sum(first, rel(j)), 0, bias);
                    w.Line($"var a0_{j} = {init};");
                    for (int p = 1; p < positions; p++) w.Line($"var a{p}_{j} = a0_{j};");
                }
                EmitWindow(layer, g, w, rows, cols, (body, guard) =>
                {
                    // Walking references let the JIT fold the offsets into the loads. The input's only where every
                    // pixel of the block is inside (a reference must not point outside its array).
                    bool inside = true;
                    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) inside &= guard(r, c) == null;
                    // The cell's block (EmitWindow's) holds these locals; one input channel needs no loop.
                    w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Sum(body, first)});");
                    if (inside) w.Line("ref float xp = ref Uns.Add(ref xr, i);");
                    if (g.InC == 1)
                    {
                        if (!inside) w.Line("const int ci = 0;"); // the guarded loads index with it
                    }
                    else w.Open($"for (int ci = 0; ci < {g.InC}; ci++)");
                    for (int j = 0; j < n; j++) w.Line($"var w{j} = {vec}.LoadUnsafe(ref {(rel(j) == "0" ? "kr" : $"Uns.Add(ref kr, {rel(j)})")});");
                    for (int r = 0; r < rows; r++)
                    {
                        for (int c = 0; c < cols; c++)
                        {
                            int p = r * cols + c;
                            int offset = (r * g.SH * g.InW + c * g.SW) * g.InC;
                            string? test = guard(r, c);
                            if (test != null) w.Open($"if ({test})");
                            w.Line($"var v{p} = {vec}.Create({(inside ? WinogradEmitter.Ref("xp", offset) : $"Uns.Add(ref xr, {Affine("i", 1, offset)} + ci)")});");
                            for (int j = 0; j < n; j++) w.Line($"a{p}_{j} = {context.MultiplyAdd(vec, $"v{p}", $"w{j}", $"a{p}_{j}")};");
                            if (test != null) w.Close();
                        }
                    }
                    if (g.InC > 1)
                    {
                        w.Line($"kr = ref Uns.Add(ref kr, {g.OutC});");
                        if (inside) w.Line("xp = ref Uns.Add(ref xp, 1);");
                        w.Close();
                    }
                });
                for (int j = 0; j < n; j++)
                {
                    if (poolMax)
                    {
                        // One max per pooling window: window k holds the columns [k·pw, (k+1)·pw) of the block.
                        int pw = cols / windows;
                        for (int k = 0; k < windows; k++)
                        {
                            string max = null!;
                            for (int r = 0; r < rows; r++)
                            {
                                for (int c = k * pw; c < (k + 1) * pw; c++)
                                {
                                    string a = $"a{r * cols + c}_{j}";
                                    max = max is null ? a : $"{vec}.Max({max}, {a})";
                                }
                            }
                            w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, max, vec)}, ref Uns.Add(ref yr, o + {VectorBlocks.Sum(first, VectorBlocks.Plus(rel(j), k * g.OutC))}));");
                        }
                        continue;
                    }
                    for (int p = 0; p < positions; p++)
                    {
                        int pixel = p / cols * g.OutW + p % cols;
                        w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{p}_{j}", vec)}, ref Uns.Add(ref yr, o + {VectorBlocks.Sum(first, VectorBlocks.Plus(rel(j), pixel * g.OutC))}));");
                    }
                }
                w.Close();
            };
            if (!lanes.Generic && MergesOverlap(g.OutC, lanes.Width, vectors, maxChannelVectors))
            {
                // The overlapping vector in the same block: each pixel's input broadcast once for all its vectors.
                block("0", vectors + 1, j => j < vectors ? lanes.Offset(0, j) : VectorBlocks.OverlapStart(g.OutC, lanes));
                return;
            }
            VectorBlocks.ForEachGroup(w, vectors, maxChannelVectors, lanes, "cb", (first, n) => block(first, n, j => lanes.Offset(0, j)));
            if (VectorBlocks.Overlaps(g.OutC, lanes)) block(VectorBlocks.OverlapStart(g.OutC, lanes), 1, j => "0");
        }

        /// <summary>
        /// Whether the overlapping vector joins the whole vectors' block (all of them fit one block): 12 channels on
        /// Vector256 are one block of vectors at 0 and 4, not a block at 0 and another at 4 that broadcast every input twice.
        /// </summary>
        private static bool MergesOverlap(int channels, int width, int vectors, int maxChannelVectors) =>
            VectorBlocks.Overlaps(channels, width) && vectors + 1 <= maxChannelVectors;

        /// <summary>Channel vectors in a register block: the whole vectors (at most <paramref name="max"/>), and the overlapping one where it joins them.</summary>
        private static int BlockVectors(int channels, int width, int vectors, int max) =>
            MergesOverlap(channels, width, vectors, max) ? vectors + 1 : System.Math.Max(1, System.Math.Min(vectors, max));

        /// <summary>
        /// Fused pooling, channels from <paramref name="tail"/> on, one by one: the max over the pooling window at (oy, ox)
        /// of each conv output, then the activation (relu and linear are monotonic, so they commute with max).
        /// </summary>
        private static void EmitScalarPooled(LayerPlan layer, WindowGeometry g, EmitContext context, int tail, int ph, int pw)
        {
            SourceWriter w = context.Writer;
            WeightPlan? bias = layer.Parameter("bias");
            w.Open($"for (int co = {tail}; co < {g.OutC}; co++)");
            w.Line("float best = float.NegativeInfinity;");
            w.Open($"for (int dy = 0; dy < {ph}; dy++)");
            w.Open($"for (int dx = 0; dx < {pw}; dx++)");
            w.Line("int cy = oy + dy, cx = ox + dx;");
            w.Line(bias != null ? $"float s = w[{bias.Offset} + co];" : "float s = 0f;");
            if (IsFallback(g, tail))
            {
                // The scalar path of a layer that has vector paths: compact, as it only runs without SIMD.
                WindowCells.EmitCompact(layer, g, w, cell => EmitScalarCell(g, w, cell), "cy", "cx");
            }
            else
            {
                WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
                    EmitScalarCell(g, w, (layer.Weight("kernel")!.Offset + (ky * g.KW + kx) * g.InC * g.OutC).ToString(System.Globalization.CultureInfo.InvariantCulture)), "cy", "cx");
            }
            w.Line("if (s > best) best = s;");
            w.Close();
            w.Close();
            w.Line($"y[o + co] = {ActivationWriter.Apply(layer.Spec.Activation, "best", context)};");
            w.Close();
        }

        /// <summary>
        /// Whether scalar code from channel <paramref name="tail"/> on is the fallback path (every channel, in a layer wide
        /// enough for the vector paths, which any SIMD hardware takes) rather than code that runs everywhere.
        /// </summary>
        private static bool IsFallback(WindowGeometry g, int tail) => tail == 0 && g.OutC >= EmitContext.VectorWidths[EmitContext.VectorWidths.Length - 1];

        /// <summary><c>s</c> plus the cell's products over the input channels; <paramref name="cell"/> is the offset of its [ci][co] weights.</summary>
        private static void EmitScalarCell(WindowGeometry g, SourceWriter w, string cell)
        {
            if (g.InC == 1) w.Line($"s += x[i] * w[{VectorBlocks.Sum(cell, "co")}];");
            else w.Line($"for (int ci = 0; ci < {g.InC}; ci++) s += x[i + ci] * w[{cell} + ci * {g.OutC} + co];");
        }

        /// <summary>
        /// Per pixel of row oy: the channels the vectors left over (from <paramref name="tail"/> on), one by one, and an
        /// activation that does not run on vectors, over all channels.
        /// </summary>
        private static void EmitRowTail(LayerPlan layer, WindowGeometry g, EmitContext context, int tail)
        {
            SourceWriter w = context.Writer;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            bool vectorAct = VectorBlocks.IsVectorActivation(act);
            // An activation with a vectorized form runs once over the row after it (ActivationWriter.EmitPass).
            bool rowPass = !vectorAct && context.Vectorized && ActivationWriter.HasSpanForm(act);
            int rowLength = g.OutW * g.OutC;
            // Every channel on vectors: the activation is in registers, or one pass after all rows (WholeOutputPass).
            if (tail >= g.OutC && (vectorAct || rowPass)) return;
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            if (tail < g.OutC)
            {
                w.Open($"for (int co = {tail}; co < {g.OutC}; co++)");
                w.Line(bias != null ? $"float s = w[{bias.Offset} + co];" : "float s = 0f;");
                // The scalar path of a layer that has vector paths compact, as it only runs without SIMD; the channels a
                // vector path left over, or a layer too narrow for vectors, with the window written out.
                if (IsFallback(g, tail)) WindowCells.EmitCompact(layer, g, w, cell => EmitScalarCell(g, w, cell));
                else EmitWindow(layer, g, w, 1, 1, (body, guard) => EmitScalarCell(g, w, body));
                w.Line($"y[o + co] = {(vectorAct ? ActivationWriter.Apply(act, "s", context) : "s")};");
                w.Close();
            }
            if (!vectorAct && !rowPass)
            {
                w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] = {ActivationWriter.Apply(act, "y[o + co]", context)};");
            }
            w.Close();
            if (rowPass) ActivationWriter.EmitPass(act, $"oy * {rowLength}", rowLength, "i", context);
        }

        /// <summary>
        /// The kernel window around the block of outputs (oy + r, ox + c), r &lt; <paramref name="rows"/>, c &lt;
        /// <paramref name="cols"/>: per cell, <c>i</c> (the input offset of the first pixel's cell) and guards where 'same'
        /// padding can put the cell outside. A one-row (one-column) block wraps the cell in an <c>if</c> on the row
        /// (column); otherwise each row and column gets a flag (<c>rowIn0</c>, <c>colIn1</c>, ...) and
        /// <paramref name="inner"/>'s guard function gives the test for pixel (r, c), or null when none is needed. It
        /// also gets the offset of the cell's [ci][co] weight block, as C# text. When no kernel row needs a guard (e.g.
        /// 'valid' padding), the rows are a loop over <c>ky</c> and only the cells of one row are written out: the code
        /// does not grow with the kernel height, and each iteration's work (a row of cells) dwarfs the loop's own.
        /// </summary>
        private static void EmitWindow(LayerPlan layer, WindowGeometry g, SourceWriter w, int rows, int cols, System.Action<string, System.Func<int, int, string?>> inner)
        {
            WeightPlan kernel = layer.Weight("kernel")!;
            // A large window is two loops (its code must not grow with the window). A small one is written out, but for
            // one input channel with no row guard (a first layer: each cell is a few multiply-adds and no loop of its
            // own), which loops over its rows. With several input channels each cell already has its channel loop, and
            // a row loop around those measured 14 % slower (perf-zoo global_pools, x0.83 -> x0.72 of ORT).
            bool large = g.KH * g.KW > MaxUnrolledWindowCells;
            bool rowLoop = g.KH > 1 && large;
            bool anyRowGuard = false;
            for (int ky = 0; ky < g.KH; ky++) anyRowGuard |= !WindowCells.RowAlwaysInside(g, ky * g.DH - g.PadTop);
            rowLoop |= g.KH > 1 && !anyRowGuard && g.InC == 1;
            bool colLoop = g.KW > 1 && large;
            bool anyColGuard = false;
            for (int kx = 0; kx < g.KW; kx++) anyColGuard |= !WindowCells.ColAlwaysInside(g, kx * g.DW - g.PadLeft);
            int rowStride = g.KW * g.InC * g.OutC, cellStride = g.InC * g.OutC;
            if (rowLoop) w.Open($"for (int ky = 0; ky < {g.KH}; ky++)");
            if (colLoop) w.Open($"for (int kx = 0; kx < {g.KW}; kx++)");
            for (int ky = 0; ky < (rowLoop ? 1 : g.KH); ky++)
            {
                int rowOffset = ky * g.DH - g.PadTop;
                bool rowsGuarded = rowLoop ? anyRowGuard : !WindowCells.RowAlwaysInside(g, rowOffset);
                string row = rowLoop ? Affine("oy", g.SH, -g.PadTop) + " + " + Affine("ky", g.DH, 0) : Affine("oy", g.SH, rowOffset);
                for (int kx = 0; kx < (colLoop ? 1 : g.KW); kx++)
                {
                    int colOffset = kx * g.DW - g.PadLeft;
                    bool colsGuarded = colLoop ? anyColGuard : !WindowCells.ColAlwaysInside(g, colOffset);
                    string col = colLoop ? Affine("ox", g.SW, -g.PadLeft) + " + " + Affine("kx", g.DW, 0) : Affine("ox", g.SW, colOffset);
                    w.Open($"// kernel cell ({(rowLoop ? "ky" : ky.ToString(System.Globalization.CultureInfo.InvariantCulture))}, {(colLoop ? "kx" : kx.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
                    w.Line($"int iy = {row}, ix = {col};");
                    bool rowIf = rowsGuarded && rows == 1, colIf = colsGuarded && cols == 1;
                    if (rowIf) w.Open($"if ((uint)iy < {g.InH}u)");
                    if (colIf) w.Open($"if ((uint)ix < {g.InW}u)");
                    if (rowsGuarded && !rowIf)
                    {
                        for (int r = 0; r < rows; r++) w.Line($"bool rowIn{r} = (uint)({Affine("iy", 1, r * g.SH)}) < {g.InH}u;");
                    }
                    if (colsGuarded && !colIf)
                    {
                        for (int c = 0; c < cols; c++) w.Line($"bool colIn{c} = (uint)({Affine("ix", 1, c * g.SW)}) < {g.InW}u;");
                    }
                    w.Line($"int i = (iy * {g.InW} + ix) * {g.InC};");
                    string cell = VectorBlocks.Plus(rowLoop ? $"ky * {rowStride}" : "0", kernel.Offset + (ky * g.KW + kx) * cellStride);
                    if (colLoop) cell = VectorBlocks.Sum($"kx * {cellStride}", cell);
                    inner(cell, (r, c) =>
                    {
                        var tests = new List<string>();
                        if (rowsGuarded && !rowIf) tests.Add($"rowIn{r}");
                        if (colsGuarded && !colIf) tests.Add($"colIn{c}");
                        return tests.Count == 0 ? null : string.Join(" && ", tests);
                    });
                    if (colIf) w.Close();
                    if (rowIf) w.Close();
                    w.Close();
                }
            }
            if (colLoop) w.Close();
            if (rowLoop) w.Close();
        }

        /// <summary>Kernel windows of more cells than this are loops over rows and columns (e.g. 7x7 is still written out).</summary>
        private const int MaxUnrolledWindowCells = 49;

        /// <summary><c>v * scale + offset</c>, with the trivial parts left out.</summary>
        internal static string Affine(string v, int scale, int offset)
        {
            string text = scale == 1 ? v : $"{v} * {scale}";
            if (offset > 0) text += $" + {offset}";
            if (offset < 0) text += $" - {-offset}";
            return text;
        }
    }
}
