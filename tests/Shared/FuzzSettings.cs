using System;

namespace CnnGen.Tests.Shared
{
    /// <summary>The fuzz suites' knobs (compiled into both test projects): cases per kind and the base seed.</summary>
    internal static class FuzzSettings
    {
        /// <summary><c>CNNGEN_FUZZ_CASES</c> when set to a positive number, else <paramref name="normal"/>.</summary>
        public static int Cases(int normal)
        {
            string? text = Environment.GetEnvironmentVariable("CNNGEN_FUZZ_CASES");
            return int.TryParse(text, out int n) && n > 0 ? n : normal;
        }

        /// <summary>
        /// <c>CNNGEN_FUZZ_COMPILE_EVERY</c> when set to a positive number, else <paramref name="normal"/>: past the first cases,
        /// the generator fuzz compiles one output in this many (1, the default: every output).
        /// </summary>
        public static int CompileEvery(int normal)
        {
            string? text = Environment.GetEnvironmentVariable("CNNGEN_FUZZ_COMPILE_EVERY");
            return int.TryParse(text, out int n) && n > 0 ? n : normal;
        }

        /// <summary><c>CNNGEN_FUZZ_SEED</c> when set, else <paramref name="normal"/>.</summary>
        public static int Seed(int normal)
        {
            string? text = Environment.GetEnvironmentVariable("CNNGEN_FUZZ_SEED");
            return int.TryParse(text, out int n) ? n : normal;
        }
    }
}
