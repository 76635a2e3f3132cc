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
    }
}
