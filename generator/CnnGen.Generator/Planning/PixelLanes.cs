using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// Which Conv2D layers the SIMD form vectorizes over output pixels × channels instead of channels alone (printed by
    /// <c>PixelLanesConv</c>): those with 1 to 3 output channels, which have no channel-lanes form (a Vector128 needs 4). A vector then holds
    /// <see cref="PixelsPerVector"/> neighbouring output pixels of a row with all their channels, which is exactly how NHWC
    /// stores them; the input is read from a copy in which every value is repeated once per output channel.
    /// </summary>
    internal static class PixelLanes
    {
        /// <summary>
        /// Most output channels. With 4 to 8 the channel lanes (Vector128, Vector256) measured faster: the copy (one store
        /// per input value and channel) and the sliding loads, which mostly straddle two cache lines, cost more than the
        /// idle lanes (perf-zoo nonsquare_dilated 13.5 → 23 µs, pool_variants' 6-channel conv 13.3 → 20 µs when they had it).
        /// </summary>
        public const int MaxChannels = 3;

        /// <summary>Floats the form may put on the stack at the widest vector (the input copy, the tiled kernel, the last vector): 128 KB.</summary>
        public const int MaxStackFloats = 32768;

        /// <summary>Widest vector the form is planned for (Vector512).</summary>
        private const int Widest = 16;

        /// <summary>Whether <paramref name="conv"/> runs with pixels × channels as the vector lanes.</summary>
        public static bool Suits(LayerPlan conv)
        {
            if (conv.Kind != LayerKind.Conv2D || conv.Input.Rank != 3) return false;
            var g = new WindowGeometry(conv);
            return g.OutC <= MaxChannels && PixelsPerVector(g, Widest) >= 2 && StackFloats(g, Widest) <= MaxStackFloats;
        }

        /// <summary>Output pixels of a row in one vector of <paramref name="width"/> floats (0: the channels do not fit).</summary>
        public static int PixelsPerVector(WindowGeometry g, int width) => System.Math.Min(width / g.OutC, g.OutW);

        /// <summary>Columns of one phase row of the input copy: a stride-s conv reads every s-th column, so each input row is stored as s rows of its columns j·s + r.</summary>
        public static int PhaseColumns(WindowGeometry g) => (g.BorderedWidth + g.SW - 1) / g.SW;

        /// <summary>Floats of the input copy: every (row, input channel, column phase) a row of <see cref="PhaseColumns"/> pixels × the output channels.</summary>
        public static int CopyFloats(WindowGeometry g) => g.BorderedHeight * g.InC * g.SW * PhaseColumns(g) * g.OutC;

        /// <summary>Floats on the stack at <paramref name="width"/>: the copy with a vector to spare, the kernel as one vector per window cell and input channel, the bias vector and the last vector.</summary>
        public static int StackFloats(WindowGeometry g, int width) => CopyFloats(g) + width + g.KH * g.KW * g.InC * width + 2 * width;
    }
}
