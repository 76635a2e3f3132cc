namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Width-generic layer code: a body written once as a generic local function over <c>V</c>, a struct of the runtime's
    /// <c>CnnGen.Kernels.Ops</c> that implements <c>Ops.ISimd&lt;T&gt;</c> with static abstract members for one vector type
    /// (<c>Simd512</c>, <c>Simd256</c>, <c>Simd128</c>). The JIT compiles a generic method once per struct it is called with and inlines
    /// these one-line members, so each path runs the code a width-specific body would (and the file holds one copy
    /// instead of three). Needs C# 11 (static abstract interface members) on .NET 8+; older language versions keep one
    /// body per width.
    /// </summary>
    internal static class SimdOps
    {
        /// <summary>The name of the type parameter the generic bodies call the vector operations on.</summary>
        public const string Generic = "V";

        public const string Interface = "ISimd";

        /// <summary>Whether the target can compile width-generic bodies: C# 11 or later, with the SIMD forms.</summary>
        public static bool Available(EmitContext context) => context.Vectorized && context.Model.Target.LanguageVersion >= 1100;

        /// <summary>The operations struct of a width (floats per vector), e.g. <c>global::CnnGen.Kernels.Ops.Simd512</c>.</summary>
        public static string Struct(EmitContext context, int width) =>
            context.Op("Simd" + (width * 32).ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>The type arguments of a call to a generic body for a width: <c>&lt;Ops.Simd512, Vector512&lt;float&gt;&gt;</c>.</summary>
        public static string TypeArguments(EmitContext context, int width) => $"<{Struct(context, width)}, {VectorType(width)}>";

        /// <summary>The constraints of a generic body over <c>V</c> (the operations) and <c>T</c> (the vector type).</summary>
        public static string Constraints(EmitContext context) => $"where V : struct, {context.Op(Interface)}<T> where T : struct";

        private static string VectorType(int width) => $"global::System.Runtime.Intrinsics.Vector{width * 32}<float>";

        /// <summary><c>a + b</c> on vectors: the operator, or <c>V.Add</c> in a generic body.</summary>
        public static string Add(string vec, string a, string b) => vec == Generic ? $"V.Add({a}, {b})" : $"{a} + {b}";

        /// <summary><c>a - b</c> on vectors: the operator, or <c>V.Subtract</c> in a generic body.</summary>
        public static string Subtract(string vec, string a, string b) => vec == Generic ? $"V.Subtract({a}, {b})" : $"{a} - {b}";
    }
}
