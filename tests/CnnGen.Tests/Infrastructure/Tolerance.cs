using System;
using Xunit;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>The conformance tolerance of the fixtures: |a - b| ≤ 1e-5 + 1e-4·|b|, element by element.</summary>
    public static class Tolerance
    {
        public const double Absolute = 1e-5;
        public const double Relative = 1e-4;

        public static bool Within(float actual, float expected) =>
            Math.Abs((double)actual - expected) <= Absolute + Relative * Math.Abs((double)expected);

        public static void AssertAllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
        {
            Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
            int bad = 0, first = -1;
            double worst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                if (Within(actual[i], expected[i]) && !float.IsNaN(actual[i])) continue;
                if (first < 0) first = i;
                bad++;
                worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]));
            }
            Assert.True(bad == 0, $"{what}: {bad} of {expected.Length} values outside |a-b| <= 1e-5 + 1e-4|b|; first at {first}: " +
                (first >= 0 ? $"expected {expected[first]:R}, got {actual[first]:R}" : "") + $"; worst |a-b| = {worst:R}");
        }
    }
}
