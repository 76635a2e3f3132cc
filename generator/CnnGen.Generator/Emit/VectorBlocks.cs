using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Shared pieces of the SIMD layer forms: the <c>ref float</c> prologue (no pointers, so consumers need no
    /// <c>AllowUnsafeBlocks</c>), the Vector512 → Vector256 → Vector128 → scalar dispatch, and register blocks.
    /// </summary>
    internal static class VectorBlocks
    {
        /// <summary>Vector accumulators per register block (of 32 vector registers with AVX-512, 16 with AVX2).</summary>
        public const int MaxAccumulators = 8;

        public static void Prologue(SourceWriter w)
        {
            w.Line("ref float xr = ref Mem.GetReference(x);");
            w.Line("ref float yr = ref Mem.GetReference(y);");
            w.Line("ref float wr = ref Mem.GetArrayDataReference(w);");
        }

        /// <summary>
        /// Writes one branch per vector width that fits <paramref name="count"/> (the vectorized axis) at least once,
        /// widest first, then the scalar branch (width 1, no vector class). The conditions are JIT-time constants.
        /// </summary>
        public static void Dispatch(SourceWriter w, int count, System.Action<int, string> branch)
        {
            bool any = false;
            foreach (int width in EmitContext.VectorWidths)
            {
                if (count < width) continue;
                string vec = EmitContext.VectorClass(width);
                w.Open($"{(any ? "else if" : "if")} ({vec}.IsHardwareAccelerated)");
                branch(width, vec);
                w.Close();
                any = true;
            }
            if (any) w.Open("else");
            branch(1, "");
            if (any) w.Close();
        }

        /// <summary>Blocks of at most <see cref="MaxAccumulators"/> vectors covering <paramref name="vectors"/>, as (first vector, count), balanced.</summary>
        public static IEnumerable<(int First, int Count)> Groups(int vectors)
        {
            if (vectors == 0) yield break;
            int blocks = (vectors + MaxAccumulators - 1) / MaxAccumulators;
            int first = 0;
            for (int b = 0; b < blocks; b++)
            {
                int n = (vectors - first) / (blocks - b);
                yield return (first, n);
                first += n;
            }
        }

        public static string Describe(int vectors, int width)
        {
            var parts = new List<string>();
            foreach ((int _, int n) in Groups(vectors)) parts.Add($"{n} x {width}");
            return $"{parts.Count} register block{(parts.Count == 1 ? "" : "s")} of {string.Join(", ", parts)} floats ({vectors} accumulators in all)";
        }

        /// <summary>Activations applied on the vector registers; the others run element by element after the store.</summary>
        public static bool IsVectorActivation(ActivationKind kind) =>
            kind == ActivationKind.Linear || kind == ActivationKind.Relu || ActivationWriter.IsRowWise(kind);

        public static string Activate(ActivationKind kind, string value, string vec) =>
            kind == ActivationKind.Relu ? $"{vec}.Max({value}, {vec}.Create(0f))" : value;
    }
}
