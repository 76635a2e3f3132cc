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
            w.Line("ref float wr = ref Mem.GetReference(w);");
        }

        /// <summary>
        /// Writes one branch per vector width that fits <paramref name="count"/> (the vectorized axis) at least once,
        /// widest first, then the scalar branch (width 1, no vector class). The conditions are JIT-time constants.
        /// </summary>
        /// <remarks>
        /// Each path is a static local function of its own (parameters <c>x</c>, <c>y</c>, <c>w</c>; C# 8+ lets them shadow the layer method's <c>w</c>): the JIT inlines the
        /// vector operators of one path within its budget, and the others are never compiled.
        /// </remarks>
        public static void Dispatch(EmitContext context, int count, System.Action<int, string> branch, bool remainderVector = false) =>
            Dispatch(context, count, (lanes, vec) => branch(lanes.Width, vec), null, remainderVector);

        /// <summary>
        /// <see cref="Dispatch(EmitContext, int, System.Action{int, string})"/>, where the Vector256 and Vector128 paths may be
        /// one width-generic body (<c>Narrow&lt;V, T&gt;</c>, see <see cref="SimdOps"/>): when the target allows it and
        /// <paramref name="narrowShape"/> (the structure a body gets at a width: register blocks, loop steps, tails) is the
        /// same at both widths. The branch then gets <see cref="Lanes.GenericFor"/> and the vector name <c>V</c>.
        /// </summary>
        /// <remarks>
        /// <paramref name="remainderVector"/>: the branch computes values left over from the whole vectors as one more
        /// vector overlapping the one before (<see cref="Overlaps"/>), so no width leaves a scalar tail.
        /// <paramref name="input"/>: what the paths get as <c>x</c> (e.g. the input in a zero border).
        /// </remarks>
        public static void Dispatch(EmitContext context, int count, System.Action<Lanes, string> branch, System.Func<int, object>? narrowShape, bool remainderVector = false, string input = "x")
        {
            SourceWriter w = context.Writer;
            List<int> widths = PathWidths(count, context.Step?.WidestVector ?? 16, remainderVector);
            bool narrow = narrowShape != null && SimdOps.Available(context) && widths.Contains(8) && widths.Contains(4) && Equals(narrowShape(8), narrowShape(4));
            for (int n = 0; n < widths.Count; n++)
            {
                string call = narrow && widths[n] is 8 or 4 ? $"Narrow{SimdOps.TypeArguments(context, widths[n])}({input}, y, AlignedWeights);" : $"{PathName(widths[n])}({input}, y, AlignedWeights);";
                if (widths[n] == 1) w.Line(n == 0 ? call : "else " + call);
                else w.Line($"{(n == 0 ? "if" : "else if")} ({EmitContext.VectorClass(widths[n])}.IsHardwareAccelerated) {call}");
            }
            foreach (int width in widths)
            {
                if (narrow && width == 4) continue;
                bool generic = narrow && width == 8;
                w.Line();
                if (generic) w.Comment("Vector256 and Vector128 (16 vector registers: the same register blocks), written once.");
                // Fully optimized at the first call (C# 9+ allows attributes on local functions): no tier-0 code and no
                // on-stack replacement while a model warms up; these paths gain nothing from profile-guided tiering.
                if (context.Model.Target.LanguageVersion >= 900) w.Line(EmitContext.AggressiveOptimization);
                string signature = "(global::System.ReadOnlySpan<float> x, global::System.Span<float> y, global::System.ReadOnlySpan<float> w)";
                w.Open(generic ? $"static void Narrow<V, T>{signature} {SimdOps.Constraints(context)}" : $"static void {PathName(width)}{signature}");
                Prologue(w);
                branch(generic ? Lanes.GenericFor(width) : Lanes.Of(width), generic ? SimdOps.Generic : width == 1 ? "" : EmitContext.VectorClass(width));
                w.Close();
            }
        }

        /// <summary>
        /// The widths that get a path for <paramref name="count"/> values on the vectorized axis, widest first, then 1
        /// (scalar). A width that fits at least once gets a path, unless a narrower one leaves fewer values to the scalar tail:
        /// 24 channels run as three Vector256 (not one Vector512 and 8 one by one), 12 as three Vector128, also on hardware
        /// that has the wider vectors (the dispatch then falls through to the narrower path).
        /// </summary>
        /// <remarks>
        /// Widths above <paramref name="widest"/> (the step's <see cref="Planning.Step.WidestVector"/>) get no path. With
        /// <paramref name="remainderVector"/> there is no scalar tail (the remainder is one overlapping vector) and a wider
        /// vector never needs more operations, so every width that fits once gets a path: 12 channels run as two Vector256
        /// (0 and 4), 24 as two Vector512 (0 and 8).
        /// </remarks>
        public static List<int> PathWidths(int count, int widest = 16, bool remainderVector = false)
        {
            var widths = new List<int>();
            int[] all = EmitContext.VectorWidths;
            for (int i = 0; i < all.Length; i++)
            {
                if (count < all[i] || all[i] > widest) continue;
                if (remainderVector)
                {
                    widths.Add(all[i]);
                    continue;
                }
                bool narrowerLeavesLess = false;
                for (int j = i + 1; j < all.Length; j++) narrowerLeavesLess |= count >= all[j] && count % all[j] < count % all[i];
                if (!narrowerLeavesLess) widths.Add(all[i]);
            }
            widths.Add(1);
            return widths;
        }

        private static string PathName(int width) => width == 1 ? "Scalar" : "Vector" + (width * 32).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Blocks of at most <see cref="MaxAccumulators"/> vectors covering <paramref name="vectors"/>, as (first vector, count), balanced.</summary>
        public static IEnumerable<(int First, int Count)> Groups(int vectors, int max = MaxAccumulators)
        {
            if (vectors == 0) yield break;
            int blocks = (vectors + max - 1) / max;
            int first = 0;
            for (int b = 0; b < blocks; b++)
            {
                int n = (vectors - first) / (blocks - b);
                yield return (first, n);
                first += n;
            }
        }

        /// <summary>
        /// Writes the register blocks of <see cref="Groups"/> (first vector, vectors) with <paramref name="block"/>, given the
        /// first float of the block as C# text and its vector count. A run of equal blocks is one loop over
        /// <paramref name="variable"/> (the block written once), so the code does not grow with the channel count; a block
        /// alone is written with a literal offset.
        /// </summary>
        /// <remarks>In a body whose width is generic the loops step by <see cref="Lanes.Times"/>; the structure is that of <see cref="Lanes.Width"/>.</remarks>
        public static void ForEachGroup(SourceWriter w, int vectors, int max, Lanes lanes, string variable, System.Action<string, int> block)
        {
            int width = lanes.Width;
            var groups = new List<(int First, int Count)>(Groups(vectors, max));
            for (int g = 0; g < groups.Count;)
            {
                int run = 1;
                while (g + run < groups.Count && groups[g + run].Count == groups[g].Count) run++;
                (int first, int n) = groups[g];
                if (run == 1)
                {
                    block(lanes.Times(first), n);
                }
                else
                {
                    w.Open($"for (int {variable} = {lanes.Times(first)}; {variable} < {(first + run * n) * width}; {variable} += {lanes.Times(n)})");
                    block(variable, n);
                    w.Close();
                }
                g += run;
            }
        }

        /// <summary>
        /// The shape of <see cref="ForEachGroup(SourceWriter, int, int, Lanes, string, System.Action{string, int})"/> over
        /// <paramref name="channels"/> at a width: the block size, and whether the blocks are one loop covering every channel
        /// with none left over. Two widths with an equal shape that is such a loop get the same code but for the step.
        /// </summary>
        public static (int Block, bool WholeLoop) GroupShape(int channels, int max, int width)
        {
            var groups = new List<(int First, int Count)>(Groups(channels / width, max));
            bool uniform = groups.Count > 1 && groups.TrueForAll(g => g.Count == groups[0].Count);
            return (groups.Count == 0 ? 0 : groups[0].Count, uniform && channels % width == 0);
        }

        /// <summary><c>first + offset</c> as C# text: folded when <paramref name="first"/> is a literal.</summary>
        public static string Plus(string first, int offset)
        {
            if (int.TryParse(first, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value))
                return (value + offset).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return offset == 0 ? first : offset > 0 ? $"{first} + {offset}" : $"{first} - {-offset}";
        }

        /// <summary><c>a + b</c> as C# text, for offsets: literals folded, zeros left out.</summary>
        public static string Sum(string a, string b)
        {
            var ic = System.Globalization.CultureInfo.InvariantCulture;
            bool aLiteral = int.TryParse(a, System.Globalization.NumberStyles.AllowLeadingSign, ic, out int x);
            bool bLiteral = int.TryParse(b, System.Globalization.NumberStyles.AllowLeadingSign, ic, out int y);
            if (aLiteral && bLiteral) return (x + y).ToString(ic);
            if (bLiteral) return Plus(a, y);
            if (aLiteral) return Plus(b, x);
            return a + " + " + b;
        }

        /// <summary>
        /// The register blocks of a row of <paramref name="pixels"/> outputs, equal ones counted together: "1 register
        /// block of 4 x 16 floats (16 accumulators)", "8 register blocks of 2 x 4 floats (8 accumulators)", "2 register
        /// blocks of 3 x 16, 1 of 4 x 16 floats (16 accumulators)". Its length does not grow with the channel count.
        /// </summary>
        public static string Describe(int vectors, int width, int max = MaxAccumulators, int pixels = 1)
        {
            var runs = new List<(int Size, int Count)>();
            int most = 0, total = 0;
            foreach ((int _, int n) in Groups(vectors, max))
            {
                if (runs.Count > 0 && runs[runs.Count - 1].Size == n) runs[runs.Count - 1] = (n, runs[runs.Count - 1].Count + 1);
                else runs.Add((n, 1));
                most = System.Math.Max(most, n);
                total++;
            }
            var parts = new List<string>();
            for (int r = 0; r < runs.Count; r++)
            {
                string count = r == 0 ? $"{runs[r].Count} register block{(total == 1 ? "" : "s")} of " : $"{runs[r].Count} of ";
                parts.Add(count + $"{runs[r].Size} x {width}");
            }
            return $"{string.Join(", ", parts)} floats ({most * pixels} accumulators)";
        }

        /// <summary>
        /// <see cref="Describe"/> of the blocks over <paramref name="channels"/>; for a generic body, which serves several
        /// widths, the block size in vectors.
        /// </summary>
        public static string Describe(Lanes lanes, int channels, int max, int pixels)
        {
            if (!lanes.Generic) return Describe(channels / lanes.Width, lanes.Width, max, pixels);
            int block = GroupShape(channels, max, lanes.Width).Block;
            return $"register blocks of {block} vectors ({block * pixels} accumulators)";
        }

        /// <summary>Activations applied on the vector registers; the others run element by element after the store.</summary>
        /// <summary>
        /// The start of accumulator <paramref name="j"/> of a register block whose first value is <paramref name="first"/>
        /// (C# text): the bias vector there, or zeros.
        /// </summary>
        public static string BiasOrZero(string vec, Lanes lanes, string first, int j, WeightPlan? bias) =>
            bias != null ? $"{vec}.LoadUnsafe(ref Uns.Add(ref wr, {Sum(first, lanes.Offset(bias.Offset, j))}))" : $"{vec}.Create(0f)";

        /// <summary>
        /// Whether a path of <paramref name="lanes"/> ends with one vector overlapping the one before it: the vectorized
        /// axis (<paramref name="count"/> channels or units) is not a multiple of the width but holds at least one vector
        /// (a generic body never has a remainder). The values both vectors hold get the same sums, stored twice.
        /// </summary>
        public static bool Overlaps(int count, Lanes lanes) => !lanes.Generic && Overlaps(count, lanes.Width);

        /// <summary><see cref="Overlaps(int, Lanes)"/> for a width, before a path's lanes exist.</summary>
        public static bool Overlaps(int count, int width) => width > 1 && count >= width && count % width != 0;

        /// <summary>Accumulators a register block of pixels aims for: enough independent multiply-adds to hide their latency (12 of AVX-512's 32 registers, 8 of 16).</summary>
        public static int TargetAccumulators(int width) => width == 16 ? 12 : 8;

        /// <summary>
        /// The run that splits <paramref name="length"/> evenly into as few runs of at most <paramref name="most"/> as
        /// possible: 8 pixels at most 6 are 4 + 4, not 6 + 2.
        /// </summary>
        public static int EvenRun(int length, int most)
        {
            int runs = (length + most - 1) / most;
            return (length + runs - 1) / runs;
        }

        /// <summary>
        /// A run of <paramref name="count"/> values a vector of <paramref name="width"/> at a time: <paramref name="vector"/>
        /// (given the first value's offset as C# text) in a loop over <c>c</c>, then, where the run is not a multiple of the
        /// width, once more for the vector ending at the last value, overlapping the one before (<paramref name="noun"/>
        /// names the values in its comment).
        /// </summary>
        public static void EmitRun(SourceWriter w, int count, int width, string noun, System.Action<string> vector)
        {
            w.Open($"for (int c = 0; c <= {count - width}; c += {width})");
            vector("c");
            w.Close();
            if (count % width == 0) return;
            w.Open($"// {noun} {count - width}..{count - 1}: one more vector, overlapping");
            vector((count - width).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.Close();
        }

        /// <summary>The first value of the overlapping vector, as C# text.</summary>
        public static string OverlapStart(int count, Lanes lanes) => (count - lanes.Width).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The path comment's note on the overlapping vector (<paramref name="noun"/>: channels, units), or nothing.</summary>
        public static string OverlapNote(int count, Lanes lanes, string noun) =>
            Overlaps(count, lanes) ? $", {noun} {count - lanes.Width}..{count - 1} one more vector, overlapping" : "";

        public static bool IsVectorActivation(ActivationKind kind) =>
            kind == ActivationKind.Linear || kind == ActivationKind.Relu || kind == ActivationKind.Relu6 || kind.IsRowWise();

        /// <summary>The activation on a vector register: relu as max with 0, relu6 as min(max(v, 0), 6) (MobileNet's ReLU(6)).</summary>
        public static string Activate(ActivationKind kind, string value, string vec) =>
            kind == ActivationKind.Relu ? $"{vec}.Max({value}, {vec}.Create(0f))"
            : kind == ActivationKind.Relu6 ? $"{vec}.Min({vec}.Max({value}, {vec}.Create(0f)), {vec}.Create(6f))"
            : value;
    }
}
