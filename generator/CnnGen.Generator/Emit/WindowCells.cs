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
                int rowOffset = ky * g.DH - layer.PadTop;
                bool rowAlwaysInside = RowAlwaysInside(g, rowOffset);
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int colOffset = kx * g.DW - layer.PadLeft;
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

        /// <summary>
        /// Unrolled form: the input offsets of the pixels under the window of output (oy, ox) with their kernel cells
        /// (ky, kx); cells in the padding are absent.
        /// </summary>
        public static List<(int Ky, int Kx, int Pixel)> Unrolled(LayerPlan layer, WindowGeometry g, int oy, int ox)
        {
            var cells = new List<(int, int, int)>();
            for (int ky = 0; ky < g.KH; ky++)
            {
                int iy = oy * g.SH + ky * g.DH - layer.PadTop;
                if (iy < 0 || iy >= g.InH) continue;
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int ix = ox * g.SW + kx * g.DW - layer.PadLeft;
                    if (ix < 0 || ix >= g.InW) continue;
                    cells.Add((ky, kx, (iy * g.InW + ix) * g.InC));
                }
            }
            return cells;
        }
    }
}
