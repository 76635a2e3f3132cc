using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// ZeroPadding2D and Cropping2D: pure data movement in NHWC, written as span copies of contiguous runs and clears
    /// of the padding. Unrolled: one statement per run (adjacent runs merged). Looped: a loop over the rows.
    /// </summary>
    internal sealed class Edges2DEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            if (context.Unrolled)
            {
                foreach (EdgeRun run in EdgeRuns.Of(layer))
                {
                    w.Line(Statement(run));
                    context.SplitPoint();
                }
                return;
            }
            LayerSpec s = layer.Spec;
            var (c, inW, outH, outW) = EdgeRuns.Dims(layer);
            int inRow = inW * c, outRow = outW * c;
            if (layer.Kind == LayerKind.Cropping2D || layer.Kind == LayerKind.Cropping1D)
            {
                if (s.EdgeLeft == 0 && s.EdgeRight == 0)
                {
                    // Whole rows: one contiguous block.
                    w.Line(Statement(new EdgeRun(false, 0, s.EdgeTop * inRow, outH * outRow)));
                    return;
                }
                w.Line($"for (int r = 0; r < {outH}; r++) x.Slice(r * {inRow} + {s.EdgeTop * inRow + s.EdgeLeft * c}, {outRow}).CopyTo(y.Slice(r * {outRow}, {outRow}));");
                return;
            }
            int inH = layer.Input[0];
            if (s.EdgeTop > 0) w.Line(Statement(new EdgeRun(true, 0, 0, s.EdgeTop * outRow)));
            w.Open($"for (int r = 0; r < {inH}; r++)");
            w.Line($"int a = r * {outRow} + {s.EdgeTop * outRow};");
            if (s.EdgeLeft > 0) w.Line($"y.Slice(a, {s.EdgeLeft * c}).Clear();");
            w.Line($"x.Slice(r * {inRow}, {inRow}).CopyTo(y.Slice(a + {s.EdgeLeft * c}, {inRow}));");
            if (s.EdgeRight > 0) w.Line($"y.Slice(a + {(s.EdgeLeft + inW) * c}, {s.EdgeRight * c}).Clear();");
            w.Close();
            if (s.EdgeBottom > 0) w.Line(Statement(new EdgeRun(true, (s.EdgeTop + inH) * outRow, 0, s.EdgeBottom * outRow)));
        }

        private static string Statement(EdgeRun run) => run.Zero
            ? $"y.Slice({run.Target}, {run.Length}).Clear();"
            : $"x.Slice({run.Source}, {run.Length}).CopyTo(y.Slice({run.Target}, {run.Length}));";
    }
}
