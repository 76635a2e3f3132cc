using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Dense: y = x·K + b over the last axis (every leading position separately, as Keras does on a rank &gt; 1
    /// input), activation fused. Looped form: input-major, so each kernel row is read contiguously.
    /// </summary>
    internal sealed class DenseEmitter : ILayerEmitter
    {
        public bool Handles(LayerPlan layer) => layer.Kind == LayerKind.Dense;

        public long UnrolledCost(LayerPlan layer) => layer.Output.Length * ((long)layer.Input.Last + 1);

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            int inputs = layer.Input.Last, units = layer.Spec.Units;
            long positions = layer.Input.Length / inputs;
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            if (context.Unrolled)
            {
                for (long p = 0; p < positions; p++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        var terms = new List<string>();
                        if (bias != null) terms.Add($"w[{bias.Offset + u}]");
                        for (int i = 0; i < inputs; i++) terms.Add($"x[{p * inputs + i}] * w[{kernel.Offset + i * units + u}]");
                        Conv2DEmitter.WriteSum(context, $"y[{p * units + u}]", terms, v => ActivationWriter.Apply(layer.Spec.Activation, v, context));
                        context.SplitPoint();
                    }
                }
            }
            else
            {
                bool several = positions > 1;
                if (several) w.Open($"for (int p = 0; p < {positions}; p++)");
                string xo = several ? $"p * {inputs} + " : "";
                string yo = several ? $"p * {units} + " : "";
                w.Line(bias != null
                    ? $"for (int u = 0; u < {units}; u++) y[{yo}u] = w[{bias.Offset} + u];"
                    : $"for (int u = 0; u < {units}; u++) y[{yo}u] = 0f;");
                w.Open($"for (int i = 0; i < {inputs}; i++)");
                w.Line($"float v = x[{xo}i];");
                w.Line($"int k = {kernel.Offset} + i * {units};");
                w.Line($"for (int u = 0; u < {units}; u++) y[{yo}u] += v * w[k + u];");
                w.Close();
                string applied = ActivationWriter.Apply(layer.Spec.Activation, $"y[{yo}u]", context);
                if (applied != $"y[{yo}u]") w.Line($"for (int u = 0; u < {units}; u++) y[{yo}u] = {applied};");
                if (several) w.Close();
            }
            ActivationKind? rowWise = ActivationWriter.RowWise(layer.Spec);
            if (rowWise is ActivationKind kind) ActivationWriter.EmitRows(kind, positions, units, context);
        }
    }
}
