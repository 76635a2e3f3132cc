using System.Globalization;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// The vector width of a SIMD body as its code writes it: a literal (<c>8</c>: a body for one width), or
    /// <c>V.Count</c> in a width-generic body (see <see cref="SimdOps"/>), which the JIT folds to a constant per width.
    /// <see cref="Width"/> is the width the body's structure (register blocks, loop steps) was decided for; a generic body
    /// is written only where every width it serves gets that same structure.
    /// </summary>
    internal readonly struct Lanes
    {
        private Lanes(int width, bool generic)
        {
            Width = width;
            Generic = generic;
        }

        /// <summary>Floats per vector the structure was planned with.</summary>
        public int Width { get; }

        /// <summary>True: offsets are written in terms of <c>V.Count</c>.</summary>
        public bool Generic { get; }

        public static Lanes Of(int width) => new Lanes(width, false);

        public static Lanes GenericFor(int width) => new Lanes(width, true);

        /// <summary>The path's name in comments: <c>Vector512</c>, or <c>Vector256 and Vector128</c> for the generic body.</summary>
        public string PathName => Generic ? "Vector256 and Vector128" : "Vector" + (Width * 32).ToString(CultureInfo.InvariantCulture);

        /// <summary><c>k</c> vectors, in floats, as C# text.</summary>
        public string Times(int k) =>
            !Generic ? (k * Width).ToString(CultureInfo.InvariantCulture)
            : k == 0 ? "0" : k == 1 ? "V.Count" : k.ToString(CultureInfo.InvariantCulture) + " * V.Count";

        /// <summary><c>literal + k</c> vectors, in floats, as C# text (folded when not generic).</summary>
        public string Offset(int literal, int k)
        {
            if (!Generic || k == 0) return (literal + (Generic ? 0 : k * Width)).ToString(CultureInfo.InvariantCulture);
            return literal == 0 ? Times(k) : literal.ToString(CultureInfo.InvariantCulture) + " + " + Times(k);
        }

        /// <summary>A reference <paramref name="literal"/> floats plus <paramref name="k"/> vectors after <paramref name="name"/>.</summary>
        public string Ref(string name, int literal, int k)
        {
            string offset = Offset(literal, k);
            return offset == "0" ? name : $"Uns.Add(ref {name}, {offset})";
        }
    }
}
