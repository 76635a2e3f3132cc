using System;
using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes
{
    /// <summary>
    /// Functional models: each declared layer call names the tensors it takes (<see cref="LayerSpec.Inbound"/>). The calls are
    /// resolved to the layers that produce them, put in an execution order (every input before its consumer, a layer's
    /// one consumer right after it where it can be, so that the planner can fuse them), and inferred in that order with the
    /// same per-layer rules as a Sequential model, plus the merge rules of Keras. Weights keep Keras' order (the order the
    /// layers are declared in, <c>model.layers</c>); a shared layer's later calls read the weights of its first.
    /// </summary>
    internal static partial class ShapeInference
    {
        /// <summary>A spec is a graph when it is a functional model or any layer names its inputs or calls a layer again.</summary>
        private static bool IsGraphSpec(ModelSpec spec)
        {
            if (spec.Graph != null) return true;
            foreach (DeclaredLayer layer in spec.Layers)
            {
                if (layer.Spec.Inbound.Count > 0 || layer.Spec.Call > 0) return true;
            }
            return false;
        }

        private static ModelResult InferGraph(ModelSpec spec, TargetInfo target, string[] names, List<DiagnosticInfo> diagnostics, System.Threading.CancellationToken cancellation)
        {
            int n = spec.Layers.Count;
            string inputName = spec.Graph?.InputName ?? Parsing.SpecFileReader.CnnGenInputName;
            // Messages number layers as Keras' model.layers does (without the InputLayer): every call of a shared layer has its layer's number.
            var number = new int[n];
            LayerContext Context(int i) => new LayerContext(number[i], names[i], spec.Layers[i].Spec, spec.Layers[i].Location, diagnostics);

            // 1. Each call by (name, call); a later call must follow its layer's first one, of the same class.
            var byCall = new Dictionary<(string, int), int>();
            var first = new int[n];
            int nextNumber = 0;
            for (int i = 0; i < n; i++)
            {
                LayerSpec s = spec.Layers[i].Spec;
                first[i] = i;
                number[i] = s.Call > 0 && byCall.TryGetValue((names[i], 0), out int firstCall) ? number[firstCall] : nextNumber++;
                if (s.Call > 0)
                {
                    if (!byCall.TryGetValue((names[i], 0), out int owner) || spec.Layers[owner].Spec.Kind != s.Kind)
                    {
                        Context(i).Report(DiagnosticDescriptors.UnknownInput, names[i], $"a call of a layer, but no {s.Kind.KerasClass()} layer '{names[i]}' is declared before it");
                        continue;
                    }
                    first[i] = owner;
                }
                byCall[(names[i], s.Call)] = i;
            }

            if (diagnostics.Count > 0) return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics, names);

            // 2. The tensors each call takes: -1 is the model input; no inputs named means the layer declared before.
            var inputs = new int[n][];
            for (int i = 0; i < n; i++)
            {
                EquatableArray<InboundRef> refs = spec.Layers[i].Spec.Inbound;
                if (refs.Count == 0)
                {
                    inputs[i] = new[] { i - 1 };
                    continue;
                }
                inputs[i] = new int[refs.Count];
                for (int k = 0; k < refs.Count; k++)
                {
                    InboundRef r = refs[k];
                    if (r.Layer == inputName && r.Call == 0) inputs[i][k] = -1;
                    else if (byCall.TryGetValue((r.Layer, r.Call), out int producer)) inputs[i][k] = producer;
                    else
                    {
                        string what = byCall.ContainsKey((r.Layer, 0))
                            ? $"call {r.Call} of layer '{r.Layer}', which is called {CallCount(byCall, r.Layer)} time(s)"
                            : $"not a layer of the model (nor its input '{inputName}')";
                        Context(i).Report(DiagnosticDescriptors.UnknownInput, r.ToString(), what);
                        inputs[i][k] = int.MinValue;
                    }
                }
            }
            int output = n - 1;
            if (spec.Graph?.Output is InboundRef outRef)
            {
                if (!byCall.TryGetValue((outRef.Layer, outRef.Call), out output))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInput, spec.OutputLocation ?? spec.Location,
                        "(output)", spec.ModelName, "Model", outRef.ToString(), "not a layer of the model: the model's output must be one of its layers"));
                }
            }
            if (diagnostics.Count > 0) return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics, names);

            // 3. Every call must lead to the output; then an order with every input first (none: a cycle).
            var used = new bool[n];
            var stack = new Stack<int>();
            stack.Push(output);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                if (used[i]) continue;
                used[i] = true;
                foreach (int p in inputs[i]) if (p >= 0 && !used[p]) stack.Push(p);
            }
            for (int i = 0; i < n; i++)
            {
                if (!used[i]) Context(i).Report(DiagnosticDescriptors.UnusedLayer, Describe(names[output], spec.Layers[output].Spec.Call));
            }
            if (diagnostics.Count > 0) return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics, names);
            // A shared layer's later call runs after its first (which infers the weights it checks against).
            var after = new int[n][];
            for (int i = 0; i < n; i++) after[i] = first[i] == i ? inputs[i] : inputs[i].Concat(new[] { first[i] }).ToArray();
            List<int>? order = ExecutionOrder(after, names, out int cycleAt, out string cycleText);
            if (order is null)
            {
                Context(cycleAt).Report(DiagnosticDescriptors.GraphCycle, cycleText);
                return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics, names);
            }

            // 4. Shapes, in execution order.
            var position = new int[n];
            for (int e = 0; e < n; e++) position[order[e]] = e;
            var plans = new LayerPlan?[n];
            int offset = 0;
            long parameters = 0;
            var layers = new List<LayerPlan>();
            foreach (int i in order)
            {
                cancellation.ThrowIfCancellationRequested();
                LayerContext c = Context(i);
                var shapes = new List<TensorShape>();
                foreach (int p in inputs[i]) shapes.Add(p < 0 ? spec.InputShape! : plans[p]!.Output);
                LayerPlan? plan = CheckEnums(c) ? InferCall(c, shapes, ref offset) : null;
                if (plan != null && first[i] != i) plan = CheckSharedCall(c, plan, plans[first[i]]!);
                long ignored = 0;
                if (plan is null || !CheckLimits(c, plan, ref (first[i] == i ? ref parameters : ref ignored))) break;
                var execInputs = new int[inputs[i].Length];
                for (int k = 0; k < execInputs.Length; k++) execInputs[k] = inputs[i][k] < 0 ? -1 : position[inputs[i][k]];
                plans[i] = plan with { Inputs = execInputs.ToEquatableArray(), InputShapes = shapes.ToEquatableArray() };
            }
            if (diagnostics.Count > 0) return Failed(spec, target, spec.InputShape, new List<LayerPlan>(), diagnostics, names);

            // 5. Weights in Keras' order (declaration order, each layer once), Keras indices, execution indices.
            offset = 0;
            int kerasIndex = spec.Graph != null ? 1 : 0;
            var kerasIndices = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (first[i] != i)
                {
                    kerasIndices[i] = kerasIndices[first[i]];
                    continue;
                }
                kerasIndices[i] = kerasIndex++;
                var weights = new List<WeightPlan>();
                foreach (WeightPlan w in plans[i]!.Weights)
                {
                    weights.Add(w with { Offset = offset });
                    offset += w.Length;
                }
                plans[i] = plans[i]! with { Weights = weights.ToEquatableArray() };
            }
            var shared = new bool[n];
            for (int i = 0; i < n; i++) if (first[i] != i) shared[i] = shared[first[i]] = true;
            foreach (int i in order)
            {
                LayerPlan plan = plans[i]! with { Index = position[i], KerasIndex = kerasIndices[i], Shared = shared[i], DeclaredIndex = i };
                if (first[i] != i) plan = plan with { Weights = plans[first[i]]!.Weights };
                layers.Add(plan);
            }
            var modelPlan = new ModelPlan(spec.Type, spec.ModelName, spec.UnrollBudget, spec.InputShape!, layers.ToEquatableArray(), target) { Graph = spec.Graph };
            return new ModelResult(modelPlan, EquatableArray<DiagnosticInfo>.Empty);
        }

        private static int CallCount(Dictionary<(string, int), int> byCall, string layer)
        {
            int count = 0;
            while (byCall.ContainsKey((layer, count))) count++;
            return count;
        }

        private static string Describe(string name, int call) => call == 0 ? name : $"{name}[{call}]";

        /// <summary>
        /// Kahn's order over the calls: among the calls whose inputs are all computed, the one that takes the output of the
        /// call just placed comes next (so a conv, its BatchNormalization and its activation stay adjacent, and a buffer
        /// dies soon), else the first declared. Null when some calls wait on each other: <paramref name="cycleText"/> then
        /// names one cycle, from <paramref name="cycleAt"/>. Linear in the calls and their inputs (hostile files are large).
        /// </summary>
        private static List<int>? ExecutionOrder(int[][] inputs, string[] names, out int cycleAt, out string cycleText)
        {
            int n = inputs.Length;
            var waiting = new int[n];
            var consumers = new List<int>[n];
            for (int i = 0; i < n; i++) consumers[i] = new List<int>();
            for (int i = 0; i < n; i++)
            {
                foreach (int p in inputs[i])
                {
                    if (p < 0) continue;
                    waiting[i]++;
                    consumers[p].Add(i);
                }
            }
            var ready = new SortedSet<int>();
            for (int i = 0; i < n; i++) if (waiting[i] == 0) ready.Add(i);
            var order = new List<int>(n);
            int last = -1;
            while (ready.Count > 0)
            {
                int next = -1;
                if (last >= 0)
                {
                    foreach (int c in consumers[last])
                    {
                        if (ready.Contains(c)) { next = c; break; }
                    }
                }
                if (next < 0) next = ready.Min;
                ready.Remove(next);
                order.Add(next);
                foreach (int c in consumers[next])
                {
                    if (--waiting[c] == 0) ready.Add(c);
                }
                last = next;
            }
            cycleAt = -1;
            cycleText = "";
            if (order.Count == n) return order;
            for (int i = 0; i < n; i++)
            {
                if (waiting[i] > 0) { cycleAt = i; break; }
            }
            cycleText = CycleText(inputs, waiting, cycleAt, names);
            return null;
        }

        /// <summary>
        /// 'a' → 'b' → 'a': every call left waiting has an input left waiting too, so following such inputs from
        /// <paramref name="start"/> comes back to a call already seen; the calls from there on are a cycle (read backwards).
        /// </summary>
        private static string CycleText(int[][] inputs, int[] waiting, int start, string[] names)
        {
            var seen = new Dictionary<int, int>();
            var path = new List<int>();
            int current = start;
            while (!seen.ContainsKey(current))
            {
                seen[current] = path.Count;
                path.Add(current);
                int next = -1;
                foreach (int p in inputs[current])
                {
                    if (p >= 0 && waiting[p] > 0) { next = p; break; }
                }
                if (next < 0) break;
                current = next;
            }
            // The path follows inputs backwards; the cycle in data-flow order, from the reported layer when it is on it.
            int from = seen.TryGetValue(current, out int at) ? at : 0;
            var flow = path.Skip(from).Reverse().ToList();
            int first = flow.IndexOf(start);
            if (first > 0) flow = flow.Skip(first).Concat(flow.Take(first)).ToList();
            var cycle = flow.Select(i => "'" + names[i] + "'").ToList();
            // A long cycle (a hostile file) is named by its first layers and its length.
            if (cycle.Count > 8) cycle = cycle.Take(6).Concat(new[] { $"… ({Count(cycle.Count)} layers in all)" }).ToList();
            cycle.Add(cycle[0]);
            return string.Join(" → ", cycle);
        }

        /// <summary>One call: a merge over its inputs, or a one-input layer by the Sequential rules.</summary>
        private static LayerPlan? InferCall(LayerContext c, List<TensorShape> shapes, ref int offset)
        {
            LayerKind kind = c.Spec.Kind;
            if (kind.IsMerge()) return Merge(c, shapes);
            if (shapes.Count != 1)
            {
                c.Report(DiagnosticDescriptors.InputCount, shapes.Count, $"a {kind.KerasClass()} layer takes one input ({ShapesText(shapes)})");
                return null;
            }
            return InferLayer(c, shapes[0], ref offset);
        }

        /// <summary>A later call of a shared layer: its weights (made by the first call) must have the same shapes.</summary>
        private static LayerPlan? CheckSharedCall(LayerContext c, LayerPlan plan, LayerPlan firstCall)
        {
            for (int k = 0; k < plan.Weights.Count; k++)
            {
                if (!plan.Weights[k].Shape.Equals(firstCall.Weights[k].Shape))
                {
                    c.Report(DiagnosticDescriptors.SharedLayerShape, c.Spec.Call, plan.Input.ToKerasString(), firstCall.Input.ToKerasString());
                    return null;
                }
            }
            return plan;
        }

        private static string ShapesText(List<TensorShape> shapes) => string.Join(" and ", shapes.Select(s => s.ToKerasString()));

        /// <summary>
        /// Keras' merge layers. Add, Subtract (two inputs), Multiply, Average, Maximum, Minimum: element-wise with NumPy
        /// broadcasting (shapes aligned at the last axis; an axis of size 1 stretches); Concatenate: equal ranks, equal
        /// sizes on every axis but the joined one.
        /// </summary>
        private static LayerPlan? Merge(LayerContext c, List<TensorShape> shapes)
        {
            LayerKind kind = c.Spec.Kind;
            if (shapes.Count < 2)
            {
                c.Report(DiagnosticDescriptors.InputCount, shapes.Count, "a merge layer needs a list of at least 2 inputs");
                return null;
            }
            if (kind == LayerKind.Subtract && shapes.Count != 2)
            {
                c.Report(DiagnosticDescriptors.InputCount, shapes.Count, "Subtract takes exactly 2 inputs");
                return null;
            }
            if (kind == LayerKind.Concatenate) return Concatenate(c, shapes);
            int[] result = shapes[0].Dims.ToArray();
            for (int k = 1; k < shapes.Count; k++)
            {
                int[] other = shapes[k].Dims.ToArray();
                int[] longer = result.Length >= other.Length ? result : other, shorter = result.Length >= other.Length ? other : result;
                int[] merged = (int[])longer.Clone();
                int skip = longer.Length - shorter.Length;
                for (int a = 0; a < shorter.Length; a++)
                {
                    int x = longer[skip + a], y = shorter[a];
                    if (x == y || y == 1) continue;
                    if (x == 1) merged[skip + a] = y;
                    else
                    {
                        c.Report(DiagnosticDescriptors.MergeShapes, ShapesText(shapes),
                            $"operands could not be broadcast together with shapes {TensorShape.Of(longer).ToKerasString()} and {TensorShape.Of(shorter).ToKerasString()} (axis {skip + a + 1}: {x} vs {y}; sizes must be equal or 1)");
                        return null;
                    }
                }
                result = merged;
            }
            return c.Plan(shapes[0], TensorShape.Of(result));
        }

        private static LayerPlan? Concatenate(LayerContext c, List<TensorShape> shapes)
        {
            int rank = shapes[0].Rank;
            foreach (TensorShape s in shapes)
            {
                if (s.Rank != rank)
                {
                    c.Report(DiagnosticDescriptors.MergeShapes, ShapesText(shapes), "a Concatenate layer requires inputs of the same rank");
                    return null;
                }
            }
            // Keras counts the batch axis: axis -1 is the last, axis 1 the first after the batch.
            int axis = c.Spec.Axis < 0 ? c.Spec.Axis + rank + 1 : c.Spec.Axis;
            if (axis < 1 || axis > rank)
            {
                if (axis == 0) c.Unsupported("concatenation along the batch axis (0) is not supported");
                else c.Report(DiagnosticDescriptors.MergeShapes, ShapesText(shapes), $"axis {c.Spec.Axis} is out of range for inputs of rank {rank + 1} (with the batch axis): expected -{rank}..{rank}");
                return null;
            }
            int[] result = shapes[0].Dims.ToArray();
            long joined = 0;
            foreach (TensorShape s in shapes)
            {
                for (int a = 0; a < rank; a++)
                {
                    if (a != axis - 1 && s[a] != result[a])
                    {
                        c.Report(DiagnosticDescriptors.MergeShapes, ShapesText(shapes),
                            $"a Concatenate layer requires inputs with matching shapes except for the concatenation axis {c.Spec.Axis} (axis {a + 1}: {result[a]} vs {s[a]})");
                        return null;
                    }
                }
                joined += s[axis - 1];
            }
            if (joined > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"its output axis {axis} would be {Count(joined)} long, above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            result[axis - 1] = (int)joined;
            return c.Plan(shapes[0], TensorShape.Of(result));
        }

        /// <summary>UpSampling2D: each row repeated size[0] times, each column size[1] times (or interpolated).</summary>
        private static LayerPlan? UpSampling2D(LayerContext c, TensorShape input)
        {
            LayerSpec s = c.Spec;
            if (s.KernelHeight <= 0 || s.KernelWidth <= 0) return c.Invalid($"size must be positive, got {s.KernelHeight}x{s.KernelWidth}");
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
            long outH = (long)input[0] * s.KernelHeight, outW = (long)input[1] * s.KernelWidth;
            if (outH * outW * input[2] > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"input {input.ToKerasString()} gives output (None, {outH}, {outW}, {input[2]}), above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            return c.Plan(input, TensorShape.Of((int)outH, (int)outW, input[2]));
        }

        /// <summary>
        /// Conv2DTranspose (Keras' deconv_output_length without output_padding): 'valid' in·s + max(k − s, 0), 'same'
        /// in·s; kernel [kh, kw, filters, in channels], bias [filters]. PadTop/PadLeft: the rows and columns cut from the
        /// full transposed output at the top and left ('same': the smaller half of max(k − s, 0)).
        /// </summary>
        private static LayerPlan? Conv2DTranspose(LayerContext c, TensorShape input, ref int offset)
        {
            LayerSpec s = c.Spec;
            if (s.Units <= 0) return c.Invalid($"filters must be a positive integer, got {s.Units}");
            if (!CheckConvWindow(c)) return null;
            if (input.Rank != 3) return c.WrongRank("an image (height, width, channels)", input);
            long outH = Transposed(input[0], s.KernelHeight, s.StrideHeight, s.Padding);
            long outW = Transposed(input[1], s.KernelWidth, s.StrideWidth, s.Padding);
            if (outH * outW * s.Units > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"input {input.ToKerasString()} gives output (None, {outH}, {outW}, {s.Units}), above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "kernel", ref offset, true, s.KernelHeight, s.KernelWidth, s.Units, input[2]);
            if (s.UseBias) AddWeight(weights, c.Name, "bias", ref offset, true, s.Units);
            int padTop = s.Padding == PaddingKind.Same ? Math.Max(s.KernelHeight - s.StrideHeight, 0) / 2 : 0;
            int padLeft = s.Padding == PaddingKind.Same ? Math.Max(s.KernelWidth - s.StrideWidth, 0) / 2 : 0;
            return c.Plan(input, TensorShape.Of((int)outH, (int)outW, s.Units), weights) with { PadTop = padTop, PadLeft = padLeft };
        }

        private static long Transposed(int input, int kernel, int stride, PaddingKind padding) =>
            padding == PaddingKind.Same ? (long)input * stride : (long)input * stride + Math.Max(kernel - stride, 0);

        /// <summary>UpSampling1D: each step repeated size times.</summary>
        private static LayerPlan? UpSampling1D(LayerContext c, TensorShape input)
        {
            if (c.Spec.KernelHeight <= 0) return c.Invalid($"size must be positive, got {c.Spec.KernelHeight}");
            if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);
            long steps = (long)input[0] * c.Spec.KernelHeight;
            if (steps * input[1] > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"input {input.ToKerasString()} gives output (None, {steps}, {input[1]}), above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            return c.Plan(input, TensorShape.Of((int)steps, input[1]));
        }

        /// <summary>ZeroPadding1D adds steps of zeros before and after (EdgeTop, EdgeBottom); Cropping1D removes them.</summary>
        private static LayerPlan? PadOrCrop1D(LayerContext c, TensorShape input)
        {
            LayerSpec s = c.Spec;
            bool pad = s.Kind == LayerKind.ZeroPadding1D;
            string what = pad ? "padding" : "cropping";
            if (s.EdgeTop < 0 || s.EdgeBottom < 0) return c.Invalid($"{what} must not be negative, got ({s.EdgeTop}, {s.EdgeBottom})");
            if (input.Rank != 2) return c.WrongRank("a sequence (steps, channels)", input);
            long steps = input[0] + (pad ? 1 : -1) * ((long)s.EdgeTop + s.EdgeBottom);
            if (steps * input[1] > MaxElements)
            {
                c.Report(DiagnosticDescriptors.ModelTooLarge, $"input {input.ToKerasString()} gives output (None, {steps}, {input[1]}), above CnnGen's limit of {Count(MaxElements)} floats (1 GiB)");
                return null;
            }
            if (steps <= 0)
            {
                c.Report(DiagnosticDescriptors.EmptyOutput, input.ToKerasString(), $"(None, {steps}, {input[1]})");
                return null;
            }
            return c.Plan(input, TensorShape.Of((int)steps, input[1]));
        }

        /// <summary>Permute(dims): the axes reordered; dims is a permutation of 1..rank (the batch axis stays first).</summary>
        private static LayerPlan? Permute(LayerContext c, TensorShape input)
        {
            int[] dims = c.Spec.TargetShape.ToArray();
            bool valid = dims.Length == input.Rank && dims.OrderBy(d => d).SequenceEqual(Enumerable.Range(1, input.Rank));
            if (!valid) return c.Invalid($"dims ({string.Join(", ", dims)}) must be a permutation of 1..{input.Rank} for an input {input.ToKerasString()}");
            return c.Plan(input, TensorShape.Of(dims.Select(d => input[d - 1]).ToArray()));
        }

        /// <summary>PReLU: x where x > 0, else alpha · x; alpha has the input's shape with the shared axes of size 1.</summary>
        private static LayerPlan? PReLU(LayerContext c, TensorShape input, ref int offset)
        {
            int[] alpha = input.Dims.ToArray();
            foreach (int axis in c.Spec.SharedAxes)
            {
                if (axis < 1 || axis > input.Rank) return c.Invalid($"shared_axes ({string.Join(", ", c.Spec.SharedAxes)}) must name axes 1..{input.Rank} of an input {input.ToKerasString()}");
                alpha[axis - 1] = 1;
            }
            var weights = new List<WeightPlan>();
            AddWeight(weights, c.Name, "alpha", ref offset, true, alpha);
            return c.Plan(input, input, weights);
        }
    }
}
