using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Dense: y = x·K + b over the last axis (every leading position separately, as Keras does on a rank &gt; 1
    /// input), activation fused. Looped form: input-major, so each kernel row is read contiguously.
    /// </summary>
    internal sealed class DenseEmitter : ILayerEmitter
    {

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
            ActivationKind? rowWise = layer.Spec.RowWiseActivation();
            if (rowWise is ActivationKind kind) ActivationWriter.EmitRows(kind, positions, units, context, rowByRow: true);
        }

        /// <summary>
        /// The body of <c>LayerNNDense_Group8(x, y)</c>: the layer on <see cref="Planner.GroupSamples"/> samples stored one after the
        /// other. A register block holds samples × unit vectors (8 × 3 with Vector512, 8 × 1 with the 16-register
        /// widths), so each kernel-row load feeds eight multiply-adds; an input is skipped when it is 0 in all the
        /// samples. Every unit of every sample sees the same operations in the same order as in the one-sample form
        /// (bias, then x·w for each input in order, skipping zeros there; a zero it keeps here adds ±0), so the
        /// results are the same floats, for finite weights.
        /// </summary>
        public static void EmitGroupBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            const int samples = Planner.GroupSamples;
            int inputs = layer.Input.Last, units = layer.Spec.Units;
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            VectorBlocks.Dispatch(context, units, (lanes, vec) =>
            {
                int width = lanes.Width;
                int vectors = width == 1 ? 0 : units / width;
                int most = GroupBlock(width);
                w.Comment(width > 1
                    ? $"{lanes.PathName}: {samples} samples × units in {VectorBlocks.Describe(lanes, units, most, samples)}{VectorBlocks.OverlapNote(units, lanes, "units")}."
                    : "Scalar: one unit of one sample at a time.");
                bool gather = vectors > 0 && Gathers(layer);
                if (gather) EmitGather(context, inputs, samples);
                System.Action<string, int> block = (first, n) =>
                {
                    w.Open("");
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"var a0_{j} = {VectorBlocks.BiasOrZero(vec, lanes, first, j, bias)};");
                    }
                    for (int s = 1; s < samples; s++)
                    {
                        for (int j = 0; j < n; j++) w.Line($"var a{s}_{j} = a0_{j};");
                    }
                    // With the gather the inputs are broadcast straight from memory (a load, not a shuffle on a port the
                    // multiply-adds need); without it they are tested for 0 first.
                    System.Action row = () =>
                    {
                        w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Plus(first, kernel.Offset)} + i * {units});");
                        for (int j = 0; j < n; j++) w.Line($"var w{j} = {vec}.LoadUnsafe(ref {lanes.Ref("kr", 0, j)});");
                        for (int s = 0; s < samples; s++)
                        {
                            w.Line($"var v{s} = {vec}.Create({(gather ? $"Uns.Add(ref xr, {(s == 0 ? "" : $"{s * inputs} + ")}i)" : $"x{s}")});");
                            for (int j = 0; j < n; j++) w.Line($"a{s}_{j} = {context.MultiplyAdd(vec, $"v{s}", $"w{j}", $"a{s}_{j}")};");
                        }
                    };
                    if (gather)
                    {
                        EmitGatheredRows(w, row);
                    }
                    else
                    {
                        w.Open($"for (int i = 0; i < {inputs}; i++)");
                        for (int s = 0; s < samples; s++) w.Line($"float x{s} = Uns.Add(ref xr, {(s == 0 ? "" : $"{s * inputs} + ")}i);");
                        var zeros = new List<string>();
                        for (int s = 0; s < samples; s++) zeros.Add($"x{s} == 0f");
                        w.Line($"if ({string.Join(" && ", zeros)}) continue;");
                        row();
                        w.Close();
                    }
                    for (int s = 0; s < samples; s++)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{s}_{j}", vec)}, ref Uns.Add(ref yr, {VectorBlocks.Sum(first, lanes.Offset(s * units, j))}));");
                        }
                    }
                    w.Close();
                };
                VectorBlocks.ForEachGroup(w, vectors, most, lanes, "cb", block);
                int tail = Overlap(units, vectors, lanes, block);
                if (tail < units && units - tail <= MaxInterleavedUnits)
                {
                    // The one-sample form's interleaved sums, sample by sample: the same sums.
                    w.Open($"for (int p = 0; p < {samples}; p++)");
                    EmitInterleavedUnits(layer, context, tail, $"p * {inputs} + ", $"p * {units} + ");
                    w.Close();
                }
                else if (tail < units)
                {
                    // The one-sample form's scalar loop, sample by sample: the same sums.
                    w.Open($"for (int p = 0; p < {samples}; p++)");
                    w.Open($"for (int u = {tail}; u < {units}; u++)");
                    w.Line(bias != null ? $"float s = w[{bias.Offset} + u];" : "float s = 0f;");
                    w.Line($"for (int i = 0; i < {inputs}; i++) s += x[p * {inputs} + i] * w[{kernel.Offset} + i * {units} + u];");
                    w.Line($"y[p * {units} + u] = {(VectorBlocks.IsVectorActivation(act) ? ActivationWriter.Apply(act, "s", context) : "s")};");
                    w.Close();
                    w.Close();
                }
                if (!VectorBlocks.IsVectorActivation(act))
                {
                    // Sample by sample, as the one-sample form runs it: a vectorized activation's result may depend on
                    // the run's length (its tail), and the group must equal its samples bit for bit.
                    w.Open($"for (int p = 0; p < {samples}; p++)");
                    ActivationWriter.EmitPass(act, $"p * {units}", units, "u", context);
                    w.Close();
                }
            }, width => NarrowShape(layer, units, GroupBlock(width), width), remainderVector: true);
            ActivationKind? rowWise = layer.Spec.RowWiseActivation();
            if (rowWise is ActivationKind kind) ActivationWriter.EmitRows(kind, samples, units, context, rowByRow: true);
        }

        /// <summary>Kernel rows per iteration of the loop over the gathered nonzero inputs (<see cref="EmitGatheredRows"/>).</summary>
        private const int RowsPerIteration = 2;

        /// <summary>
        /// The loop over the gathered nonzero inputs, two kernel rows per iteration (each its own block with <c>i</c> set,
        /// in order, so the sums are those of one row at a time): twice the independent work per iteration for the
        /// out-of-order core, half the loop's own instructions (seed_dnn at batch 64: 1.40 → 1.31 µs per image, perf-zoo;
        /// four rows per iteration measured no better). The rows left over run one per iteration.
        /// </summary>
        private static void EmitGatheredRows(SourceWriter w, System.Action row)
        {
            w.Line("int q = 0;");
            w.Open($"for (; q + {RowsPerIteration - 1} < count; q += {RowsPerIteration})");
            for (int r = 0; r < RowsPerIteration; r++)
            {
                w.Open("");
                w.Line(r == 0 ? "int i = Uns.Add(ref nz, q);" : $"int i = Uns.Add(ref nz, q + {r});");
                row();
                w.Close();
            }
            w.Close();
            w.Open("for (; q < count; q++)");
            w.Line("int i = Uns.Add(ref nz, q);");
            row();
            w.Close();
        }

        /// <summary>Largest input for which the nonzero inputs' indices are gathered on the stack (4 bytes each).</summary>
        private const int MaxGatheredInputs = 8192;

        /// <summary>Whether the SIMD forms gather the nonzero inputs first (a flat input of 64 to <see cref="MaxGatheredInputs"/>).</summary>
        private static bool Gathers(LayerPlan layer) =>
            layer.Input.Rank == 1 && layer.Input.Last >= 64 && layer.Input.Last <= MaxGatheredInputs;

        /// <summary>
        /// Writes <c>nonzero[0..count)</c> (<c>nz</c> is its first element; the loops index it without bounds checks, as
        /// every index is below the input length): the indices, in order, of the inputs that are not 0 in at least one of the
        /// <paramref name="samples"/> samples (stored <paramref name="inputs"/> apart in x), found by the runtime's
        /// <c>Ops.GatherNonzero</c> a vector at a time. The register-block loops then run over them without a branch per
        /// input: after a relu most inputs are 0, and a data-dependent branch on each of them costs more than the skipped work.
        /// </summary>
        private static void EmitGather(EmitContext context, int inputs, int samples)
        {
            SourceWriter w = context.Writer;
            w.Comment("The inputs that are not 0 (most are, after a relu), gathered once: only their kernel rows are read. Exact: a skipped term is 0 * w.");
            w.Line($"global::System.Span<int> nonzero = stackalloc int[{inputs}];");
            w.Line($"int count = {context.Op("GatherNonzero")}(x, {inputs}, {samples}, nonzero);");
            w.Line("ref int nz = ref Mem.GetReference(nonzero);");
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
            VectorBlocks.Dispatch(context, units, (lanes, vec) =>
            {
                int width = lanes.Width;
                int vectors = width == 1 ? 0 : units / width;
                w.Comment(width > 1
                    ? $"{lanes.PathName}: units in {VectorBlocks.Describe(lanes, units, VectorBlocks.MaxAccumulators, 1)}{VectorBlocks.OverlapNote(units, lanes, "units")}."
                    : "Scalar: one unit at a time.");
                if (several) w.Open($"for (int p = 0; p < {positions}; p++)");
                string xo = several ? $"p * {inputs} + " : "";
                string yo = several ? $"p * {units} + " : "";
                bool gather = !several && vectors > 0 && Gathers(layer);
                if (gather) EmitGather(context, inputs, 1);
                System.Action<string, int> block = (first, n) =>
                {
                    w.Open("");
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"var a{j} = {VectorBlocks.BiasOrZero(vec, lanes, first, j, bias)};");
                    }
                    System.Action row = () =>
                    {
                        w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Plus(first, kernel.Offset)} + i * {units});");
                        for (int j = 0; j < n; j++)
                        {
                            w.Line($"a{j} = {context.MultiplyAdd(vec, "v", $"{vec}.LoadUnsafe(ref {lanes.Ref("kr", 0, j)})", $"a{j}")};");
                        }
                    };
                    if (gather)
                    {
                        EmitGatheredRows(w, () =>
                        {
                            w.Line($"var v = {vec}.Create(Uns.Add(ref xr, i));");
                            row();
                        });
                    }
                    else
                    {
                        w.Open($"for (int i = 0; i < {inputs}; i++)");
                        w.Line($"float xv = Uns.Add(ref xr, {xo}i);");
                        w.Line("if (xv == 0f) continue;");
                        w.Line($"var v = {vec}.Create(xv);");
                        row();
                        w.Close();
                    }
                    for (int j = 0; j < n; j++)
                    {
                        w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{j}", vec)}, ref Uns.Add(ref yr, {yo}{VectorBlocks.Sum(first, lanes.Times(j))}));");
                    }
                    w.Close();
                };
                VectorBlocks.ForEachGroup(w, vectors, VectorBlocks.MaxAccumulators, lanes, "cb", block);
                int tail = Overlap(units, vectors, lanes, block);
                if (tail < units && units - tail <= MaxInterleavedUnits)
                {
                    EmitInterleavedUnits(layer, context, tail, xo, yo);
                }
                else if (tail < units)
                {
                    w.Open($"for (int u = {tail}; u < {units}; u++)");
                    w.Line(bias != null ? $"float s = w[{bias.Offset} + u];" : "float s = 0f;");
                    w.Line($"for (int i = 0; i < {inputs}; i++) s += x[{xo}i] * w[{kernel.Offset} + i * {units} + u];");
                    w.Line($"y[{yo}u] = {(VectorBlocks.IsVectorActivation(act) ? ActivationWriter.Apply(act, "s", context) : "s")};");
                    w.Close();
                }
                if (!VectorBlocks.IsVectorActivation(act))
                {
                    ActivationWriter.EmitPass(act, several ? $"p * {units}" : "0", units, "u", context);
                }
                if (several) w.Close();
            }, width => NarrowShape(layer, units, VectorBlocks.MaxAccumulators, width), remainderVector: true);
        }

        /// <summary>Most units computed one by one with interleaved sums (<see cref="EmitInterleavedUnits"/>).</summary>
        private const int MaxInterleavedUnits = 4;

        /// <summary>
        /// Units from <paramref name="first"/> on, too few for a vector (a Dense to 1-3 units, or the scalar path of a small
        /// one), in one pass over the inputs: two sums per unit (even and odd inputs), so that 2 × units multiply-adds are
        /// in flight instead of one chain that waits on itself at every input; no bounds checks.
        /// </summary>
        private static void EmitInterleavedUnits(LayerPlan layer, EmitContext context, int first, string xo, string yo)
        {
            SourceWriter w = context.Writer;
            int inputs = layer.Input.Last, units = layer.Spec.Units;
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            w.Comment($"Units {first}..{units - 1} one by one, two interleaved sums each (even and odd inputs).");
            w.Open("");
            for (int u = first; u < units; u++)
            {
                w.Line($"float s{u} = {(bias != null ? $"Uns.Add(ref wr, {bias.Offset + u})" : "0f")}, t{u} = 0f;");
            }
            w.Open($"for (int i = 0; i < {inputs - 1}; i += 2)");
            w.Line($"float x0 = Uns.Add(ref xr, {xo}i), x1 = Uns.Add(ref xr, {xo}i + 1);");
            w.Line($"ref float k0 = ref Uns.Add(ref wr, {VectorBlocks.Plus($"i * {units}", kernel.Offset)});");
            for (int u = first; u < units; u++)
            {
                w.Line($"s{u} += x0 * Uns.Add(ref k0, {u});");
                w.Line($"t{u} += x1 * Uns.Add(ref k0, {units + u});");
            }
            w.Close();
            if (inputs % 2 == 1)
            {
                for (int u = first; u < units; u++)
                {
                    w.Line($"s{u} += Uns.Add(ref xr, {xo}{inputs - 1}) * Uns.Add(ref wr, {kernel.Offset + (inputs - 1) * units + u});");
                }
            }
            for (int u = first; u < units; u++)
            {
                string sum = $"s{u} + t{u}";
                w.Line($"y[{yo}{u}] = {(VectorBlocks.IsVectorActivation(act) ? ActivationWriter.Apply(act, $"({sum})", context) : sum)};");
            }
            w.Close();
        }

        /// <summary>
        /// Units left over from the whole vectors get one more register block of one vector ending at the last unit,
        /// overlapping the one before (the units both hold get the same sums, stored twice), so none runs one by one.
        /// Returns the first unit the scalar loop still computes: all of them are covered then, else the remainder's.
        /// </summary>
        private static int Overlap(int units, int vectors, Lanes lanes, System.Action<string, int> block)
        {
            if (!VectorBlocks.Overlaps(units, lanes)) return vectors * lanes.Width;
            block(VectorBlocks.OverlapStart(units, lanes), 1);
            return units;
        }

        /// <summary>Unit vectors per register block of the group form: 24 accumulators of the 32 registers of AVX-512, 8 of 16 otherwise, over the group's samples.</summary>
        private static int GroupBlock(int width) => System.Math.Max(1, (width == 16 ? 24 : 8) / Planner.GroupSamples);

        /// <summary>
        /// The structure of a vector path at a width: unit-vector blocks (one loop over every unit, none left over) and, when
        /// the inputs are gathered, whether they are whole vectors. Vector256 and Vector128 share one body when equal.
        /// </summary>
        private static object NarrowShape(LayerPlan layer, int units, int max, int width)
        {
            (int block, bool wholeLoop) = VectorBlocks.GroupShape(units, max, width);
            if (!wholeLoop || (Gathers(layer) && layer.Input.Last % 8 != 0)) return width;
            return (block, max);
        }
    }
}
