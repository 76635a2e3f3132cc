using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>Activation, ReLU, LeakyReLU, ELU and Softmax layers: a function of each value, or of each row.</summary>
    internal sealed class ElementwiseEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            long length = layer.Output.Length;
            ActivationKind? rowWise = layer.Spec.RowWiseActivation();
            if (rowWise is ActivationKind kind)
            {
                // Row-wise functions work in place on y; CopyTo is a no-op copy when x and y are one buffer.
                w.Line($"x.Slice(0, {length}).CopyTo(y);");
                ActivationWriter.EmitRows(kind, length / layer.Output.Last, layer.Output.Last, context);
                return;
            }
            if (context.Unrolled)
            {
                for (long i = 0; i < length; i++)
                {
                    w.Line($"y[{i}] = {ActivationWriter.ApplyLayer(layer.Spec, $"x[{i}]", context)};");
                    context.SplitPoint();
                }
            }
            else if (context.Vectorized && layer.Kind == LayerKind.Activation && ActivationWriter.HasSpanForm(layer.Spec.Activation) && length <= int.MaxValue)
            {
                w.Line($"x.Slice(0, {length}).CopyTo(y);");
                ActivationWriter.EmitPass(layer.Spec.Activation, "0", (int)length, "i", context);
            }
            else if (context.Vectorized && layer.Kind == LayerKind.ReLU && (layer.Spec.MaxValue != null || layer.Spec.NegativeSlope != 0 || layer.Spec.Threshold != 0))
            {
                // A ReLU with max_value, negative_slope or threshold: the runtime's vector loop of ReluGeneral.
                LayerSpec spec = layer.Spec;
                string threshold = SourceWriter.Float(spec.Threshold);
                string slope = SourceWriter.Float(spec.NegativeSlope);
                string max = spec.MaxValue is double m ? SourceWriter.Float(m) : "float.PositiveInfinity";
                w.Line($"{context.Op("ReluGeneral")}(x.Slice(0, {length}), y, {threshold}, {slope}, {max});");
            }
            else
            {
                w.Line($"for (int i = 0; i < {length}; i++) y[i] = {ActivationWriter.ApplyLayer(layer.Spec, "x[i]", context)};");
            }
        }
    }
}
