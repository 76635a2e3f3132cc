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
