using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// ZeroPadding2D and Cropping2D: pure data movement in NHWC, written as span copies of contiguous runs and clears
    /// of the padding. Unrolled: one statement per run (adjacent runs merged). Looped: a loop over the rows.
    /// </summary>
    internal sealed class Edges2DEmitter : ILayerEmitter
    {
        public bool Handles(LayerPlan layer) => layer.Kind == LayerKind.ZeroPadding2D || layer.Kind == LayerKind.Cropping2D;

        public long UnrolledCost(LayerPlan layer) => Runs(layer).Count;

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            if (context.Unrolled)
            {
                foreach (Run run in Runs(layer))
                {
                    w.Line(run.Statement());
                    context.SplitPoint();
                }
                return;
            }
            LayerSpec s = layer.Spec;
            int c = layer.Input[2], inW = layer.Input[1], outH = layer.Output[0], outW = layer.Output[1];
            int inRow = inW * c, outRow = outW * c;
            if (layer.Kind == LayerKind.Cropping2D)
            {
                if (s.EdgeLeft == 0 && s.EdgeRight == 0)
                {
                    // Whole rows: one contiguous block.
                    w.Line(new Run(false, 0, s.EdgeTop * inRow, outH * outRow).Statement());
                    return;
                }
                w.Line($"for (int r = 0; r < {outH}; r++) x.Slice(r * {inRow} + {s.EdgeTop * inRow + s.EdgeLeft * c}, {outRow}).CopyTo(y.Slice(r * {outRow}, {outRow}));");
                return;
            }
            int inH = layer.Input[0];
            if (s.EdgeTop > 0) w.Line(new Run(true, 0, 0, s.EdgeTop * outRow).Statement());
            w.Open($"for (int r = 0; r < {inH}; r++)");
            w.Line($"int a = r * {outRow} + {s.EdgeTop * outRow};");
            if (s.EdgeLeft > 0) w.Line($"y.Slice(a, {s.EdgeLeft * c}).Clear();");
            w.Line($"x.Slice(r * {inRow}, {inRow}).CopyTo(y.Slice(a + {s.EdgeLeft * c}, {inRow}));");
            if (s.EdgeRight > 0) w.Line($"y.Slice(a + {(s.EdgeLeft + inW) * c}, {s.EdgeRight * c}).Clear();");
            w.Close();
            if (s.EdgeBottom > 0) w.Line(new Run(true, (s.EdgeTop + inH) * outRow, 0, s.EdgeBottom * outRow).Statement());
        }

        /// <summary>The output in order as runs of zeros or of copied input, adjacent runs of one kind merged.</summary>
        private static List<Run> Runs(LayerPlan layer)
        {
            LayerSpec s = layer.Spec;
            bool pad = layer.Kind == LayerKind.ZeroPadding2D;
            int c = layer.Input[2], inW = layer.Input[1], outH = layer.Output[0], outW = layer.Output[1];
            var runs = new List<Run>();
            for (int oy = 0; oy < outH; oy++)
            {
                int rowStart = oy * outW * c;
                if (pad)
                {
                    int iy = oy - s.EdgeTop;
                    if (iy < 0 || iy >= layer.Input[0])
                    {
                        Add(runs, new Run(true, rowStart, 0, outW * c));
                        continue;
                    }
                    Add(runs, new Run(true, rowStart, 0, s.EdgeLeft * c));
                    Add(runs, new Run(false, rowStart + s.EdgeLeft * c, iy * inW * c, inW * c));
                    Add(runs, new Run(true, rowStart + (s.EdgeLeft + inW) * c, 0, s.EdgeRight * c));
                }
                else
                {
                    Add(runs, new Run(false, rowStart, ((oy + s.EdgeTop) * inW + s.EdgeLeft) * c, outW * c));
                }
            }
            return runs;
        }

        private static void Add(List<Run> runs, Run run)
        {
            if (run.Length == 0) return;
            if (runs.Count > 0)
            {
                Run last = runs[runs.Count - 1];
                bool adjacent = last.Zero == run.Zero && last.Target + last.Length == run.Target && (run.Zero || last.Source + last.Length == run.Source);
                if (adjacent)
                {
                    runs[runs.Count - 1] = new Run(last.Zero, last.Target, last.Source, last.Length + run.Length);
                    return;
                }
            }
            runs.Add(run);
        }

        /// <summary>y[Target .. Target+Length) is zero, or a copy of x[Source .. Source+Length).</summary>
        private readonly struct Run
        {
            public Run(bool zero, int target, int source, int length)
            {
                Zero = zero;
                Target = target;
                Source = source;
                Length = length;
            }

            public bool Zero { get; }
            public int Target { get; }
            public int Source { get; }
            public int Length { get; }

            public string Statement() => Zero
                ? $"y.Slice({Target}, {Length}).Clear();"
                : $"x.Slice({Source}, {Length}).CopyTo(y.Slice({Target}, {Length}));";
        }
    }
}
