namespace CnnGen
{
    /// <summary>Normalizes the weight names files use, so that <c>conv2d/kernel:0</c> and <c>conv2d/kernel</c> compare equal.</summary>
    internal static class TensorNames
    {
        /// <summary>Removes a TensorFlow output index such as <c>:0</c> from the end of a variable name.</summary>
        public static string StripOutputIndex(string name)
        {
            int colon = name.LastIndexOf(':');
            if (colon < 0 || colon == name.Length - 1) return name;
            for (int i = colon + 1; i < name.Length; i++)
            {
                if (name[i] < '0' || name[i] > '9') return name;
            }

            return name.Substring(0, colon);
        }

        /// <summary>The part after the last <c>/</c>, without an output index: <c>sequential_1/conv2d_2/kernel</c> → <c>kernel</c>.</summary>
        public static string ShortName(string name)
        {
            name = StripOutputIndex(name);
            int slash = name.LastIndexOf('/');
            return slash < 0 ? name : name.Substring(slash + 1);
        }
    }
}
