using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Expressions for activations: element-wise ones become an expression around a value; softmax and
    /// log-softmax work on a whole row (the last axis) and are written as statements.
    /// </summary>
    internal static class ActivationWriter
    {
        /// <summary>The element-wise activation applied to <paramref name="value"/>.</summary>
        public static string Apply(ActivationKind kind, string value, EmitContext context) =>
            kind == ActivationKind.Linear || kind.IsRowWise() ? value : context.Op(kind.ToString()) + "(" + value + ")";

        /// <summary>
        /// Whether the runtime has a vectorized in-place form of the activation (<c>Ops.Tanh(Span&lt;float&gt;)</c>, ...: float,
        /// TensorPrimitives, within a tenth of the conformance tolerance): the SIMD forms call it on a run of outputs
        /// instead of the per-element double function.
        /// </summary>
        public static bool HasSpanForm(ActivationKind kind)
        {
            switch (kind)
            {
                case ActivationKind.Tanh:
                case ActivationKind.Sigmoid:
                case ActivationKind.Exponential:
                case ActivationKind.Swish:
                case ActivationKind.Softplus:
                case ActivationKind.Mish:
                case ActivationKind.Elu:
                case ActivationKind.Selu:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The activation of <paramref name="count"/> values of y from <paramref name="start"/> (C# text) in place, for an
        /// activation that does not run on vector registers: one call of its vectorized form in the SIMD forms when it has
        /// one (<see cref="HasSpanForm"/>), else a loop over <paramref name="index"/> applying the element function.
        /// </summary>
        public static void EmitPass(ActivationKind kind, string start, int count, string index, EmitContext context)
        {
            string first = start == "0" ? "" : start + " + ";
            if (context.Vectorized && HasSpanForm(kind)) context.Writer.Line($"{context.Op(kind.ToString())}(y.Slice({start}, {count}));");
            else context.Writer.Line($"for (int {index} = 0; {index} < {count}; {index}++) y[{first}{index}] = {Apply(kind, $"y[{first}{index}]", context)};");
        }

        /// <summary>The element-wise function of a standalone activation layer (Activation, ReLU, LeakyReLU, ELU).</summary>
        public static string ApplyLayer(LayerSpec spec, string value, EmitContext context)
        {
            switch (spec.Kind)
            {
                case LayerKind.Activation:
                    return Apply(spec.Activation, value, context);
                case LayerKind.LeakyReLU:
                    return context.Op("LeakyRelu") + "(" + value + ", " + SourceWriter.Float(spec.Alpha) + ")";
                case LayerKind.ELU:
                    return context.Op("EluAlpha") + "(" + value + ", " + SourceWriter.Double(spec.Alpha) + ")";
                case LayerKind.ReLU:
                    if (spec.MaxValue is null && spec.NegativeSlope == 0 && spec.Threshold == 0) return Apply(ActivationKind.Relu, value, context);
                    return context.Op("ReluGeneral") + "(" + value + ", " + SourceWriter.Float(spec.Threshold) + ", " +
                        SourceWriter.Float(spec.NegativeSlope) + ", " + (spec.MaxValue is null ? "float.PositiveInfinity" : SourceWriter.Float(spec.MaxValue.Value)) + ")";
                default:
                    return value;
            }
        }

        /// <summary>
        /// Applies a row-wise activation to every row of <c>y</c> (rows of <paramref name="rowLength"/> along the
        /// last axis). Unrolled: straight-line statements; otherwise one helper call per row in a loop.
        /// </summary>
        public static void EmitRows(ActivationKind kind, long rows, int rowLength, EmitContext context, bool rowByRow = false)
        {
            SourceWriter w = context.Writer;
            if (!context.Unrolled && context.Vectorized && kind == ActivationKind.Softmax && rows * rowLength <= int.MaxValue)
            {
                // Rows shorter than a vector (a few channels per pixel): the exponentials of all rows in one pass
                // (Ops.SoftmaxShortRows). Otherwise, or where a row must get the same bits alone as among others (a Dense's
                // group of samples, rowByRow), each row's exponentials vectorized over the row (Ops.SoftmaxRows).
                string op = !rowByRow && rows > 1 && rowLength < 16 ? "SoftmaxShortRows" : "SoftmaxRows";
                w.Line($"{context.Op(op)}(y.Slice(0, {rows * rowLength}), {rowLength});");
                return;
            }
            if (!context.Unrolled)
            {
                string op = context.Op(kind.ToString());
                if (rows == 1) w.Line($"{op}(y.Slice(0, {rowLength}));");
                else
                {
                    w.Open($"for (int row = 0; row < {rows}; row++)");
                    w.Line($"{op}(y.Slice(row * {rowLength}, {rowLength}));");
                    w.Close();
                }
                return;
            }
            // Straight-line: max, exponentials (in double), sum, then normalize; the same arithmetic as Ops.Softmax.
            string max = context.Op("Max");
            for (long r = 0; r < rows; r++)
            {
                long a = r * rowLength;
                w.Open("");
                w.Line($"float m = y[{a}];");
                for (int i = 1; i < rowLength; i++) w.Line($"m = {max}(m, y[{a + i}]);");
                w.Line("double s = 0.0;");
                if (kind == ActivationKind.Softmax)
                {
                    for (int i = 0; i < rowLength; i++) w.Line($"double e{i} = global::System.Math.Exp(y[{a + i}] - m); s += e{i};");
                    for (int i = 0; i < rowLength; i++) w.Line($"y[{a + i}] = (float)(e{i} / s);");
                }
                else
                {
                    for (int i = 0; i < rowLength; i++) w.Line($"s += global::System.Math.Exp(y[{a + i}] - m);");
                    w.Line("float l = (float)global::System.Math.Log(s);");
                    for (int i = 0; i < rowLength; i++) w.Line($"y[{a + i}] = y[{a + i}] - m - l;");
                }
                w.Close();
                context.SplitPoint();
            }
        }
    }
}
