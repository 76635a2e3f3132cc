using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>ZeroPadding2D, Cropping2D and their 1-D forms (EdgeTop/EdgeBottom along the steps) as runs of zeros and copies: what the unrolled form writes and what it costs.</summary>
    internal static class EdgeRuns
    {
        /// <summary>The output in order as runs of zeros or of copied input, adjacent runs of one kind merged.</summary>
        public static List<EdgeRun> Of(LayerPlan layer)
        {
            LayerSpec s = layer.Spec;
            bool pad = layer.Kind == LayerKind.ZeroPadding2D || layer.Kind == LayerKind.ZeroPadding1D;
            var (c, inW, outH, outW) = Dims(layer);
            var runs = new List<EdgeRun>();
            for (int oy = 0; oy < outH; oy++)
            {
                int rowStart = oy * outW * c;
                if (pad)
                {
                    int iy = oy - s.EdgeTop;
                    if (iy < 0 || iy >= layer.Input[0])
                    {
                        Add(runs, new EdgeRun(true, rowStart, 0, outW * c));
                        continue;
                    }
                    Add(runs, new EdgeRun(true, rowStart, 0, s.EdgeLeft * c));
                    Add(runs, new EdgeRun(false, rowStart + s.EdgeLeft * c, iy * inW * c, inW * c));
                    Add(runs, new EdgeRun(true, rowStart + (s.EdgeLeft + inW) * c, 0, s.EdgeRight * c));
                }
                else
                {
                    Add(runs, new EdgeRun(false, rowStart, ((oy + s.EdgeTop) * inW + s.EdgeLeft) * c, outW * c));
                }
            }
            return runs;
        }

        /// <summary>Channels, input width, output height and width; a sequence (steps, channels) is an image one column wide.</summary>
        public static (int Channels, int InWidth, int OutHeight, int OutWidth) Dims(LayerPlan layer) =>
            (layer.Input.Last, layer.Input.Rank == 3 ? layer.Input[1] : 1, layer.Output[0], layer.Output.Rank == 3 ? layer.Output[1] : 1);

        private static void Add(List<EdgeRun> runs, EdgeRun run)
        {
            if (run.Length == 0) return;
            if (runs.Count > 0)
            {
                EdgeRun last = runs[runs.Count - 1];
                bool adjacent = last.Zero == run.Zero && last.Target + last.Length == run.Target && (run.Zero || last.Source + last.Length == run.Source);
                if (adjacent)
                {
                    runs[runs.Count - 1] = new EdgeRun(last.Zero, last.Target, last.Source, last.Length + run.Length);
                    return;
                }
            }
            runs.Add(run);
        }
    }

    /// <summary>y[Target .. Target+Length) is zero, or a copy of x[Source .. Source+Length).</summary>
    internal readonly struct EdgeRun
    {
        public EdgeRun(bool zero, int target, int source, int length)
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
    }
}
