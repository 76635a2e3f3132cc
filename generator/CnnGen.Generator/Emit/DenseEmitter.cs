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
            else if (context.Vectorized)
            {
                EmitVector(layer, context, positions);
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

        /// <summary>
        /// The SIMD form: units in register blocks of up to <see cref="VectorBlocks.MaxAccumulators"/> vectors; each
        /// input is broadcast once and multiplied into every accumulator with one contiguous kernel-row load each.
        /// Inputs that are exactly 0 (most of them after a relu) are skipped: adding 0 * w changes nothing for finite w.
        /// </summary>
        private static void EmitVector(LayerPlan layer, EmitContext context, long positions)
        {
            SourceWriter w = context.Writer;
            int inputs = layer.Input.Last, units = layer.Spec.Units;
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            bool several = positions > 1;
            VectorBlocks.Dispatch(w, units, (width, vec) =>
            {
                int vectors = width == 1 ? 0 : units / width;
                w.Comment(width > 1
                    ? $"Vector{width * 32}: units in {VectorBlocks.Describe(vectors, width)}{(units % width != 0 ? $", units {vectors * width}..{units - 1} one by one" : "")}."
                    : "Scalar: one unit at a time.");
                if (several) w.Open($"for (int p = 0; p < {positions}; p++)");
                string xo = several ? $"p * {inputs} + " : "";
                string yo = several ? $"p * {units} + " : "";
                foreach ((int c0, int n) in VectorBlocks.Groups(vectors))
                {
                    int first = c0 * width;
                    w.Open("");
                    for (int j = 0; j < n; j++)
                    {
                        w.Line(bias != null
                            ? $"var a{j} = {vec}.LoadUnsafe(ref Uns.Add(ref wr, {bias.Offset + first + j * width}));"
                            : $"var a{j} = {vec}.Create(0f);");
                    }
                    w.Open($"for (int i = 0; i < {inputs}; i++)");
                    w.Line($"float xv = Uns.Add(ref xr, {xo}i);");
                    w.Line("if (xv == 0f) continue;");
                    w.Line($"var v = {vec}.Create(xv);");
                    w.Line($"int k = {kernel.Offset + first} + i * {units};");
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"a{j} = {context.MultiplyAdd(vec, "v", $"{vec}.LoadUnsafe(ref Uns.Add(ref wr, {Conv2DEmitter.Affine("k", 1, j * width)}))", $"a{j}")};");
                    }
                    w.Close();
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{j}", vec)}, ref Uns.Add(ref yr, {yo}{first + j * width}));");
                    }
                    w.Close();
                }
                int tail = vectors * width;
                if (tail < units)
                {
                    w.Open($"for (int u = {tail}; u < {units}; u++)");
                    w.Line(bias != null ? $"float s = w[{bias.Offset} + u];" : "float s = 0f;");
                    w.Line($"for (int i = 0; i < {inputs}; i++) s += x[{xo}i] * w[{kernel.Offset} + i * {units} + u];");
                    w.Line($"y[{yo}u] = {(VectorBlocks.IsVectorActivation(act) ? ActivationWriter.Apply(act, "s", context) : "s")};");
                    w.Close();
                }
                if (!VectorBlocks.IsVectorActivation(act))
                {
                    w.Line($"for (int u = 0; u < {units}; u++) y[{yo}u] = {ActivationWriter.Apply(act, $"y[{yo}u]", context)};");
                }
                if (several) w.Close();
            });
        }
    }
}
