using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// BatchNormalization at inference, y = s·x + t per channel with s = gamma / sqrt(variance + epsilon) and
    /// t = beta - s·mean. Both are computed once, in the generated constructor, in double: folded into the layer
    /// before it (see <see cref="BatchNormFolding"/>), which then needs no code of its own here, or stored as the
    /// layer's derived scale and shift for a standalone per-channel multiply-add.
    /// </summary>
    internal sealed class BatchNormalizationEmitter : ILayerEmitter, IParameterPreparation
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            int scale = layer.Parameter("scale")!.Offset, shift = layer.Parameter("shift")!.Offset;
            int channels = layer.Output.Last;
            long positions = layer.Output.Length / channels;
            if (context.Unrolled)
            {
                for (long p = 0; p < positions; p++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        long i = p * channels + c;
                        w.Line($"y[{i}] = x[{i}] * w[{scale + c}] + w[{shift + c}];");
                        context.SplitPoint();
                    }
                }
                return;
            }
            bool several = positions > 1;
            if (several)
            {
                w.Open($"for (int p = 0; p < {positions}; p++)");
                w.Line($"int o = p * {channels};");
            }
            string o = several ? "o + " : "";
            w.Line($"for (int c = 0; c < {channels}; c++) y[{o}c] = x[{o}c] * w[{scale} + c] + w[{shift} + c];");
            if (several) w.Close();
        }

        public void EmitPreparation(LayerPlan layer, ModelPlan model, SourceWriter w)
        {
            int channels = layer.Output.Last;
            WeightPlan? gamma = layer.Weight("gamma"), beta = layer.Weight("beta");
            int mean = layer.Weight("moving_mean")!.Offset, variance = layer.Weight("moving_variance")!.Offset;
            string s = (gamma is null ? "1.0" : $"p[{gamma.Offset} + c]") + $" / global::System.Math.Sqrt(p[{variance} + c] + {SourceWriter.Double(layer.Spec.Epsilon)})";
            string t = (beta is null ? "" : $"p[{beta.Offset} + c] ") + $"- p[{mean} + c] * s";
            if (layer.FoldedInto >= 0)
            {
                LayerPlan target = model.Layers[layer.FoldedInto];
                WeightPlan kernel = BatchNormFolding.ScaledKernel(target);
                WeightPlan ownBias = target.Weight("bias") ?? target.Parameter("bias")!;
                bool hadBias = target.Weight("bias") != null;
                w.Comment($"{layer.Name} (BatchNormalization) folded into {target.Name}: its kernel's output channels times s, its bias b*s + t.");
                w.Open($"for (int c = 0; c < {channels}; c++)");
                w.Line($"double s = {s};");
                w.Line($"double t = {t};");
                w.Line($"for (int k = {Conv2DEmitter.Affine("c", 1, kernel.Offset)}; k < {kernel.Offset + kernel.Length}; k += {channels}) p[k] = (float)(p[k] * s);");
                w.Line(hadBias ? $"p[{ownBias.Offset} + c] = (float)(p[{ownBias.Offset} + c] * s + t);" : $"p[{ownBias.Offset} + c] = (float)t;");
                w.Close();
                return;
            }
            int scale = layer.Parameter("scale")!.Offset, shift = layer.Parameter("shift")!.Offset;
            w.Comment($"{layer.Name} (BatchNormalization), standalone: y = x * s + t per channel.");
            w.Open($"for (int c = 0; c < {channels}; c++)");
            w.Line($"double s = {s};");
            w.Line($"p[{scale} + c] = (float)s;");
            w.Line($"p[{shift} + c] = (float)({t});");
            w.Close();
        }
    }
}
