using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CnnGen
{
    /// <summary>Formats shapes for error messages the same way everywhere: <c>[3, 3, 1, 32]</c>.</summary>
    internal static class ShapeText
    {
        public static string Format(IReadOnlyList<int> shape)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.Append(']').ToString();
        }

        public static string Format(IReadOnlyList<long> shape)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.Append(']').ToString();
        }

        public static bool Equal(IReadOnlyList<int> expected, IReadOnlyList<long> actual)
        {
            if (expected.Count != actual.Count) return false;
            for (int i = 0; i < expected.Count; i++)
            {
                if (expected[i] != actual[i]) return false;
            }

            return true;
        }
    }
}
