using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// The buffers of a graph model, planned at compile time: one per-thread arena of <see cref="Length"/> floats, in which
    /// each computing layer writes its output (plus its working memory) at <see cref="Offsets"/>. A region lives from the
    /// layer that writes it to the last layer that reads it (a merge may read it long after); regions whose lives overlap
    /// never overlap in memory, and the others share it (first fit, 64-byte aligned). The last computing layer writes the
    /// caller's output. Layers with no code of their own read and "write" their producer's region (<see cref="Source"/>).
    /// </summary>
    internal sealed record TensorArena(EquatableArray<int> Offsets, EquatableArray<int> Sources, long Length)
    {
        /// <summary>Floats per alignment unit: regions start on 64-byte boundaries (the arena itself is aligned).</summary>
        public const int Alignment = 16;

        /// <summary>The layer whose code writes layer <paramref name="index"/>'s output: itself, the layer it is computed inside, or for a layer with nothing to compute its input's source; -1: the model input.</summary>
        public int Source(int index) => index < 0 ? -1 : Sources[index];

        public static TensorArena Plan(ModelPlan model, EquatableArray<Step> steps, int lastComputing)
        {
            int n = model.Layers.Count;
            var sources = new int[n];
            for (int i = 0; i < n; i++)
            {
                Step step = steps[i];
                if (!step.IsIdentity) sources[i] = i;
                else if (step.Reason == IdentityReason.NothingToCompute)
                {
                    int input = model.Layers[i].InputIndices[0];
                    sources[i] = input < 0 ? -1 : sources[input];
                }
                else sources[i] = step.Into;
            }
            // Each computing layer's region lives until the last layer that reads its output (through any identity).
            var end = new int[n];
            for (int i = 0; i < n; i++) end[i] = i;
            for (int j = 0; j < n; j++)
            {
                if (steps[j].IsIdentity) continue;
                foreach (int input in model.Layers[j].InputIndices)
                {
                    int source = input < 0 ? -1 : sources[input];
                    if (source >= 0 && end[source] < j) end[source] = j;
                }
            }
            var offsets = new int[n];
            // The regions placed so far that are still alive (placed in order, so a region alive at i is alive from before).
            var alive = new List<(int End, long Offset, long Size)>();
            long length = 0;
            for (int i = 0; i < n; i++)
            {
                offsets[i] = -1;
                if (steps[i].IsIdentity || i == lastComputing) continue;
                alive.RemoveAll(r => r.End < i);
                LayerPlan layer = model.Layers[i];
                long size = Round(model.WrittenLength(layer) + layer.Workspace);
                // First fit: the lowest offset clear of every region alive at the same time.
                var busy = new List<(long Offset, long Size)>();
                foreach (var r in alive) busy.Add((r.Offset, r.Size));
                busy.Sort((a, b) => a.Offset.CompareTo(b.Offset));
                long offset = 0;
                foreach (var (o, s) in busy)
                {
                    if (offset + size <= o) break;
                    if (o + s > offset) offset = o + s;
                }
                alive.Add((end[i], offset, size));
                offsets[i] = (int)offset;
                if (offset + size > length) length = offset + size;
            }
            return new TensorArena(offsets.ToEquatableArray(), sources.ToEquatableArray(), System.Math.Max(length, Alignment));
        }

        private static long Round(long floats) => (floats + Alignment - 1) / Alignment * Alignment;
    }
}
