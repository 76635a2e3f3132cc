using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Add, Subtract, Multiply, Average, Maximum, Minimum over inputs <c>x, x1, x2, ...</c>, with Keras' (NumPy's)
    /// broadcasting: shapes aligned at the last axis, an axis of size 1 repeated. Inputs of the output's shape run as flat
    /// runs; a broadcast input is walked with stride 0 on its size-1 axes. The SIMD forms call the runtime's vectorized
    /// run operations (<c>Ops.Add</c>, ...) on whole runs or on rows of the last axis; the other forms write loops.
    /// </summary>
    internal sealed class MergeEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            TensorShape output = layer.Output;
            int inputs = layer.InputShapes.Count;
            int rank = output.Rank, last = output.Last;
            // Each input's element stride on each output axis: 0 where it is broadcast (size 1, or an axis it does not have).
            var strides = new long[inputs][];
            bool flat = true, rows = true;
            for (int k = 0; k < inputs; k++)
            {
                TensorShape shape = layer.InputShapes[k];
                strides[k] = new long[rank];
                long stride = 1;
                for (int a = rank - 1; a >= 0; a--)
                {
                    int b = a - (rank - shape.Rank);
                    int size = b >= 0 ? shape[b] : 1;
                    strides[k][a] = size == 1 && output[a] != 1 ? 0 : stride;
                    stride *= size;
                }
                flat &= shape.Equals(output);
                rows &= strides[k][rank - 1] == 1 || last == 1;
            }
            if (flat) rows = false;
            if (context.Vectorized && (flat || rows))
            {
                // Whole runs (every input of the output's shape) or rows of the last axis (broadcast on the other axes).
                if (flat) EmitRunOps(layer, context, output.Length, k => $"{InputName(k)}.Slice(0, {output.Length})", $"y.Slice(0, {output.Length})");
                else
                {
                    var outer = Enumerable.Range(0, rank - 1).ToArray();
                    int opened = OpenLoops(w, output, outer);
                    string o = Offset(output, outer, Enumerable.Range(0, rank).Select(a => RowMajor(output, a)).ToArray());
                    var offsets = Enumerable.Range(0, inputs).Select(k => Offset(output, outer, strides[k])).ToArray();
                    EmitRunOps(layer, context, last, k => $"{InputName(k)}.Slice({offsets[k]}, {last})", $"y.Slice({o}, {last})");
                    CloseLoops(w, opened);
                }
                EmitActivationPass(layer, context);
                return;
            }
            // Loops over every output axis; each value from every input at its own (broadcast) offset.
            var all = Enumerable.Range(0, rank).ToArray();
            int blocks = OpenLoops(w, output, all);
            string outIndex = Offset(output, all, Enumerable.Range(0, rank).Select(a => RowMajor(output, a)).ToArray());
            w.Line($"float v = x[{Offset(output, all, strides[0])}];");
            for (int k = 1; k < inputs; k++)
            {
                string value = $"{InputName(k)}[{Offset(output, all, strides[k])}]";
                switch (layer.Kind)
                {
                    case LayerKind.Add:
                    case LayerKind.Average: w.Line($"v += {value};"); break;
                    case LayerKind.Subtract: w.Line($"v -= {value};"); break;
                    case LayerKind.Multiply: w.Line($"v *= {value};"); break;
                    case LayerKind.Maximum: w.Line($"{{ float u = {value}; if (u > v) v = u; }}"); break;
                    default: w.Line($"{{ float u = {value}; if (u < v) v = u; }}"); break;
                }
            }
            if (layer.Kind == LayerKind.Average) w.Line($"v /= {inputs}f;");
            w.Line($"y[{outIndex}] = v;");
            CloseLoops(w, blocks);
            EmitActivationPass(layer, context);
        }

        /// <summary>
        /// The activation a merge applies as its own (a following Activation or ReLU folded in by LayerFusion), over the
        /// whole output in one pass after the merge: relu and relu6 in the runtime's vector loop (SIMD forms), a function
        /// with a vectorized form by it, row-wise ones by row, the others element by element.
        /// </summary>
        internal static void EmitActivationPass(LayerPlan layer, EmitContext context)
        {
            ActivationKind act = layer.Spec.Activation;
            long length = layer.Output.Length;
            if (act == ActivationKind.Linear) return;
            SourceWriter w = context.Writer;
            if (act.IsRowWise())
            {
                ActivationWriter.EmitRows(act, length / layer.Output.Last, layer.Output.Last, context);
                return;
            }
            if (context.Vectorized && (act == ActivationKind.Relu || act == ActivationKind.Relu6))
            {
                w.Line($"{context.Op("ReluGeneral")}(y.Slice(0, {length}), y.Slice(0, {length}), 0f, 0f, {(act == ActivationKind.Relu6 ? "6f" : "float.PositiveInfinity")});");
                return;
            }
            if (length <= int.MaxValue) ActivationWriter.EmitPass(act, "0", (int)length, "i", context);
        }

        /// <summary>The merge of runs of <paramref name="length"/> values with the runtime's vector operations: the first two into y, then each further one into y.</summary>
        private static void EmitRunOps(LayerPlan layer, EmitContext context, long length, System.Func<int, string> input, string y)
        {
            SourceWriter w = context.Writer;
            string op = layer.Kind == LayerKind.Average ? "Add" : layer.Kind.ToString();
            w.Line($"{context.Op(op)}({input(0)}, {input(1)}, {y});");
            for (int k = 2; k < layer.InputShapes.Count; k++) w.Line($"{context.Op(op)}({y}, {input(k)}, {y});");
            if (layer.Kind == LayerKind.Average) w.Line($"{context.Op("Divide")}({y}, {layer.InputShapes.Count}f);");
        }

        internal static string InputName(int k) => k == 0 ? "x" : "x" + k.ToString(CultureInfo.InvariantCulture);

        /// <summary>The row-major stride of <paramref name="axis"/> in <paramref name="shape"/>.</summary>
        internal static long RowMajor(TensorShape shape, int axis)
        {
            long stride = 1;
            for (int a = shape.Rank - 1; a > axis; a--) stride *= shape[a];
            return stride;
        }

        /// <summary>Nested loops <c>i0, i1, ...</c> over the given axes of <paramref name="shape"/> (an axis of size 1 gets none); returns the blocks opened.</summary>
        internal static int OpenLoops(SourceWriter w, TensorShape shape, int[] axes)
        {
            int opened = 0;
            foreach (int a in axes)
            {
                if (shape[a] == 1) continue;
                w.Open($"for (int i{a} = 0; i{a} < {shape[a]}; i{a}++)");
                opened++;
            }
            if (opened > 0) return opened;
            w.Open("");
            return 1;
        }

        internal static void CloseLoops(SourceWriter w, int opened)
        {
            for (int i = 0; i < opened; i++) w.Close();
        }

        /// <summary><c>i0 * s0 + i1 * s1 + ...</c> over the looped axes of <paramref name="shape"/> (size-1 axes and stride-0 terms drop out).</summary>
        internal static string Offset(TensorShape shape, int[] axes, long[] strides)
        {
            var terms = new List<string>();
            foreach (int a in axes)
            {
                if (strides[a] == 0 || shape[a] == 1) continue;
                terms.Add(strides[a] == 1 ? $"i{a}" : $"i{a} * {strides[a]}");
            }
            return terms.Count == 0 ? "0" : string.Join(" + ", terms);
        }
    }

    /// <summary>
    /// Concatenate along any axis: for each index of the axes before it, each input's block (its axes from the joined one on)
    /// copied after the previous input's.
    /// </summary>
    internal sealed class ConcatenateEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            TensorShape output = layer.Output;
            int axis = (layer.Spec.Axis < 0 ? layer.Spec.Axis + output.Rank + 1 : layer.Spec.Axis) - 1;
            long outer = 1;
            for (int a = 0; a < axis; a++) outer *= output[a];
            long total = output.Length / outer;
            var blocks = layer.InputShapes.Select(shape => shape.Length / outer).ToArray();
            if (outer > 1) w.Open($"for (int o = 0; o < {outer}; o++)");
            long at = 0;
            for (int k = 0; k < blocks.Length; k++)
            {
                string source = outer > 1 ? $"o * {blocks[k]}" : "0";
                string target = outer > 1 ? $"o * {total} + {at}" : at.ToString(CultureInfo.InvariantCulture);
                w.Line($"{MergeEmitter.InputName(k)}.Slice({source}, {blocks[k]}).CopyTo(y.Slice({target}, {blocks[k]}));");
                at += blocks[k];
            }
            if (outer > 1) w.Close();
            MergeEmitter.EmitActivationPass(layer, context);
        }
    }

    /// <summary>
    /// UpSampling1D: each step repeated size times. UpSampling2D. Nearest: each input pixel repeated size[0] x size[1] times. Bilinear: Keras' tf.image.resize with
    /// half-pixel centers, in float as TensorFlow computes it (source = (dst + 0.5) * in/out - 0.5; rows and columns at
    /// floor and ceiling clamped to the image; top = tl + (tr - tl) * dx, bottom likewise, out = top + (bottom - top) * dy).
    /// </summary>
    internal sealed class UpSampling2DEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            TensorShape input = layer.Input, output = layer.Output;
            LayerSpec s = layer.Spec;
            if (layer.Kind == LayerKind.UpSampling1D)
            {
                int features = input[1];
                w.Line($"for (int o = 0; o < {output[0]}; o++) x.Slice((o / {s.KernelHeight}) * {features}, {features}).CopyTo(y.Slice(o * {features}, {features}));");
                return;
            }
            int h = input[0], wd = input[1], c = input[2], oh = output[0], ow = output[1];
            if (!s.Bilinear)
            {
                w.Open($"for (int oy = 0; oy < {oh}; oy++)");
                w.Open($"for (int ox = 0; ox < {ow}; ox++)");
                w.Line($"x.Slice(((oy / {s.KernelHeight}) * {wd} + ox / {s.KernelWidth}) * {c}, {c}).CopyTo(y.Slice((oy * {ow} + ox) * {c}, {c}));");
                w.Close();
                w.Close();
                return;
            }
            w.Line($"const float scaleY = (float){h} / {oh}, scaleX = (float){wd} / {ow};");
            w.Open($"for (int oy = 0; oy < {oh}; oy++)");
            w.Line("float sy = ((float)oy + 0.5f) * scaleY - 0.5f;");
            w.Line("float fy = (float)global::System.Math.Floor(sy);");
            w.Line($"int y0 = global::System.Math.Max((int)fy, 0), y1 = global::System.Math.Min((int)global::System.Math.Ceiling(sy), {h - 1});");
            w.Line("float dy = sy - fy;");
            w.Open($"for (int ox = 0; ox < {ow}; ox++)");
            w.Line("float sx = ((float)ox + 0.5f) * scaleX - 0.5f;");
            w.Line("float fx = (float)global::System.Math.Floor(sx);");
            w.Line($"int x0 = global::System.Math.Max((int)fx, 0), x1 = global::System.Math.Min((int)global::System.Math.Ceiling(sx), {wd - 1});");
            w.Line("float dx = sx - fx;");
            w.Line($"int tl = (y0 * {wd} + x0) * {c}, tr = (y0 * {wd} + x1) * {c}, bl = (y1 * {wd} + x0) * {c}, br = (y1 * {wd} + x1) * {c}, o = (oy * {ow} + ox) * {c};");
            w.Open($"for (int k = 0; k < {c}; k++)");
            w.Line("float top = x[tl + k] + (x[tr + k] - x[tl + k]) * dx;");
            w.Line("float bottom = x[bl + k] + (x[br + k] - x[bl + k]) * dx;");
            w.Line("y[o + k] = top + (bottom - top) * dy;");
            w.Close();
            w.Close();
            w.Close();
        }
    }

    /// <summary>
    /// Conv2DTranspose, the gradient of a Conv2D with the same kernel, strides and padding: every input pixel adds its
    /// channels times the kernel into the output window it spreads to (out[y*s + i - top, x*s + j - left, o] +=
    /// in[y, x, c] * K[i, j, o, c]), then the bias and the activation.
    /// </summary>
    internal sealed class Conv2DTransposeEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            LayerSpec s = layer.Spec;
            TensorShape input = layer.Input, output = layer.Output;
            int h = input[0], wd = input[1], c = input[2], oh = output[0], ow = output[1], f = output[2];
            int kernel = layer.Parameter("kernel")!.Offset;
            WeightPlan? bias = layer.Parameter("bias");
            w.Line($"y.Slice(0, {output.Length}).Clear();");
            w.Open($"for (int iy = 0; iy < {h}; iy++)");
            w.Open($"for (int ix = 0; ix < {wd}; ix++)");
            w.Line($"int at = (iy * {wd} + ix) * {c};");
            w.Open($"for (int i = 0; i < {s.KernelHeight}; i++)");
            w.Line($"int oy = iy * {s.StrideHeight} + i - {layer.PadTop};");
            w.Line($"if ((uint)oy >= {oh}u) continue;");
            w.Open($"for (int j = 0; j < {s.KernelWidth}; j++)");
            w.Line($"int ox = ix * {s.StrideWidth} + j - {layer.PadLeft};");
            w.Line($"if ((uint)ox >= {ow}u) continue;");
            w.Line($"int to = (oy * {ow} + ox) * {f}, k = {kernel} + (i * {s.KernelWidth} + j) * {f * c};");
            w.Open($"for (int o = 0; o < {f}; o++)");
            w.Line("float sum = 0f;");
            w.Line($"for (int ch = 0; ch < {c}; ch++) sum += x[at + ch] * w[k + o * {c} + ch];");
            w.Line("y[to + o] += sum;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            string value = bias is null ? "y[i]" : $"y[i] + w[{bias.Offset} + i % {f}]";
            if (bias != null || s.Activation != ActivationKind.Linear)
            {
                if (s.Activation.IsRowWise())
                {
                    if (bias != null) w.Line($"for (int i = 0; i < {output.Length}; i++) y[i] = {value};");
                    ActivationWriter.EmitRows(s.Activation, output.Length / f, f, context);
                }
                else
                {
                    w.Line($"for (int i = 0; i < {output.Length}; i++) y[i] = {ActivationWriter.Apply(s.Activation, value, context)};");
                }
            }
        }
    }

    /// <summary>Permute: every output position reads the input position its permuted indices name (loops, constant strides).</summary>
    internal sealed class PermuteEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            TensorShape input = layer.Input, output = layer.Output;
            int rank = output.Rank;
            int[] dims = layer.Spec.TargetShape.ToArray();
            // Output axis a is input axis dims[a] - 1: its input stride is that axis' row-major stride.
            long[] inputStrides = Enumerable.Range(0, rank).Select(a => MergeEmitter.RowMajor(input, dims[a] - 1)).ToArray();
            long[] outputStrides = Enumerable.Range(0, rank).Select(a => MergeEmitter.RowMajor(output, a)).ToArray();
            int[] all = Enumerable.Range(0, rank).ToArray();
            int blocks = MergeEmitter.OpenLoops(w, output, all);
            w.Line($"y[{MergeEmitter.Offset(output, all, outputStrides)}] = x[{MergeEmitter.Offset(output, all, inputStrides)}];");
            MergeEmitter.CloseLoops(w, blocks);
        }
    }

    /// <summary>PReLU: x where x > 0, else alpha · x, alpha broadcast along the shared axes (stride 0).</summary>
    internal sealed class PReluEmitter : ILayerEmitter
    {
        public void EmitBody(LayerPlan layer, EmitContext context)
        {
            SourceWriter w = context.Writer;
            TensorShape shape = layer.Output;
            WeightPlan alpha = layer.Parameter("alpha")!;
            int rank = shape.Rank;
            long[] strides = Enumerable.Range(0, rank).Select(a => MergeEmitter.RowMajor(shape, a)).ToArray();
            long[] alphaStrides = Enumerable.Range(0, rank).Select(a => alpha.Shape[a] == 1 ? 0 : MergeEmitter.RowMajor(alpha.Shape, a)).ToArray();
            int[] all = Enumerable.Range(0, rank).ToArray();
            if (alphaStrides.SequenceEqual(strides))
            {
                w.Line($"for (int i = 0; i < {shape.Length}; i++) {{ float v = x[i]; y[i] = v > 0f ? v : w[{alpha.Offset} + i] * v; }}");
                return;
            }
            int blocks = MergeEmitter.OpenLoops(w, shape, all);
            string at = MergeEmitter.Offset(shape, all, strides);
            w.Line($"float v = x[{at}];");
            w.Line($"y[{at}] = v > 0f ? v : w[{alpha.Offset} + {MergeEmitter.Offset(shape, all, alphaStrides)}] * v;");
            MergeEmitter.CloseLoops(w, blocks);
        }
    }
}
