using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D: each channel reduced over every position (all axes but
    /// the last). The average is the float sum divided by the count, as Keras' mean.
    /// </summary>
    internal sealed class GlobalPoolingEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            bool max = layer.Kind == LayerKind.GlobalMaxPooling1D || layer.Kind == LayerKind.GlobalMaxPooling2D;
            int channels = layer.Input.Last;
            long positions = layer.Input.Length / channels;
            if (context.Unrolled)
            {
                for (int c = 0; c < channels; c++)
                {
                    if (max)
                    {
                        string op = context.Op("Max");
                        w.Open("");
                        w.Line($"float m = x[{c}];");
                        for (long p = 1; p < positions; p++) w.Line($"m = {op}(m, x[{p * channels + c}]);");
                        w.Line($"y[{c}] = m;");
                        w.Close();
                    }
                    else
                    {
                        var terms = new List<string>();
                        for (long p = 0; p < positions; p++) terms.Add($"x[{p * channels + c}]");
                        Conv2DEmitter.WriteSum(context, $"y[{c}]", terms, v => $"({v}) / {positions}f");
                    }
                    context.SplitPoint();
                }
                return;
            }
            if (context.Vectorized && channels >= EmitContext.VectorWidths[EmitContext.VectorWidths.Length - 1] && positions >= 2)
            {
                VectorBlocks.Dispatch(context, channels, (width, vec) =>
                {
                    if (width == 1) EmitLoops(w, max, channels, positions);
                    else EmitVector(w, max, channels, (int)positions, width, vec);
                }, remainderVector: true);
                return;
            }
            EmitLoops(w, max, channels, positions);
        }

        /// <summary>
        /// The SIMD form: a vector of channels at a time (the channels left over one more vector ending at the last,
        /// overlapping), reduced over the positions in up to 4 accumulators (positions p, p + 1, ... in turn, so that the
        /// adds or maxes do not wait on each other), combined at the end.
        /// </summary>
        private static void EmitVector(SourceWriter w, bool max, int channels, int positions, int width, string vec)
        {
            int k = System.Math.Min(4, positions);
            string Op(string a, string b) => max ? $"{vec}.Max({a}, {b})" : $"{a} + {b}";
            w.Comment($"Vector{width * 32}: {width} channels at a time over the {positions} positions, in {k} accumulators.");
            System.Action<string> vector = c =>
            {
                for (int j = 0; j < k; j++) w.Line($"var m{j} = {vec}.LoadUnsafe(ref Uns.Add(ref xr, {VectorBlocks.Sum(c, (j * channels).ToString(System.Globalization.CultureInfo.InvariantCulture))}));");
                int full = positions - positions % k;
                if (full > k)
                {
                    w.Open($"for (int p = {k}; p < {full}; p += {k})");
                    w.Line($"ref float xp = ref Uns.Add(ref xr, {VectorBlocks.Sum("p * " + channels, c)});");
                    for (int j = 0; j < k; j++) w.Line($"m{j} = {Op($"m{j}", $"{vec}.LoadUnsafe(ref {(j == 0 ? "xp" : $"Uns.Add(ref xp, {j * channels})")})")};");
                    w.Close();
                }
                for (int p = full; p < positions; p++) w.Line($"m0 = {Op("m0", $"{vec}.LoadUnsafe(ref Uns.Add(ref xr, {VectorBlocks.Sum(c, (p * channels).ToString(System.Globalization.CultureInfo.InvariantCulture))}))")};");
                string all = k == 1 ? "m0" : k == 2 ? Op("m0", "m1") : k == 3 ? Op(Op("m0", "m1"), "m2") : Op($"({Op("m0", "m1")})", $"({Op("m2", "m3")})");
                w.Line($"{vec}.StoreUnsafe({(max ? all : $"({all}) / {positions}f")}, ref Uns.Add(ref yr, {c}));");
            };
            VectorBlocks.EmitRun(w, channels, width, "channels", vector);
        }

        /// <summary>The looped scalar form: the channels' running sums (maxima) in the output, position by position.</summary>
        private static void EmitLoops(SourceWriter w, bool max, int channels, long positions)
        {
            w.Line($"for (int c = 0; c < {channels}; c++) y[c] = x[c];");
            if (positions > 1)
            {
                w.Open($"for (int p = 1; p < {positions}; p++)");
                w.Line($"int i = p * {channels};");
                w.Line(max
                    ? $"for (int c = 0; c < {channels}; c++) {{ float v = x[i + c]; if (v > y[c]) y[c] = v; }}"
                    : $"for (int c = 0; c < {channels}; c++) y[c] += x[i + c];");
                w.Close();
            }
            if (!max) w.Line($"for (int c = 0; c < {channels}; c++) y[c] = y[c] / {positions}f;");
        }
    }
}
