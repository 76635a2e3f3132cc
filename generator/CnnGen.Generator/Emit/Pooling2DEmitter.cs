using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// MaxPooling2D and AveragePooling2D, and their 1-D forms over (steps, 1, channels). Padding cells never take part: max ignores them, average divides by
    /// the number of real cells in the window (Keras' 'same' average pooling).
    /// </summary>
    internal sealed class Pooling2DEmitter : ILayerEmitter
    {

        private static bool IsMax(LayerPlan layer) => layer.Kind == LayerKind.MaxPooling2D || layer.Kind == LayerKind.MaxPooling1D;

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            if (context.Unrolled) EmitUnrolled(layer, context);
            else if (context.Vectorized && (layer.Spec.Padding != PaddingKind.Same || IsMax(layer) && Conv2DEmitter.FitsBorder(new WindowGeometry(layer)))) EmitVector(layer, context);
            else EmitLoops(layer, context);
        }

        /// <summary>
        /// 'valid' pooling and 'same' max pooling, SIMD. With a column stride of 1 the outputs of a row, pixels × channels, are contiguous, and so
        /// is what each window cell reads for them: the row is one run of vectors, each the max (or sum) of the cells'
        /// shifted runs. Otherwise per output pixel a vector of channels at a time, the window's cells at literal offsets
        /// from the pixel's first cell. What is left over from the whole vectors is one more vector ending at the last
        /// value, overlapping the one before (the same values, stored twice), so nothing runs one by one.
        /// </summary>
        private static void EmitVector(LayerPlan layer, EmitContext context)
        {
            var g = new WindowGeometry(layer);
            bool max = IsMax(layer);
            // 'same' max pooling: over the input in a border of -∞ (every window holds a real cell, so the max is one).
            bool bordered = Conv2DEmitter.FitsBorder(g);
            if (bordered) g = WindowCells.EmitInputCopy(g, context.Writer, negativeInfinity: true);
            var cells = new List<int>();
            for (int ky = 0; ky < g.KH; ky++)
                for (int kx = 0; kx < g.KW; kx++) cells.Add((ky * g.InW + kx) * g.InC);
            bool rows = g.SW == 1;
            int run = rows ? g.OutW * g.OutC : g.OutC;
            VectorBlocks.Dispatch(context, run, (lanes, vec) =>
            {
                int width = lanes.Width;
                SourceWriter w = context.Writer;
                string what = rows ? $"{width} values of the output row (pixels × channels) at a time" : $"{width} channels at a time";
                w.Comment(width > 1 ? $"Vector{width * 32}: {what} over the {cells.Count} window cells." : "Scalar: one value at a time.");
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                if (!rows) w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                w.Line(rows ? $"int o = oy * {run};" : $"int o = (oy * {g.OutW} + ox) * {g.OutC};");
                w.Line(rows ? $"int i = oy * {g.SH * g.InW * g.InC};" : $"int i = (oy * {g.SH * g.InW} + ox * {g.SW}) * {g.InC};");
                if (width > 1)
                {
                    System.Action<string> vector = c =>
                    {
                        w.Line($"var m = {vec}.LoadUnsafe(ref Uns.Add(ref xr, {VectorBlocks.Sum("i", c)}));");
                        for (int n = 1; n < cells.Count; n++)
                        {
                            string load = $"{vec}.LoadUnsafe(ref Uns.Add(ref xr, {VectorBlocks.Sum("i", VectorBlocks.Plus(c, cells[n]))}))";
                            w.Line(max ? $"m = {vec}.Max(m, {load});" : $"m += {load};");
                        }
                        w.Line($"{vec}.StoreUnsafe({(max ? "m" : $"m / {cells.Count}f")}, ref Uns.Add(ref yr, {VectorBlocks.Sum("o", c)}));");
                    };
                    VectorBlocks.EmitRun(w, run, width, "values", vector);
                }
                else
                {
                    w.Open($"for (int c = 0; c < {run}; c++)");
                    w.Line("float m = x[i + c];");
                    for (int n = 1; n < cells.Count; n++)
                    {
                        w.Line(max ? $"if (x[i + {cells[n]} + c] > m) m = x[i + {cells[n]} + c];" : $"m += x[i + {cells[n]} + c];");
                    }
                    w.Line(max ? "y[o + c] = m;" : $"y[o + c] = m / {cells.Count}f;");
                    w.Close();
                }
                if (!rows) w.Close();
                w.Close();
            }, null, remainderVector: true, input: bordered ? "xb" : "x");
        }

        private static void EmitUnrolled(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            bool max = IsMax(layer);
            for (int oy = 0; oy < g.OutH; oy++)
            {
                for (int ox = 0; ox < g.OutW; ox++)
                {
                    for (int c = 0; c < g.OutC; c++)
                    {
                        var cells = new List<string>();
                        for (int ky = 0; ky < g.KH; ky++)
                        {
                            int iy = oy * g.SH + ky - g.PadTop;
                            if (iy < 0 || iy >= g.InH) continue;
                            for (int kx = 0; kx < g.KW; kx++)
                            {
                                int ix = ox * g.SW + kx - g.PadLeft;
                                if (ix < 0 || ix >= g.InW) continue;
                                cells.Add($"x[{(iy * g.InW + ix) * g.InC + c}]");
                            }
                        }
                        int yi = (oy * g.OutW + ox) * g.OutC + c;
                        if (max)
                        {
                            string op = context.Op("Max");
                            string expr = cells[0];
                            for (int i = 1; i < cells.Count; i++) expr = $"{op}({expr}, {cells[i]})";
                            w.Line($"y[{yi}] = {expr};");
                        }
                        else
                        {
                            w.Line($"y[{yi}] = ({string.Join(" + ", cells)}) / {cells.Count}f;");
                        }
                        context.SplitPoint();
                    }
                }
            }
        }

        private static void EmitLoops(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            bool max = IsMax(layer);
            bool padded = layer.Spec.Padding == PaddingKind.Same;
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            w.Open($"for (int c = 0; c < {g.OutC}; c++)");
            w.Line(max ? "float acc = float.NegativeInfinity;" : "float acc = 0f;");
            if (!max && padded) w.Line("int count = 0;");
            for (int ky = 0; ky < g.KH; ky++)
            {
                int rowOffset = ky - g.PadTop;
                bool rowAlwaysInside = WindowCells.RowAlwaysInside(g, rowOffset);
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int colOffset = kx - g.PadLeft;
                    bool colAlwaysInside = WindowCells.ColAlwaysInside(g, colOffset);
                    w.Open("");
                    w.Line($"int iy = {Conv2DEmitter.Affine("oy", g.SH, rowOffset)}, ix = {Conv2DEmitter.Affine("ox", g.SW, colOffset)};");
                    var guards = new List<string>();
                    if (!rowAlwaysInside) guards.Add($"(uint)iy < {g.InH}u");
                    if (!colAlwaysInside) guards.Add($"(uint)ix < {g.InW}u");
                    if (guards.Count > 0) w.Open($"if ({string.Join(" && ", guards)})");
                    w.Line($"float v = x[(iy * {g.InW} + ix) * {g.InC} + c];");
                    w.Line(max ? "if (v > acc) acc = v;" : "acc += v;");
                    if (!max && padded) w.Line("count++;");
                    if (guards.Count > 0) w.Close();
                    w.Close();
                }
            }
            if (max) w.Line("y[o + c] = acc;");
            else w.Line(padded ? "y[o + c] = acc / count;" : $"y[o + c] = acc / {g.KH * g.KW}f;");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
