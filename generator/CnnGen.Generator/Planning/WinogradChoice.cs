using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// Which Conv2D layers run as Winograd F(4x4,3x3) (printed by <c>WinogradEmitter</c>), and what that costs in
    /// memory: the transformed kernel, a derived tensor, and the workspace after the layer's output.
    /// </summary>
    internal static class WinogradChoice
    {
        /// <summary>m of F(m×m, 3×3): outputs per tile side.</summary>
        public const int Tile = 4;

        /// <summary>Points of the transformed domain: (m + 2)².</summary>
        public const int Points = (Tile + 2) * (Tile + 2);

        /// <summary>Fewest input channels for which the transforms pay off.</summary>
        private const int MinInputChannels = 16;

        /// <summary>Whether <paramref name="conv"/> (with <paramref name="pool"/> fused, or null) runs as Winograd.</summary>
        public static bool Suits(LayerPlan conv, LayerPlan? pool)
        {
            LayerSpec s = conv.Spec;
            if (conv.Kind != LayerKind.Conv2D || conv.Input.Rank != 3) return false;
            if (s.KernelHeight != 3 || s.KernelWidth != 3 || s.StrideHeight != 1 || s.StrideWidth != 1 || s.DilationHeight != 1 || s.DilationWidth != 1) return false;
            if (s.Activation != ActivationKind.Linear && s.Activation != ActivationKind.Relu) return false;
            if (conv.Input.Last < MinInputChannels || conv.Input.Last % 16 != 0 || conv.Output.Last % 16 != 0) return false;
            if (conv.Output[0] < Tile || conv.Output[1] < Tile) return false;
            return pool == null || (Tile % pool.Spec.KernelHeight == 0 && Tile % pool.Spec.KernelWidth == 0);
        }

        /// <summary><paramref name="conv"/> set up for Winograd: its transformed kernel placed at <paramref name="offset"/>, its workspace sized.</summary>
        public static LayerPlan Apply(LayerPlan conv, LayerPlan? pool, ref int offset)
        {
            int c = conv.Input.Last, co = conv.Output.Last;
            var u = new WeightPlan(conv.Name + "/winograd_kernel", TensorShape.Of(Points, c, co), offset, false);
            offset += u.Length;
            var derived = new List<WeightPlan>(conv.Derived) { u };
            var t = new WinogradTiles(conv, pool);
            return conv with { WinogradTile = Tile, Derived = derived.ToEquatableArray(), Workspace = Points * t.Count * (c + co) };
        }
    }

    /// <summary>The tiles over the conv outputs that are needed: all of them, or those a fused pooling reads.</summary>
    internal readonly struct WinogradTiles
    {
        public WinogradTiles(LayerPlan conv, LayerPlan? pool)
        {
            const int M = WinogradChoice.Tile;
            NeedH = pool != null ? pool.Output[0] * pool.Spec.KernelHeight : conv.Output[0];
            NeedW = pool != null ? pool.Output[1] * pool.Spec.KernelWidth : conv.Output[1];
            Rows = (NeedH + M - 1) / M;
            Cols = (NeedW + M - 1) / M;
        }

        public int NeedH { get; }
        public int NeedW { get; }
        public int Rows { get; }
        public int Cols { get; }
        public int Count => Rows * Cols;
    }
}
