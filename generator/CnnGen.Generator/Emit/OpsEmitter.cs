using System.Collections.Generic;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// The private <c>Ops</c> class of a generated model: the activation functions and small helpers its layers
    /// call, each emitted only when used, sorted by name. Transcendental functions compute in double and round
    /// once, so they stay within float rounding of Keras.
    /// </summary>
    internal static class OpsEmitter
    {
        private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

        private static readonly Dictionary<string, string[]> Bodies = new Dictionary<string, string[]>
        {
            ["Max"] = new[] { "public static float Max(float a, float b) => a > b ? a : b;" },
            ["Relu"] = new[] { "public static float Relu(float x) => x > 0f ? x : 0f;" },
            ["Relu6"] = new[] { "public static float Relu6(float x) => x > 0f ? (x < 6f ? x : 6f) : 0f;" },
            ["Sigmoid"] = new[] { "public static float Sigmoid(float x) => (float)(1.0 / (1.0 + global::System.Math.Exp(-x)));" },
            ["HardSigmoid"] = new[] { "public static float HardSigmoid(float x) { float v = 0.2f * x + 0.5f; return v < 0f ? 0f : (v > 1f ? 1f : v); }" },
            ["Tanh"] = new[] { "public static float Tanh(float x) => (float)global::System.Math.Tanh(x);" },
            ["Softplus"] = new[] { "public static float Softplus(float x) => (float)SoftplusD(x);" },
            ["SoftplusD"] = new[] { "public static double SoftplusD(double x) => x > 30.0 ? x : global::System.Math.Log(1.0 + global::System.Math.Exp(x));" },
            ["Softsign"] = new[] { "public static float Softsign(float x) => x / (1f + global::System.Math.Abs(x));" },
            ["Elu"] = new[] { "public static float Elu(float x) => x > 0f ? x : (float)(global::System.Math.Exp(x) - 1.0);" },
            ["EluAlpha"] = new[] { "public static float EluAlpha(float x, double alpha) => x > 0f ? x : (float)(alpha * (global::System.Math.Exp(x) - 1.0));" },
            ["Selu"] = new[] { "public static float Selu(float x) => x > 0f ? (float)(1.0507009873554805 * x) : (float)(1.0507009873554805 * 1.6732632423543772 * (global::System.Math.Exp(x) - 1.0));" },
            ["Swish"] = new[] { "public static float Swish(float x) => (float)(x / (1.0 + global::System.Math.Exp(-x)));" },
            ["Mish"] = new[] { "public static float Mish(float x) => (float)(x * global::System.Math.Tanh(SoftplusD(x)));" },
            ["Gelu"] = new[] { "public static float Gelu(float x) => (float)(0.5 * x * (1.0 + Erf(x * 0.70710678118654752440)));" },
            ["Exponential"] = new[] { "public static float Exponential(float x) => (float)global::System.Math.Exp(x);" },
            ["LeakyRelu"] = new[] { "public static float LeakyRelu(float x, float alpha) => x > 0f ? x : alpha * x;" },
            ["ReluGeneral"] = new[]
            {
                "// Keras ReLU(max_value, negative_slope, threshold).",
                "public static float ReluGeneral(float x, float threshold, float negativeSlope, float maxValue)",
                "{",
                "    float v = x > threshold ? x : negativeSlope * (x - threshold);",
                "    return v < maxValue ? v : maxValue;",
                "}",
            },
            ["Erf"] = new[]
            {
                "// erf in double: Maclaurin series below 3 (rounding error ~1e-14), continued fraction of erfc above.",
                "public static double Erf(double x)",
                "{",
                "    double a = global::System.Math.Abs(x);",
                "    double r;",
                "    if (a < 3.0)",
                "    {",
                "        double term = a, sum = a, x2 = a * a;",
                "        for (int n = 1; n < 100; n++)",
                "        {",
                "            term *= -x2 / n;",
                "            double t = term / (2 * n + 1);",
                "            sum += t;",
                "            if (global::System.Math.Abs(t) < 1e-17 * global::System.Math.Abs(sum)) break;",
                "        }",
                "        r = sum * 1.1283791670955125739;",
                "    }",
                "    else if (a < 6.0)",
                "    {",
                "        double f = a;",
                "        for (int k = 60; k >= 1; k--) f = a + k * 0.5 / f;",
                "        r = 1.0 - global::System.Math.Exp(-a * a) / (f * 1.7724538509055160273);",
                "    }",
                "    else r = 1.0;",
                "    return x < 0 ? -r : r;",
                "}",
            },
            ["Softmax"] = new[]
            {
                "// e^(v - max) / sum, in place over one row (the last axis).",
                "public static void Softmax(global::System.Span<float> v)",
                "{",
                "    float m = v[0];",
                "    for (int i = 1; i < v.Length; i++) m = Max(m, v[i]);",
                "    double s = 0.0;",
                "    for (int i = 0; i < v.Length; i++) s += global::System.Math.Exp(v[i] - m);",
                "    for (int i = 0; i < v.Length; i++) v[i] = (float)(global::System.Math.Exp(v[i] - m) / s);",
                "}",
            },
            ["LogSoftmax"] = new[]
            {
                "// v - max - log(sum e^(v - max)), in place over one row (the last axis).",
                "public static void LogSoftmax(global::System.Span<float> v)",
                "{",
                "    float m = v[0];",
                "    for (int i = 1; i < v.Length; i++) m = Max(m, v[i]);",
                "    double s = 0.0;",
                "    for (int i = 0; i < v.Length; i++) s += global::System.Math.Exp(v[i] - m);",
                "    float l = (float)global::System.Math.Log(s);",
                "    for (int i = 0; i < v.Length; i++) v[i] = v[i] - m - l;",
                "}",
            },
        };

        /// <summary>Helpers that other helpers call.</summary>
        private static readonly Dictionary<string, string[]> Needs = new Dictionary<string, string[]>
        {
            ["Softplus"] = new[] { "SoftplusD" },
            ["Mish"] = new[] { "SoftplusD" },
            ["Gelu"] = new[] { "Erf" },
            ["Softmax"] = new[] { "Max" },
            ["LogSoftmax"] = new[] { "Max" },
        };

        public static void Emit(SourceWriter w, SortedSet<string> used, Model.TargetInfo target, string className = "Ops")
        {
            if (used.Count == 0) return;
            var bodies = new Dictionary<string, string[]>(Bodies);
            if (used.Contains(SimdOps.Interface)) SimdOps.AddBodies(bodies, target);
            var all = new SortedSet<string>(used, System.StringComparer.Ordinal);
            foreach (string name in used)
            {
                if (Needs.TryGetValue(name, out string[]? more)) all.UnionWith(more);
            }
            w.Line();
            w.Line("/// <summary>The activation functions and helpers this model's layers call.</summary>");
            w.Open("private static class " + className);
            bool first = true;
            foreach (string name in all)
            {
                if (!first) w.Line();
                first = false;
                string[] body = bodies[name];
                bool isBlock = body.Length > 1 && body[body.Length - 1] == "}";
                if (!isBlock) w.Line(Inline);
                foreach (string line in body) w.Line(line);
            }
            w.Close();
        }
    }
}
