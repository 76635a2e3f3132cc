using System;
using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>The kernel-window walk the depthwise and separable emitters share, in both forms.</summary>
    internal static class WindowCells
    {
        /// <summary>
        /// Whether a kernel row at <paramref name="rowOffset"/> from <c>oy * stride</c> lies inside the input for every
        /// output row, so that its cells need no guard.
        /// </summary>
        public static bool RowAlwaysInside(WindowGeometry g, int rowOffset) =>
            rowOffset >= 0 && (g.OutH - 1) * g.SH + rowOffset < g.InH;

        /// <summary>The same for a kernel column at <paramref name="colOffset"/> from <c>ox * stride</c>.</summary>
        public static bool ColAlwaysInside(WindowGeometry g, int colOffset) =>
            colOffset >= 0 && (g.OutW - 1) * g.SW + colOffset < g.InW;

        /// <summary>
        /// Looped form, inside the loops over <c>oy</c> and <c>ox</c>: for each kernel cell a block that sets
        /// <c>i</c> to the input offset of the cell's pixel, guarded only where 'same' padding can put the cell
        /// outside the input; <paramref name="body"/> writes the cell's work, given (ky, kx). The output pixel is
        /// (<paramref name="row"/>, <paramref name="col"/>), local variables.
        /// </summary>
        public static void EmitLooped(LayerPlan layer, WindowGeometry g, SourceWriter w, Action<int, int> body, string row = "oy", string col = "ox")
        {
            for (int ky = 0; ky < g.KH; ky++)
            {
                int rowOffset = ky * g.DH - g.PadTop;
                bool rowAlwaysInside = RowAlwaysInside(g, rowOffset);
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int colOffset = kx * g.DW - g.PadLeft;
                    bool colAlwaysInside = ColAlwaysInside(g, colOffset);
                    w.Comment($"kernel cell ({ky}, {kx})");
                    w.Open("");
                    w.Line($"int iy = {Conv2DEmitter.Affine(row, g.SH, rowOffset)}, ix = {Conv2DEmitter.Affine(col, g.SW, colOffset)};");
                    var guards = new List<string>();
                    if (!rowAlwaysInside) guards.Add($"(uint)iy < {g.InH}u");
                    if (!colAlwaysInside) guards.Add($"(uint)ix < {g.InW}u");
                    if (guards.Count > 0) w.Open($"if ({string.Join(" && ", guards)})");
                    w.Line($"int i = (iy * {g.InW} + ix) * {g.InC};");
                    body(ky, kx);
                    if (guards.Count > 0) w.Close();
                    w.Close();
                }
            }
        }

        /// <summary>Floats an input copy may have (on the stack: 64 KB); a larger input keeps its guards.</summary>
        public const int MaxCopyFloats = 16384;

        /// <summary>
        /// Floats of the input copied by <see cref="EmitInputCopy"/>: with each channel <paramref name="repeat"/> times, and
        /// bordered where windows reach into the padding.
        /// </summary>
        public static int CopyFloats(WindowGeometry g, int repeat = 1) =>
            (g.HasPadding ? g.BorderedHeight * g.BorderedWidth : g.InH * g.InW) * g.InC * repeat;

        /// <summary>
        /// The input copied to <c>xb</c> on the stack (<see cref="CopyFloats"/> must not exceed <see cref="MaxCopyFloats"/>):
        /// where windows reach into the padding, inside a border of zeros, or of -∞ for a max (every window holds a real
        /// cell, so no max takes it), so that no window cell tests the bounds; with a depth multiplier
        /// (<paramref name="repeat"/> &gt; 1) each channel written that many times (channel q of the copy is input channel
        /// q / repeat), so that the depthwise channels are the vector lanes. Returns the geometry over the copy.
        /// </summary>
        public static WindowGeometry EmitInputCopy(WindowGeometry g, SourceWriter w, int repeat = 1, bool negativeInfinity = false)
        {
            int channels = g.InC * repeat;
            WindowGeometry target = (g.HasPadding ? g.Bordered() : g).WithInputChannels(channels);
            var parts = new List<string>();
            if (repeat > 1) parts.Add($"with each channel written {repeat} times (channel q of the copy is input channel q / {repeat}), so that the depthwise channels are the vector lanes");
            if (g.HasPadding)
            {
                parts.Add(negativeInfinity
                    ? $"in a border of -∞ ({target.InH}x{target.InW}x{channels}, top {g.PadTop}, left {g.PadLeft}), which no max takes: no window cell tests the bounds"
                    : $"in a zero border ({target.InH}x{target.InW}x{channels}, top {g.PadTop}, left {g.PadLeft}): no kernel cell tests the bounds");
            }
            w.Comment($"The input {string.Join("; ", parts)}.");
            w.Line($"global::System.Span<float> xb = stackalloc float[{target.InH * target.InW * channels}];");
            if (g.HasPadding) w.Line(negativeInfinity ? "xb.Fill(float.NegativeInfinity);" : "xb.Clear();");
            int row = g.InW * g.InC;
            string to = Conv2DEmitter.Affine("r", target.InW * channels, (g.PadTop * target.InW + g.PadLeft) * channels);
            if (repeat == 1)
            {
                w.Line($"for (int r = 0; r < {g.InH}; r++) x.Slice(r * {row}, {row}).CopyTo(xb.Slice({to}, {row}));");
                return target;
            }
            w.Open($"for (int r = 0; r < {g.InH}; r++)");
            w.Line($"int s = r * {row}, d = {to};");
            w.Open($"for (int k = 0; k < {row}; k++)");
            w.Line("float v = x[s + k];");
            w.Line($"int q = d + k * {repeat};");
            if (repeat <= 4)
            {
                for (int m = 0; m < repeat; m++) w.Line(m == 0 ? "xb[q] = v;" : $"xb[q + {m}] = v;");
            }
            else w.Line($"for (int m = 0; m < {repeat}; m++) xb[q + m] = v;");
            w.Close();
            w.Close();
            return target;
        }

        /// <summary>
        /// The depthwise multiply-adds of one kernel cell, inside <see cref="EmitLooped"/>: input channel c at <c>x[i + c]</c>
        /// times its filters' weights from <paramref name="cell"/> (depth multiplier <paramref name="dm"/>), added to the
        /// value at <paramref name="target"/> + the output channel (C# text up to the index: <c>t[</c>, <c>y[o + </c>).
        /// </summary>
        public static void EmitDepthwiseCell(SourceWriter w, WindowGeometry g, int dm, int cell, string target)
        {
            if (dm == 1)
            {
                w.Line($"for (int c = 0; c < {g.InC}; c++) {target}c] += x[i + c] * w[{cell} + c];");
                return;
            }
            w.Open($"for (int c = 0; c < {g.InC}; c++)");
            w.Line("float v = x[i + c];");
            w.Line($"int q = c * {dm};");
            w.Line($"for (int m = 0; m < {dm}; m++) {target}q + m] += v * w[{cell} + q + m];");
            w.Close();
        }

        /// <summary>
        /// The kernel window as two loops (<c>ky</c>, <c>kx</c>), for code that is only a fallback: its size does not depend on
        /// the window. A row or column that can fall in the padding is skipped by a test, only where the geometry allows it.
        /// <paramref name="body"/> gets the offset of the cell's [ci][co] weights as C# text, with <c>i</c> the input offset
        /// of the cell's pixel.
        /// </summary>
        public static void EmitCompact(LayerPlan layer, WindowGeometry g, SourceWriter w, Action<string> body, string row = "oy", string col = "ox")
        {
            bool rowGuard = false, colGuard = false;
            for (int ky = 0; ky < g.KH; ky++) rowGuard |= !RowAlwaysInside(g, ky * g.DH - g.PadTop);
            for (int kx = 0; kx < g.KW; kx++) colGuard |= !ColAlwaysInside(g, kx * g.DW - g.PadLeft);
            w.Open($"for (int ky = 0; ky < {g.KH}; ky++)");
            w.Line($"int iy = {Conv2DEmitter.Affine(row, g.SH, -g.PadTop)} + {Conv2DEmitter.Affine("ky", g.DH, 0)};");
            if (rowGuard) w.Line($"if ((uint)iy >= {g.InH}u) continue;");
            w.Open($"for (int kx = 0; kx < {g.KW}; kx++)");
            w.Line($"int ix = {Conv2DEmitter.Affine(col, g.SW, -g.PadLeft)} + {Conv2DEmitter.Affine("kx", g.DW, 0)};");
            if (colGuard) w.Line($"if ((uint)ix >= {g.InW}u) continue;");
            w.Line($"int i = (iy * {g.InW} + ix) * {g.InC};");
            int cellStride = g.InC * g.OutC;
            body(VectorBlocks.Sum($"(ky * {g.KW} + kx) * {cellStride}", layer.Weight("kernel")!.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Unrolled form: the input offsets of the pixels under the window of output (oy, ox) with their kernel cells
        /// (ky, kx); cells in the padding are absent.
        /// </summary>
        public static List<(int Ky, int Kx, int Pixel)> Unrolled(LayerPlan layer, WindowGeometry g, int oy, int ox)
        {
            var cells = new List<(int, int, int)>();
            for (int ky = 0; ky < g.KH; ky++)
            {
                int iy = oy * g.SH + ky * g.DH - g.PadTop;
                if (iy < 0 || iy >= g.InH) continue;
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int ix = ox * g.SW + kx * g.DW - g.PadLeft;
                    if (ix < 0 || ix >= g.InW) continue;
                    cells.Add((ky, kx, (iy * g.InW + ix) * g.InC));
                }
            }
            return cells;
        }
    }
}
