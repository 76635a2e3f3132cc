using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// SeparableConv2D, one output pixel at a time: the depthwise step (<c>depthwise_kernel [kh, kw, in, dm]</c>, no bias)
    /// fills a stack buffer <c>t</c> of in*dm values, then the pointwise step (<c>pointwise_kernel [1, 1, in*dm, filters]</c>)
    /// maps it to the pixel's filters, bias and activation fused. The intermediate image never exists, so the layer
    /// needs no scratch beyond in*dm floats of stack.
    /// </summary>
    internal sealed class SeparableConv2DEmitter : ILayerEmitter
    {

        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            var g = new WindowGeometry(layer);
            int dm = layer.Spec.DepthMultiplier, depth = g.InC * dm, filters = g.OutC;
            WeightPlan depthwise = layer.Weight("depthwise_kernel")!;
            WeightPlan pointwise = layer.Weight("pointwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            string buffer = $"global::System.Span<float> t = stackalloc float[{depth}];";
            bool simd = !context.Unrolled && context.Vectorized && filters >= 4;
            // The SIMD paths are static local functions: each has its own buffer.
            if (!simd) w.Line(buffer);
            context.EndPrologue();
            if (simd)
            {
                // A depth multiplier above 1: the depthwise step's input with each channel repeated (bordered where padded),
                // as DepthwiseConv2D's SIMD form has it, and the paths run a depth multiplier of 1 over it. (A border alone
                // does not pay here, where the pointwise step is most of the work: 5x5x32 'same', 0.96 µs guarded, 1.14 bordered.)
                WindowGeometry paths = g;
                int pathDm = dm;
                bool copied = false;
                if (dm > 1 && WindowCells.CopyFloats(g, dm) <= WindowCells.MaxCopyFloats)
                {
                    paths = WindowCells.EmitInputCopy(g, w, dm);
                    pathDm = 1;
                    copied = true;
                }
                VectorBlocks.Dispatch(context, filters, (lanes, vec) =>
                {
                    w.Line(buffer);
                    if (lanes.Width == 1) EmitLoops(layer, paths, context, true, pathDm);
                    else EmitVector(layer, paths, context, lanes, vec, pathDm);
                }, null, remainderVector: true, input: copied ? "xb" : "x");
                if (!VectorBlocks.IsVectorActivation(layer.Spec.Activation))
                {
                    ActivationWriter.EmitPass(layer.Spec.Activation, "0", checked((int)layer.Output.Length), "i", context);
                }
            }
            else if (context.Unrolled)
            {
                for (int oy = 0; oy < g.OutH; oy++)
                {
                    for (int ox = 0; ox < g.OutW; ox++)
                    {
                        w.Comment($"pixel ({oy}, {ox})");
                        var cells = WindowCells.Unrolled(layer, g, oy, ox);
                        for (int q = 0; q < depth; q++)
                        {
                            var terms = new List<string>();
                            foreach ((int ky, int kx, int pixel) in cells)
                            {
                                terms.Add($"x[{pixel + q / dm}] * w[{depthwise.Offset + (ky * g.KW + kx) * depth + q}]");
                            }
                            Conv2DEmitter.WriteSum(context, $"t[{q}]", terms, v => v);
                        }
                        for (int f = 0; f < filters; f++)
                        {
                            var terms = new List<string>();
                            if (bias != null) terms.Add($"w[{bias.Offset + f}]");
                            for (int q = 0; q < depth; q++) terms.Add($"t[{q}] * w[{pointwise.Offset + q * filters + f}]");
                            Conv2DEmitter.WriteSum(context, $"y[{(oy * g.OutW + ox) * filters + f}]", terms, v => ActivationWriter.Apply(layer.Spec.Activation, v, context));
                        }
                        context.SplitPoint();
                    }
                }
            }
            else
            {
                EmitLoops(layer, g, context, false, dm);
            }
            if (layer.Spec.RowWiseActivation() is ActivationKind kind)
            {
                ActivationWriter.EmitRows(kind, layer.Output.Length / layer.Output.Last, layer.Output.Last, context);
            }
        }

        /// <summary>
        /// The SIMD form, one output pixel at a time: the depthwise step a channel vector at a time into <c>t</c> (depth
        /// multiplier 1; otherwise value by value), then the pointwise step as a Dense over <c>t</c>: the filters in register
        /// blocks, each of <c>t</c>'s values broadcast once. Remainders as one overlapping vector; bias is the pointwise
        /// accumulators' start, relu runs on them, another activation is one pass after the paths.
        /// </summary>
        private static void EmitVector(LayerPlan layer, WindowGeometry g, EmitContext context, Lanes lanes, string vec, int dm)
        {
            SourceWriter w = context.Writer;
            int width = lanes.Width, depth = g.InC * dm, filters = g.OutC;
            WeightPlan depthwise = layer.Weight("depthwise_kernel")!;
            WeightPlan pointwise = layer.Weight("pointwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            ActivationKind act = layer.Spec.Activation;
            bool vectorDepthwise = dm == 1 && depth >= width;
            w.Comment($"{lanes.PathName}: per output pixel, the depthwise step {(vectorDepthwise ? $"in {VectorBlocks.Describe(lanes, depth, VectorBlocks.MaxAccumulators, 1)}{VectorBlocks.OverlapNote(depth, lanes, "channels")}" : "value by value")} into t, " +
                      $"then the filters in {VectorBlocks.Describe(lanes, filters, VectorBlocks.MaxAccumulators, 1)}{VectorBlocks.OverlapNote(filters, lanes, "filters")}.");
            w.Line("ref float tr = ref Mem.GetReference(t);");
            w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
            if (vectorDepthwise)
            {
                System.Action<string, int> channels = (first, n) =>
                {
                    w.Open("");
                    for (int j = 0; j < n; j++) w.Line($"var a{j} = {vec}.Create(0f);");
                    DepthwiseConv2DEmitter.EmitVectorWindow(layer, g, context, lanes, vec, depthwise.Offset, first, n);
                    for (int j = 0; j < n; j++) w.Line($"{vec}.StoreUnsafe(a{j}, ref Uns.Add(ref tr, {VectorBlocks.Sum(first, lanes.Times(j))}));");
                    w.Close();
                };
                VectorBlocks.ForEachGroup(w, depth / width, VectorBlocks.MaxAccumulators, lanes, "cb", channels);
                if (VectorBlocks.Overlaps(depth, lanes)) channels(VectorBlocks.OverlapStart(depth, lanes), 1);
            }
            else
            {
                EmitDepthwiseValues(layer, g, w, dm);
            }
            w.Line($"int o = (oy * {g.OutW} + ox) * {filters};");
            System.Action<string, int> block = (first, n) =>
            {
                // A few filter vectors would make one long chain of dependent multiply-adds over the depth: k partial sums
                // per vector (over q, q + 1, ..., q + k - 1) keep up to 8 in flight, added up after the loop.
                int k = System.Math.Max(1, System.Math.Min(4, VectorBlocks.MaxAccumulators / n));
                while (depth % k != 0) k--;
                w.Open("");
                for (int j = 0; j < n; j++)
                {
                    w.Line($"var a{j} = {VectorBlocks.BiasOrZero(vec, lanes, first, j, bias)};");
                    for (int u = 1; u < k; u++) w.Line($"var a{j}_{u} = {vec}.Create(0f);");
                }
                w.Open(k == 1 ? $"for (int q = 0; q < {depth}; q++)" : $"for (int q = 0; q < {depth}; q += {k})");
                w.Line($"ref float kr = ref Uns.Add(ref wr, {VectorBlocks.Plus(first, pointwise.Offset)} + q * {filters});");
                for (int u = 0; u < k; u++)
                {
                    string v = k == 1 ? "v" : $"v{u}";
                    w.Line($"var {v} = {vec}.Create(Uns.Add(ref tr, {(u == 0 ? "q" : $"q + {u}")}));");
                    for (int j = 0; j < n; j++)
                    {
                        string a = u == 0 ? $"a{j}" : $"a{j}_{u}";
                        w.Line($"{a} = {context.MultiplyAdd(vec, v, $"{vec}.LoadUnsafe(ref {lanes.Ref("kr", u * filters, j)})", a)};");
                    }
                }
                w.Close();
                for (int j = 0; j < n; j++)
                {
                    if (k == 2) w.Line($"a{j} += a{j}_1;");
                    else if (k == 3) w.Line($"a{j} = a{j} + a{j}_1 + a{j}_2;");
                    else if (k == 4) w.Line($"a{j} = (a{j} + a{j}_1) + (a{j}_2 + a{j}_3);");
                }
                for (int j = 0; j < n; j++)
                {
                    w.Line($"{vec}.StoreUnsafe({VectorBlocks.Activate(act, $"a{j}", vec)}, ref Uns.Add(ref yr, o + {VectorBlocks.Sum(first, lanes.Times(j))}));");
                }
                w.Close();
            };
            VectorBlocks.ForEachGroup(w, filters / width, VectorBlocks.MaxAccumulators, lanes, "fb", block);
            if (VectorBlocks.Overlaps(filters, lanes)) block(VectorBlocks.OverlapStart(filters, lanes), 1);
            w.Close();
            w.Close();
        }

        /// <summary>The depthwise step of pixel (oy, ox) into <c>t</c>, value by value (every form but a SIMD depth multiplier of 1).</summary>
        private static void EmitDepthwiseValues(LayerPlan layer, WindowGeometry g, SourceWriter w, int dm)
        {
            int depth = g.InC * dm;
            WeightPlan depthwise = layer.Weight("depthwise_kernel")!;
            w.Line("t.Clear();");
            WindowCells.EmitLooped(layer, g, w, (ky, kx) => WindowCells.EmitDepthwiseCell(w, g, dm, depthwise.Offset + (ky * g.KW + kx) * depth, "t["));
        }

        /// <summary>
        /// The looped scalar form (also the scalar path of the SIMD form, <paramref name="passAfter"/>: an activation that
        /// does not run on registers is then one pass after the paths).
        /// </summary>
        private static void EmitLoops(LayerPlan layer, WindowGeometry g, EmitContext context, bool passAfter, int dm)
        {
            SourceWriter w = context.Writer;
            int filters = g.OutC, depth = g.InC * dm;
            WeightPlan pointwise = layer.Weight("pointwise_kernel")!;
            WeightPlan? bias = layer.Parameter("bias");
            {
                w.Open($"for (int oy = 0; oy < {g.OutH}; oy++)");
                w.Open($"for (int ox = 0; ox < {g.OutW}; ox++)");
                EmitDepthwiseValues(layer, g, w, dm);
                w.Line($"int o = (oy * {g.OutW} + ox) * {filters};");
                w.Line(bias != null
                    ? $"for (int f = 0; f < {filters}; f++) y[o + f] = w[{bias.Offset} + f];"
                    : $"for (int f = 0; f < {filters}; f++) y[o + f] = 0f;");
                w.Open($"for (int q = 0; q < {depth}; q++)");
                w.Line("float v = t[q];");
                w.Line($"int k = {pointwise.Offset} + q * {filters};");
                w.Line($"for (int f = 0; f < {filters}; f++) y[o + f] += v * w[k + f];");
                w.Close();
                string applied = passAfter && !VectorBlocks.IsVectorActivation(layer.Spec.Activation) ? "y[o + f]" : ActivationWriter.Apply(layer.Spec.Activation, "y[o + f]", context);
                if (applied != "y[o + f]") w.Line($"for (int f = 0; f < {filters}; f++) y[o + f] = {applied};");
                w.Close();
                w.Close();
            }
        }
    }
}
