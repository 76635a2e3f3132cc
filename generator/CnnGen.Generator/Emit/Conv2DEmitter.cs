using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Conv2D, NHWC input, HWIO kernel; also Conv1D, which is the same over (steps, 1, channels) with a (k, 1) kernel. Unrolled: one statement per output value, its window's multiply-adds
    /// written out with literal indices (padding cells simply absent). Looped: literal-bounded loops over output
    /// rows, columns, input and output channels; the kernel window unrolled, each window cell guarded only where
    /// 'same' padding can put it outside the input. Bias and activation fused.
    /// </summary>
    internal sealed class Conv2DEmitter : ILayerEmitter
    {
        public bool Handles(LayerPlan layer) => layer.Kind == LayerKind.Conv2D || layer.Kind == LayerKind.Conv1D;

        public long UnrolledCost(LayerPlan layer)
        {
            var g = new Geometry(layer);
            return layer.Output.Length * ((long)g.KH * g.KW * g.InC + 1);
        }

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            if (context.Unrolled) EmitUnrolled(layer, context);
            else if (context.Vectorized) EmitVectorLoops(layer, context);
            else EmitLoops(layer, context);
            ActivationKind? rowWise = ActivationWriter.RowWise(layer.Spec);
            if (rowWise is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }

        private static void EmitUnrolled(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new Geometry(layer);
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            for (int oy = 0; oy < g.OutH; oy++)
            {
                for (int ox = 0; ox < g.OutW; ox++)
                {
                    for (int co = 0; co < g.OutC; co++)
                    {
                        var terms = new List<string>();
                        if (bias != null) terms.Add($"w[{bias.Offset + co}]");
                        for (int ky = 0; ky < g.KH; ky++)
                        {
                            int iy = oy * g.SH + ky * g.DH - layer.PadTop;
                            if (iy < 0 || iy >= g.InH) continue;
                            for (int kx = 0; kx < g.KW; kx++)
                            {
                                int ix = ox * g.SW + kx * g.DW - layer.PadLeft;
                                if (ix < 0 || ix >= g.InW) continue;
                                for (int ci = 0; ci < g.InC; ci++)
                                {
                                    int xi = (iy * g.InW + ix) * g.InC + ci;
                                    int ki = kernel.Offset + ((ky * g.KW + kx) * g.InC + ci) * g.OutC + co;
                                    terms.Add($"x[{xi}] * w[{ki}]");
                                }
                            }
                        }
                        int yi = (oy * g.OutW + ox) * g.OutC + co;
                        WriteSum(context, $"y[{yi}]", terms, value => ActivationWriter.Apply(layer.Spec.Activation, value, context));
                        context.SplitPoint();
                    }
                }
            }
        }

        /// <summary>
        /// Writes <c>target = f(t0 + t1 + ...);</c>, four terms per line. Long sums accumulate in one method-wide local,
        /// <c>sum</c>, declared on first use: a fresh block-scoped local per output would give an unrolled method
        /// thousands of locals, which makes the C# compiler's flow analysis (and the JIT) very slow.
        /// </summary>
        internal static void WriteSum(EmitContext context, string target, List<string> terms, System.Func<string, string> apply)
        {
            SourceWriter w = context.Writer;
            if (terms.Count == 0) terms.Add("0f");
            if (terms.Count <= 4)
            {
                w.Line($"{target} = {apply(string.Join(" + ", terms))};");
                return;
            }
            string declare = context.DeclareOnce("sum") ? "float " : "";
            w.Line($"{declare}sum = {string.Join(" + ", terms.GetRange(0, 4))};");
            for (int i = 4; i < terms.Count; i += 4)
            {
                w.Line($"sum += {string.Join(" + ", terms.GetRange(i, System.Math.Min(4, terms.Count - i)))};");
            }
            w.Line($"{target} = {apply("sum")};");
        }

        private static void EmitLoops(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new Geometry(layer);
            WeightPlan kernel = layer.Weight("kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            w.Line(bias != null
                ? $"for (int co = 0; co < {g.OutC}; co++) y[o + co] = w[{bias.Offset} + co];"
                : $"for (int co = 0; co < {g.OutC}; co++) y[o + co] = 0f;");
            WindowCells.EmitLooped(layer, g, w, (ky, kx) =>
            {
                int cellOffset = kernel.Offset + (ky * g.KW + kx) * g.InC * g.OutC;
                w.Open($"for (int ci = 0; ci < {g.InC}; ci++)");
                w.Line("float v = x[i + ci];");
                w.Line($"int k = {cellOffset} + ci * {g.OutC};");
                w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] += v * w[k + co];");
                w.Close();
            });
            string applied = ActivationWriter.Apply(layer.Spec.Activation, "y[o + co]", context);
            if (applied != "y[o + co]") w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] = {applied};");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The SIMD looped form: output pixels in runs of P along a row × output channels in blocks of up to 4 vectors,
        /// P·n accumulators in registers. Per kernel cell and input channel, the n weight vectors are loaded once and
        /// each of the P input values is broadcast once and multiplied into its n accumulators. Bias is the
        /// accumulators' initial value, relu runs on the registers before the store. Channels left over from the
        /// vector width are computed one by one, as is everything on the scalar path.
        /// </summary>
        private static void EmitVectorLoops(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new Geometry(layer);
            ActivationKind act = layer.Spec.Activation;
            const int MaxChannelVectors = 4;
            VectorBlocks.Dispatch(w, g.OutC, (width, vec) =>
            {
                w = context.Writer;
                int vectors = width == 1 ? 0 : g.OutC / width;
                int run = 1;
                if (width > 1)
                {
                    int n = System.Math.Min(vectors, MaxChannelVectors);
                    run = System.Math.Max(1, System.Math.Min(System.Math.Min(6, g.OutW), (width == 16 ? 24 : 8) / n));
                    w.Comment($"Vector{width * 32}: {run} output pixel{(run == 1 ? "" : "s")} along a row × output channels in {VectorBlocks.Describe(vectors, width, MaxChannelVectors, run)}" +
                        $"{(g.OutC % width != 0 ? $"; channels {vectors * width}..{g.OutC - 1} one by one" : "")}.");
                }
                else
                {
                    w.Comment("Scalar: one output value at a time.");
                }
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                if (run > 1)
                {
                    int rest = g.OutW % run;
                    w.Open($"for (int ox = 0; ox <= {g.OutW - run}; ox += {run})");
                    EmitPixels(layer, g, context, width, vec, vectors, run, MaxChannelVectors);
                    w.Close();
                    if (rest > 0)
                    {
                        w.Open($"// the last {rest} pixel{(rest == 1 ? "" : "s")} of the row");
                        w.Line($"const int ox = {g.OutW - rest};");
                        EmitPixels(layer, g, context, width, vec, vectors, rest, MaxChannelVectors);
                        w.Close();
                    }
                }
                else if (vectors > 0)
                {
                    w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                    EmitPixels(layer, g, context, width, vec, vectors, 1, MaxChannelVectors);
                    w.Close();
                }
                EmitRowTail(layer, g, context, vectors * width);
                w.Close();
            });
        }

        /// <summary>The outputs of <paramref name="run"/> pixels starting at (oy, ox), all channels.</summary>
        private static void EmitPixels(LayerPlan layer, Geometry g, EmitContext context, int width, string vec, int vectors, int run, int maxChannelVectors)
        {
            SourceWriter w = context.Writer;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            foreach ((int c0, int n) in VectorBlocks.Groups(vectors, maxChannelVectors))
            {
                int first = c0 * width;
                w.Open("");
                for (int j = 0; j < n; j++)
                {
                    string init = bias != null ? $"{vec}.LoadUnsafe(ref Uns.Add(ref wr, {bias.Offset + first + j * width}))" : $"{vec}.Create(0f)";
                    w.Line($"var a0_{j} = {init};");
                    for (int p = 1; p < run; p++) w.Line($"var a{p}_{j} = a0_{j};");
                }
                EmitWindow(layer, g, w, run, (body, guarded) =>
                {
                    if (g.InC == 1) w.Open("").Line("const int ci = 0;");
                    else w.Open($"for (int ci = 0; ci < {g.InC}; ci++)");
                    w.Line($"int k = {body + first} + ci * {g.OutC};");
                    for (int j = 0; j < n; j++) w.Line($"var w{j} = {vec}.LoadUnsafe(ref Uns.Add(ref wr, {Affine("k", 1, j * width)}));");
                    for (int p = 0; p < run; p++)
                    {
                        if (guarded) w.Open($"if (in{p})");
                        w.Line($"var v{p} = {vec}.Create(Uns.Add(ref xr, {Affine("i", 1, p * g.SW * g.InC)} + ci));");
                        for (int j = 0; j < n; j++) w.Line($"a{p}_{j} = {context.MultiplyAdd(vec, $"v{p}", $"w{j}", $"a{p}_{j}")};");
                        if (guarded) w.Close();
                    }
                    w.Close();
                });
                for (int p = 0; p < run; p++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        string value = VectorBlocks.Activate(act, $"a{p}_{j}", vec);
                        w.Line($"{vec}.StoreUnsafe({value}, ref Uns.Add(ref yr, o + {p * g.OutC + first + j * width}));");
                    }
                }
                w.Close();
            }
        }

        /// <summary>
        /// Per pixel of row oy: the channels the vectors left over (from <paramref name="tail"/> on), one by one, and an
        /// activation that does not run on vectors, over all channels.
        /// </summary>
        private static void EmitRowTail(LayerPlan layer, Geometry g, EmitContext context, int tail)
        {
            SourceWriter w = context.Writer;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            bool vectorAct = VectorBlocks.IsVectorActivation(act);
            if (tail >= g.OutC && vectorAct) return;
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            w.Line($"int o = (oy * {g.OutW} + ox) * {g.OutC};");
            if (tail < g.OutC)
            {
                w.Open($"for (int co = {tail}; co < {g.OutC}; co++)");
                w.Line(bias != null ? $"float s = w[{bias.Offset} + co];" : "float s = 0f;");
                EmitWindow(layer, g, w, 1, (body, guarded) =>
                {
                    w.Line($"for (int ci = 0; ci < {g.InC}; ci++) s += x[i + ci] * w[{body} + ci * {g.OutC} + co];");
                });
                w.Line($"y[o + co] = {(vectorAct ? ActivationWriter.Apply(act, "s", context) : "s")};");
                w.Close();
            }
            if (!vectorAct)
            {
                w.Line($"for (int co = 0; co < {g.OutC}; co++) y[o + co] = {ActivationWriter.Apply(act, "y[o + co]", context)};");
            }
            w.Close();
        }

        /// <summary>
        /// The kernel window around outputs (oy, ox .. ox + run - 1), unrolled: per cell, <c>i</c> (the input offset of
        /// the first pixel's cell) and guards where 'same' padding can put the cell outside: the row for all, the column
        /// per pixel (<c>in0</c>, <c>in1</c>, ...; <paramref name="inner"/> is then told to test them). It gets the
        /// offset of the cell's [ci][co] weight block.
        /// </summary>
        private static void EmitWindow(LayerPlan layer, Geometry g, SourceWriter w, int run, System.Action<int, bool> inner)
        {
            WeightPlan kernel = layer.Weight("kernel")!;
            for (int ky = 0; ky < g.KH; ky++)
            {
                int rowOffset = ky * g.DH - layer.PadTop;
                bool rowAlwaysInside = WindowCells.RowAlwaysInside(g, rowOffset);
                for (int kx = 0; kx < g.KW; kx++)
                {
                    int colOffset = kx * g.DW - layer.PadLeft;
                    bool colAlwaysInside = WindowCells.ColAlwaysInside(g, colOffset);
                    w.Open($"// kernel cell ({ky}, {kx})");
                    w.Line($"int iy = {Affine("oy", g.SH, rowOffset)}, ix = {Affine("ox", g.SW, colOffset)};");
                    if (!rowAlwaysInside) w.Open($"if ((uint)iy < {g.InH}u)");
                    bool guarded = !colAlwaysInside;
                    if (guarded && run == 1) w.Open($"if ((uint)ix < {g.InW}u)");
                    if (guarded && run > 1)
                    {
                        for (int p = 0; p < run; p++) w.Line($"bool in{p} = (uint)({Affine("ix", 1, p * g.SW)}) < {g.InW}u;");
                    }
                    w.Line($"int i = (iy * {g.InW} + ix) * {g.InC};");
                    inner(kernel.Offset + (ky * g.KW + kx) * g.InC * g.OutC, guarded && run > 1);
                    if (guarded && run == 1) w.Close();
                    if (!rowAlwaysInside) w.Close();
                    w.Close();
                }
            }
        }

        /// <summary><c>v * scale + offset</c>, with the trivial parts left out.</summary>
        internal static string Affine(string v, int scale, int offset)
        {
            string text = scale == 1 ? v : $"{v} * {scale}";
            if (offset > 0) text += $" + {offset}";
            if (offset < 0) text += $" - {-offset}";
            return text;
        }

        /// <summary>
        /// The sizes of a window layer, read once from the plan. A 1-D layer over (steps, channels) is seen as a 2-D
        /// one over (steps, 1, channels): its spec's *Width fields are 1.
        /// </summary>
        internal readonly struct Geometry
        {
            public Geometry(LayerPlan layer)
            {
                LayerSpec s = layer.Spec;
                bool oneD = layer.Input.Rank == 2;
                InH = layer.Input[0]; InW = oneD ? 1 : layer.Input[1]; InC = layer.Input.Last;
                OutH = layer.Output[0]; OutW = oneD ? 1 : layer.Output[1]; OutC = layer.Output.Last;
                KH = s.KernelHeight; KW = s.KernelWidth;
                SH = s.StrideHeight; SW = s.StrideWidth;
                DH = s.DilationHeight; DW = s.DilationWidth;
            }

            public int InH { get; }
            public int InW { get; }
            public int InC { get; }
            public int OutH { get; }
            public int OutW { get; }
            public int OutC { get; }
            public int KH { get; }
            public int KW { get; }
            public int SH { get; }
            public int SW { get; }
            public int DH { get; }
            public int DW { get; }
        }
    }
}
