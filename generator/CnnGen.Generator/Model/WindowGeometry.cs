namespace CnnGen.Generator.Model
{
    /// <summary>
    /// The sizes of a window layer, read once from the plan. A 1-D layer over (steps, channels) is seen as a 2-D
    /// one over (steps, 1, channels): its spec's *Width fields are 1.
    /// </summary>
    internal readonly struct WindowGeometry
    {
        public WindowGeometry(LayerPlan layer)
        {
            LayerSpec s = layer.Spec;
            bool oneD = layer.Input.Rank == 2;
            InH = layer.Input[0]; InW = oneD ? 1 : layer.Input[1]; InC = layer.Input.Last;
            OutH = layer.Output[0]; OutW = oneD ? 1 : layer.Output[1]; OutC = layer.Output.Last;
            KH = s.KernelHeight; KW = s.KernelWidth;
            SH = s.StrideHeight; SW = s.StrideWidth;
            DH = s.DilationHeight; DW = s.DilationWidth;
            PadTop = layer.PadTop; PadLeft = layer.PadLeft;
        }

        private WindowGeometry(WindowGeometry g, int inH, int inW, int inC, int padTop, int padLeft)
        {
            InH = inH; InW = inW; InC = inC;
            OutH = g.OutH; OutW = g.OutW; OutC = g.OutC;
            KH = g.KH; KW = g.KW; SH = g.SH; SW = g.SW; DH = g.DH; DW = g.DW;
            PadTop = padTop; PadLeft = padLeft;
        }

        public int InH { get; }
        public int InW { get; }
        public int InC { get; }
        public int OutH { get; }
        public int OutW { get; }
        public int OutC { get; }
        public int KH { get; }
        public int KW { get; }
        public int SH { get; }
        public int SW { get; }
        public int DH { get; }
        public int DW { get; }

        /// <summary>Rows of 'same' padding above the input (the window of output row 0 starts this far above it).</summary>
        public int PadTop { get; }

        /// <summary>Columns of 'same' padding left of the input.</summary>
        public int PadLeft { get; }

        /// <summary>Rows of the input with its padding, as far as the windows read: the padding above, the input, and below it what the last window reaches.</summary>
        public int BorderedHeight => System.Math.Max(PadTop + InH, (OutH - 1) * SH + (KH - 1) * DH + 1);

        /// <summary>Columns of the input with its padding, as far as the windows read.</summary>
        public int BorderedWidth => System.Math.Max(PadLeft + InW, (OutW - 1) * SW + (KW - 1) * DW + 1);

        /// <summary>Whether a window can reach into the padding (so that reads need a test unless the input is bordered).</summary>
        public bool HasPadding => PadTop > 0 || PadLeft > 0 || BorderedHeight > InH || BorderedWidth > InW;

        /// <summary>
        /// The geometry over the input copied into its zero border (<see cref="BorderedHeight"/> × <see cref="BorderedWidth"/>):
        /// the same outputs, no padding, every window inside.
        /// </summary>
        public WindowGeometry Bordered() => new WindowGeometry(this, BorderedHeight, BorderedWidth, InC, 0, 0);

        /// <summary>The same window over an input of <paramref name="channels"/> channels (e.g. each channel repeated).</summary>
        public WindowGeometry WithInputChannels(int channels) => new WindowGeometry(this, InH, InW, channels, PadTop, PadLeft);
    }
}
