using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>Rescaling: <c>x * scale + offset</c> in float32, element-wise, as Keras computes it.</summary>
    internal sealed class RescalingEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            long length = layer.Output.Length;
            if (context.Unrolled)
            {
                for (long i = 0; i < length; i++)
                {
                    w.Line($"y[{i}] = {Expression(layer.Spec, $"x[{i}]")};");
                    context.SplitPoint();
                }
            }
            else
            {
                w.Line($"for (int i = 0; i < {length}; i++) y[i] = {Expression(layer.Spec, "x[i]")};");
            }
        }

        private static string Expression(LayerSpec spec, string value)
        {
            string text = value;
            if (spec.RescalingScale != 1.0) text += " * " + SourceWriter.Float(spec.RescalingScale);
            if (spec.RescalingOffset != 0.0) text += " + " + SourceWriter.Float(spec.RescalingOffset);
            return text;
        }
    }
}
