using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// The SIMD path of a Conv2D with few output channels (<see cref="PixelLanes"/>): a vector holds k neighbouring
    /// output pixels of a row × all co channels (lane l: pixel l / co, channel l % co), which is how NHWC stores them, so
    /// a register is stored as it is. Each window cell and input channel is one multiply-add per vector: the weights as
    /// one vector repeating the cell's co weights k times (lanes past k·co are 0), the input from a copy in which every
    /// value is written co times, so that the k pixels' values, each repeated for the channels, are one contiguous load.
    /// </summary>
    /// <remarks>
    /// The copy is laid out [row][input channel][column phase][column][co]: a conv with column stride s reads columns
    /// j·s + r, so each input row is stored as s rows (one per phase r), and the k pixels a vector needs are adjacent
    /// whatever the stride and dilation. Its border (padding, or columns past a stride's last) is zeros: no cell tests bounds.
    /// Vectors go along the row in order, the last one ending at the row's last pixel (overlapping the one before, with
    /// the same values); the lanes past k·co of a vector are stored too (zeros) and overwritten by the next vector, or by
    /// the next row, which comes later; only the output's very last vector is stored through a copy of its used lanes.
    /// </remarks>
    internal static class PixelLanesConv
    {
        /// <summary>Accumulators of a block: 12 of the 32 registers of AVX-512, 8 of 16 otherwise.</summary>
        private static int Accumulators(int width) => width == 16 ? 12 : 8;

        public static void EmitPath(LayerPlan layer, EmitContext context, Lanes lanes, string vec)
        {
            var g = new WindowGeometry(layer);
            SourceWriter w = context.Writer;
            int width = lanes.Width, co = g.OutC, k = PixelLanes.PixelsPerVector(g, width), used = k * co;
            int phaseColumns = PixelLanes.PhaseColumns(g), rowFloats = phaseColumns * co, copy = PixelLanes.CopyFloats(g);
            int cells = g.KH * g.KW * g.InC, outLength = g.OutH * g.OutW * co;
            int perRow = (g.OutW + k - 1) / k;
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            w.Comment($"{lanes.PathName}: {k} output pixels × {co} channels per vector ({used} of {width} lanes), {perRow} vector{(perRow == 1 ? "" : "s")} per output row.");

            EmitCopy(g, w, vec, co, phaseColumns, rowFloats, copy, width);
            w.Comment($"The kernel as one vector per window cell and input channel: its {co} weights {k} times{(used < width ? ", then zeros" : "")}; the bias likewise.");
            w.Line($"global::System.Span<float> wt = stackalloc float[{cells * width}];");
            w.Line($"global::System.Span<float> bt = stackalloc float[{width}];");
            if (used < width) w.Line("wt.Clear();");
            w.Line("bt.Clear();");
            w.Line("ref float tr = ref Mem.GetReference(wt);");
            w.Open($"for (int q = 0; q < {cells}; q++)");
            w.Line($"for (int p = 0; p < {k}; p++) for (int c = 0; c < {co}; c++) Uns.Add(ref tr, q * {width} + p * {co} + c) = Uns.Add(ref wr, {VectorBlocks.Plus($"q * {co} + c", kernel.Offset)});");
            w.Close();
            if (bias != null) w.Line($"for (int p = 0; p < {k}; p++) for (int c = 0; c < {co}; c++) bt[p * {co} + c] = w[{bias.Offset} + c];");
            w.Line($"var b0 = {vec}.LoadUnsafe(ref Mem.GetReference(bt));");
            if (used < width) w.Line($"global::System.Span<float> last = stackalloc float[{width}];");

            int most = Accumulators(width);
            if (perRow <= most)
            {
                int rows = VectorBlocks.EvenRun(g.OutH, System.Math.Max(1, System.Math.Min(g.OutH, most / perRow)));
                w.Comment(rows > 1 ? $"Blocks of {rows} whole rows ({rows * perRow} accumulators); the last block ends at the last row." : $"One whole row per block ({perRow} accumulators).");
                w.Open($"for (int oy0 = 0; oy0 < {g.OutH}; oy0 += {rows})");
                w.Line(g.OutH % rows == 0 ? "int oy = oy0;" : $"int oy = oy0 <= {g.OutH - rows} ? oy0 : {g.OutH - rows};");
                var slots = new (int Row, string Pixel)[rows * perRow];
                for (int r = 0; r < rows; r++)
                {
                    for (int j = 0; j < perRow; j++) slots[r * perRow + j] = (r, SourceWriter.Int(System.Math.Min(j * k, g.OutW - k)));
                }
                EmitBlock(g, context, vec, slots, width, k, co, rowFloats, act, outLength, used, s => s % perRow == perRow - 1 && s / perRow == rows - 1);
                w.Close();
            }
            else
            {
                int cols = VectorBlocks.EvenRun(perRow, most);
                w.Comment($"Blocks of {cols} vectors along a row; the last block ends at the row's end.");
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                w.Open($"for (int j0 = 0; j0 < {perRow}; j0 += {cols})");
                if (perRow % cols != 0) w.Line($"if (j0 > {perRow - cols}) j0 = {perRow - cols};");
                var slots = new (int Row, string Pixel)[cols];
                for (int j = 0; j < cols; j++)
                {
                    w.Line($"int p{j} = (j0 + {j}) * {k} <= {g.OutW - k} ? (j0 + {j}) * {k} : {g.OutW - k};");
                    slots[j] = (0, $"p{j}");
                }
                EmitBlock(g, context, vec, slots, width, k, co, rowFloats, act, outLength, used, s => s == cols - 1, $"j0 == {perRow - cols}");
                w.Close();
                w.Close();
            }
            if (!VectorBlocks.IsVectorActivation(act)) ActivationWriter.EmitPass(act, "0", outLength, "i", context);
        }

        /// <summary>The input copy <c>xs</c>: [bordered row][input channel][column phase][column] × co, a vector to spare at the end.</summary>
        private static void EmitCopy(WindowGeometry g, SourceWriter w, string vec, int co, int phaseColumns, int rowFloats, int copy, int width)
        {
            int bh = g.BorderedHeight;
            bool rowGuard = g.PadTop > 0 || bh - g.PadTop > g.InH;
            bool colGuard = g.PadLeft > 0 || phaseColumns * g.SW - g.PadLeft > g.InW;
            string phases = g.SW > 1 ? $", each row as {g.SW} rows of its columns j·{g.SW} + r" : "";
            w.Comment($"The input with every value written {co} times ({bh} rows x {g.InC} channels{phases}, {phaseColumns} columns x {co}){(rowGuard || colGuard ? ", zeros for the padding" : "")}.");
            w.Line($"global::System.Span<float> xs = stackalloc float[{copy + width}];");
            w.Line($"xs.Slice({copy}).Clear();");
            w.Line("ref float sr = ref Mem.GetReference(xs);");
            // Vector128 stores (co <= PixelLanes.MaxChannels = 3 copies each): a wider store at these offsets would mostly
            // straddle two cache lines.
            string storeVec = EmitContext.VectorClass(4);
            w.Open($"for (int h = 0; h < {bh}; h++)");
            w.Line($"int iy = {Conv2DEmitter.Affine("h", 1, -g.PadTop)};");
            int perInputRow = g.InC * g.SW * rowFloats;
            if (rowGuard)
            {
                w.Open($"if ((uint)iy >= {g.InH}u)");
                w.Line($"xs.Slice(h * {perInputRow}, {perInputRow}).Clear();");
                w.Line("continue;");
                w.Close();
            }
            w.Line($"ref float xrow = ref Uns.Add(ref xr, iy * {g.InW * g.InC});");
            if (g.InC > 1) w.Open($"for (int c = 0; c < {g.InC}; c++)");
            if (g.SW > 1) w.Open($"for (int r = 0; r < {g.SW}; r++)");
            string c = g.InC > 1 ? "c" : "0", r = g.SW > 1 ? "r" : "0";
            w.Line($"ref float d = ref Uns.Add(ref sr, {Row("h", c, r, g, rowFloats)});");
            w.Open($"for (int j = 0; j < {phaseColumns}; j++)");
            w.Line($"int ix = {Conv2DEmitter.Affine("j", g.SW, -g.PadLeft)}{(g.SW > 1 ? " + r" : "")};");
            string read = $"Uns.Add(ref xrow, ix{(g.InC > 1 ? $" * {g.InC} + c" : "")})";
            string value = colGuard ? $"(uint)ix < {g.InW}u ? {read} : 0f" : read;
            w.Line($"{storeVec}.StoreUnsafe({storeVec}.Create({value}), ref Uns.Add(ref d, j * {co}));");
            w.Close();
            if (g.SW > 1) w.Close();
            if (g.InC > 1) w.Close();
            w.Close();
        }

        /// <summary>The offset of copy row (bordered row, input channel, column phase) as C# text.</summary>
        private static string Row(string h, string c, string r, WindowGeometry g, int rowFloats)
        {
            string row = g.InC > 1 ? $"({h}) * {g.InC} + {c}" : h;
            if (g.SW > 1) row = $"({row}) * {g.SW} + {r}";
            return row.Contains(" ") ? $"({row}) * {rowFloats}" : $"{row} * {rowFloats}";
        }

        /// <summary>
        /// One register block: a vector per slot (output row oy + Row, first pixel Pixel), the window's cells and input
        /// channels multiplied in, activation, stores in order. <paramref name="endsRow"/>: the slot whose vector ends an
        /// output row the block covers last, stored through <c>last</c> when that row is the output's last (and, for a block
        /// along a row, <paramref name="lastBlock"/> holds).
        /// </summary>
        private static void EmitBlock(WindowGeometry g, EmitContext context, string vec, (int Row, string Pixel)[] slots, int width, int k, int co,
            int rowFloats, ActivationKind act, int outLength, int used, System.Func<int, bool> endsRow, string? lastBlock = null)
        {
            SourceWriter w = context.Writer;
            int rowStep = g.SH * g.InC * g.SW * rowFloats; // copy floats between output rows
            w.Open("");
            for (int s = 0; s < slots.Length; s++) w.Line($"var a{s} = b0;");
            w.Open($"for (int ky = 0; ky < {g.KH}; ky++)");
            if (g.InC > 1) w.Open($"for (int c = 0; c < {g.InC}; c++)");
            string c = g.InC > 1 ? "c" : "0";
            w.Line($"ref float src = ref Uns.Add(ref sr, {Row($"{Conv2DEmitter.Affine("oy", g.SH, 0)} + {Conv2DEmitter.Affine("ky", g.DH, 0)}", c, "0", g, rowFloats)});");
            w.Line($"ref float wq = ref Uns.Add(ref tr, (ky * {g.KW * g.InC}{(g.InC > 1 ? " + c" : "")}) * {width});");
            for (int kx = 0; kx < g.KW; kx++)
            {
                int phase = kx * g.DW % g.SW, shift = kx * g.DW / g.SW;
                w.Line($"var w{kx} = {vec}.LoadUnsafe(ref {(kx == 0 ? "wq" : $"Uns.Add(ref wq, {kx * g.InC * width})")});");
                for (int s = 0; s < slots.Length; s++)
                {
                    string offset = VectorBlocks.Sum(SourceWriter.Int(phase * rowFloats + shift * co + slots[s].Row * rowStep), Times(slots[s].Pixel, co));
                    w.Line($"a{s} = {context.MultiplyAdd(vec, $"{vec}.LoadUnsafe(ref Uns.Add(ref src, {offset}))", $"w{kx}", $"a{s}")};");
                }
            }
            if (g.InC > 1) w.Close();
            w.Close();
            for (int s = 0; s < slots.Length; s++)
            {
                string value = VectorBlocks.Activate(act, $"a{s}", vec);
                string at = VectorBlocks.Sum($"(oy{(slots[s].Row > 0 ? $" + {slots[s].Row}" : "")}) * {g.OutW * co}", Times(slots[s].Pixel, co));
                if (!endsRow(s) || used == width)
                {
                    w.Line($"{vec}.StoreUnsafe({value}, ref Uns.Add(ref yr, {at}));");
                    continue;
                }
                string final = $"oy{(slots[s].Row > 0 ? $" + {slots[s].Row}" : "")} == {g.OutH - 1}{(lastBlock != null ? $" && {lastBlock}" : "")}";
                w.Comment("The output's last vector: only its used lanes (the rest would pass the end).");
                w.Open($"if ({final})");
                w.Line($"{vec}.StoreUnsafe({value}, ref Mem.GetReference(last));");
                w.Line($"last.Slice(0, {used}).CopyTo(y.Slice({outLength - used}, {used}));");
                w.Close();
                w.Line($"else {vec}.StoreUnsafe({value}, ref Uns.Add(ref yr, {at}));");
            }
            w.Close();
        }

        private static string Times(string pixel, int co) => int.TryParse(pixel, out int p) ? SourceWriter.Int(p * co) : $"{pixel} * {co}";
    }
}
