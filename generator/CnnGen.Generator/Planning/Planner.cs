using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Planning
{
    /// <summary>
    /// ModelPlan + target facts → <see cref="ExecutionPlan"/>: the one place that decides how each layer runs. The form
    /// (unrolled when the model fits its unroll budget; SIMD loops on .NET 8+ targets with C# 8+; scalar loops
    /// otherwise), the fusions and kernel choices of the SIMD form (<see cref="LayerFusion"/>), one typed step per layer,
    /// the batched dense tail, and so the scratch sizes. Emitters only print the steps.
    /// </summary>
    internal static class Planner
    {
        /// <summary>
        /// Samples a batch runs through the dense tail together: one weight load serves them all. 8, not 4: the tail's
        /// weights (seed_dnn's 784 × 128, 401 KB) stream from L2 once per group, so per sample half as often.
        /// </summary>
        public const int GroupSamples = 8;

        /// <summary>
        /// The most statements CnnGen unrolls, whatever the UnrollBudget (CNNG902 above it): about 24 MB of C#, which a
        /// compiler already takes minutes over.
        /// </summary>
        public const long MaxUnrolledStatements = 1_000_000;

        /// <summary>Bytes of C# per unrolled statement, about (the tutorial CNN: 5.2 million statements, 126 MB).</summary>
        public const int BytesPerUnrolledStatement = 24;

        /// <summary>
        /// Below this many multiply-adds per sample (the unrolled cost) a layer's SIMD form is one Vector128 path: the
        /// wider paths would save well under 100 ns a sample, and each is another body of code to compile (the tutorial
        /// CNN's 128 → 10 Dense had three).
        /// </summary>
        public const long SmallLayerWork = 2048;

        /// <summary>Fewest Dense inputs for which the group form's shared weight loads pay for its bookkeeping.</summary>
        private const int MinGroupInputs = 32;

        public static ExecutionPlan Plan(ModelPlan model, System.Threading.CancellationToken cancellation = default)
        {
            model = BatchNormFolding.Apply(model);
            var costs = new long[model.Layers.Count];
            long total = 0;
            foreach (LayerPlan layer in model.Layers)
            {
                cancellation.ThrowIfCancellationRequested();
                costs[layer.Index] = IsIdentity(layer) ? 0 : UnrolledCost(layer);
                total += costs[layer.Index];
            }
            CodeForm form = total <= System.Math.Min(model.UnrollBudget, MaxUnrolledStatements) ? CodeForm.Unrolled
                : model.Target.HasVector512 && model.Target.LanguageVersion >= 800 ? CodeForm.Simd
                : CodeForm.Looped;
            if (form == CodeForm.Simd) model = LayerFusion.Apply(model);

            (int tailStart, long tailLength) = FindTail(model, form);
            var steps = new List<Step>(model.Layers.Count);
            foreach (LayerPlan layer in model.Layers)
            {
                Step step = StepFor(layer);
                steps.Add(step with
                {
                    UnrolledCost = costs[layer.Index],
                    // A pixels × channels conv keeps the wide paths: its vectors hold several pixels, so even a small one fills them.
                    WidestVector = form == CodeForm.Simd && !step.IsIdentity && costs[layer.Index] < SmallLayerWork && !PixelLanes.Suits(layer) ? 4 : 16,
                    Grouped = tailStart >= 0 && layer.Index >= tailStart && RunsGrouped(layer, form),
                });
            }
            int lastComputing = LastComputing(model.Layers, 0, model.Layers.Count);
            var stepArray = steps.ToEquatableArray();
            return new ExecutionPlan(model, form, total, stepArray)
            {
                TailStart = tailStart,
                TailLength = tailLength,
                LastComputing = lastComputing,
                Arena = model.IsGraph ? TensorArena.Plan(model, stepArray, lastComputing) : null,
            };
        }

        /// <summary>
        /// Layers that move no data: Flatten and Reshape are the identity on row-major memory, the dropouts are the
        /// identity at inference, and a folded BatchNormalization or activation or a fused max pooling already happened
        /// inside the layer before it.
        /// </summary>
        public static bool IsIdentity(LayerPlan layer) => Why(layer) != IdentityReason.None;

        private static IdentityReason Why(LayerPlan layer)
        {
            switch (layer.Kind)
            {
                case LayerKind.Flatten:
                case LayerKind.Reshape:
                case LayerKind.Dropout:
                case LayerKind.SpatialDropout1D:
                case LayerKind.SpatialDropout2D:
                    return IdentityReason.NothingToCompute;
                case LayerKind.BatchNormalization:
                    return layer.FoldedInto >= 0 ? IdentityReason.FoldedNorm : IdentityReason.None;
                case LayerKind.MaxPooling2D:
                    return layer.FoldedInto >= 0 ? IdentityReason.FusedPool : IdentityReason.None;
                case LayerKind.Activation:
                case LayerKind.ReLU:
                    return layer.FoldedInto >= 0 ? IdentityReason.FoldedActivation : IdentityReason.None;
                default:
                    return IdentityReason.None;
            }
        }

        /// <summary>The index of the last layer in [<paramref name="from"/>, <paramref name="to"/>) that computes something, or -1.</summary>
        public static int LastComputing(IReadOnlyList<LayerPlan> layers, int from, int to)
        {
            int last = -1;
            for (int i = from; i < to; i++) if (!IsIdentity(layers[i])) last = i;
            return last;
        }

        private static Step StepFor(LayerPlan layer)
        {
            IdentityReason reason = Why(layer);
            if (reason != IdentityReason.None) return new Step(layer.Index, StepKind.Identity) { Reason = reason, Into = layer.FoldedInto };
            switch (layer.Kind)
            {
                case LayerKind.Conv2D:
                case LayerKind.Conv1D:
                    return new Step(layer.Index, layer.WinogradTile > 0 ? StepKind.WinogradConv : layer.FusedPool >= 0 ? StepKind.ConvWithPool : StepKind.Conv);
                case LayerKind.DepthwiseConv2D:
                    return new Step(layer.Index, StepKind.DepthwiseConv);
                case LayerKind.SeparableConv2D:
                    return new Step(layer.Index, StepKind.SeparableConv);
                case LayerKind.MaxPooling2D:
                case LayerKind.AveragePooling2D:
                case LayerKind.MaxPooling1D:
                case LayerKind.AveragePooling1D:
                    return new Step(layer.Index, StepKind.Pooling);
                case LayerKind.GlobalMaxPooling1D:
                case LayerKind.GlobalMaxPooling2D:
                case LayerKind.GlobalAveragePooling1D:
                case LayerKind.GlobalAveragePooling2D:
                    return new Step(layer.Index, StepKind.GlobalPooling);
                case LayerKind.Dense:
                    return new Step(layer.Index, StepKind.Dense);
                case LayerKind.BatchNormalization:
                    return new Step(layer.Index, StepKind.BatchNormalization);
                case LayerKind.ZeroPadding2D:
                case LayerKind.Cropping2D:
                case LayerKind.ZeroPadding1D:
                case LayerKind.Cropping1D:
                    return new Step(layer.Index, StepKind.Edges);
                case LayerKind.Rescaling:
                    return new Step(layer.Index, StepKind.Rescaling);
                case LayerKind.Activation:
                case LayerKind.ReLU:
                case LayerKind.LeakyReLU:
                case LayerKind.ELU:
                case LayerKind.Softmax:
                    return new Step(layer.Index, StepKind.Elementwise);
                case LayerKind.Add:
                case LayerKind.Subtract:
                case LayerKind.Multiply:
                case LayerKind.Average:
                case LayerKind.Maximum:
                case LayerKind.Minimum:
                    return new Step(layer.Index, StepKind.Merge);
                case LayerKind.Concatenate:
                    return new Step(layer.Index, StepKind.Concatenate);
                case LayerKind.UpSampling2D:
                case LayerKind.UpSampling1D:
                    return new Step(layer.Index, StepKind.UpSampling);
                case LayerKind.Permute:
                    return new Step(layer.Index, StepKind.Permute);
                case LayerKind.PReLU:
                    return new Step(layer.Index, StepKind.PRelu);
                case LayerKind.Conv2DTranspose:
                    return new Step(layer.Index, StepKind.TransposedConv);
                default:
                    throw new System.InvalidOperationException("No step for layer kind " + layer.Kind);
            }
        }

        /// <summary>Statements the fully unrolled form of a computing layer would have.</summary>
        public static long UnrolledCost(LayerPlan layer)
        {
            LayerSpec s = layer.Spec;
            long window = (long)s.KernelHeight * s.KernelWidth;
            switch (layer.Kind)
            {
                case LayerKind.Conv2D:
                case LayerKind.Conv1D:
                    return layer.Output.Length * (window * layer.Input.Last + 1);
                case LayerKind.DepthwiseConv2D:
                    return layer.Output.Length * (window + 1);
                case LayerKind.SeparableConv2D:
                    long pixels = (long)layer.Output[0] * layer.Output[1];
                    int depth = layer.Input[2] * s.DepthMultiplier;
                    return pixels * (depth * window + (long)s.Units * (depth + 1));
                case LayerKind.MaxPooling2D:
                case LayerKind.AveragePooling2D:
                case LayerKind.MaxPooling1D:
                case LayerKind.AveragePooling1D:
                    return layer.Output.Length * window;
                case LayerKind.GlobalMaxPooling1D:
                case LayerKind.GlobalMaxPooling2D:
                case LayerKind.GlobalAveragePooling1D:
                case LayerKind.GlobalAveragePooling2D:
                    return layer.Input.Length + layer.Input.Last;
                case LayerKind.Dense:
                    return layer.Output.Length * ((long)layer.Input.Last + 1);
                case LayerKind.Conv2DTranspose:
                    return layer.Input.Length * window * s.Units + layer.Output.Length;
                case LayerKind.Add:
                case LayerKind.Subtract:
                case LayerKind.Multiply:
                case LayerKind.Average:
                case LayerKind.Maximum:
                case LayerKind.Minimum:
                    return layer.Output.Length * layer.InputShapes.Count;
                case LayerKind.UpSampling2D:
                    return layer.Output.Length * (s.Bilinear ? 4 : 1);
                case LayerKind.ZeroPadding2D:
                case LayerKind.Cropping2D:
                case LayerKind.ZeroPadding1D:
                case LayerKind.Cropping1D:
                    return EdgeRuns.Of(layer).Count;
                case LayerKind.Activation:
                case LayerKind.ReLU:
                case LayerKind.LeakyReLU:
                case LayerKind.ELU:
                case LayerKind.Softmax:
                    return layer.Output.Length * (layer.Spec.RowWiseActivation() is null ? 1 : 4);
                default:
                    return layer.Output.Length; // BatchNormalization, Rescaling: one statement per value
            }
        }

        /// <summary>
        /// A Dense a batch runs for <see cref="GroupSamples"/> samples at once: SIMD, on a flat input, with enough
        /// inputs for the shared weight loads to pay for the group's extra bookkeeping.
        /// </summary>
        /// <remarks>A small Dense (below <see cref="SmallLayerWork"/>) does not start a tail (its group form alone would not pay
        /// for its code), but inside one it runs grouped too (<see cref="RunsGrouped"/>).</remarks>
        private static bool HasGroupForm(LayerPlan layer, CodeForm form) => RunsGrouped(layer, form) && UnrolledCost(layer) >= SmallLayerWork;

        /// <summary>
        /// A Dense in the tail that runs for the group at once: the tutorial CNN's and seed_dnn's 128 → 10 too, whose one-sample
        /// form keeps three accumulators waiting on themselves, while the group's 8 samples give each weight load 8
        /// independent sums (seed_dnn at batch 64: 1.55 → 1.40 µs per image, perf-zoo).
        /// </summary>
        private static bool RunsGrouped(LayerPlan layer, CodeForm form) =>
            layer.Kind == LayerKind.Dense && form == CodeForm.Simd && layer.Input.Rank == 1 && layer.Input.Last >= MinGroupInputs;

        /// <summary>
        /// The dense tail: the trailing run of Dense and elementwise layers, from its first Dense that has a group form;
        /// (-1, 0) when there is none.
        /// </summary>
        private static (int Start, long Length) FindTail(ModelPlan model, CodeForm form)
        {
            // A graph runs sample by sample over its arena (a batch path for graphs is still to come).
            if (model.IsGraph) return (-1, 0);
            int start = -1;
            for (int i = model.Layers.Count - 1; i >= 0; i--)
            {
                LayerPlan layer = model.Layers[i];
                if (IsIdentity(layer)) continue;
                if (!InTail(layer)) break;
                if (HasGroupForm(layer, form)) start = i;
            }
            if (start < 0) return (-1, 0);
            long length = 0;
            for (int i = start; i < model.Layers.Count; i++)
            {
                LayerPlan layer = model.Layers[i];
                if (!IsIdentity(layer)) length = System.Math.Max(length, System.Math.Max(layer.Input.Length, layer.Output.Length));
            }
            return (start, length);
        }

        private static bool InTail(LayerPlan layer)
        {
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                case LayerKind.Activation:
                case LayerKind.ReLU:
                case LayerKind.LeakyReLU:
                case LayerKind.ELU:
                case LayerKind.Softmax:
                case LayerKind.Rescaling:
                case LayerKind.BatchNormalization:
                    return true;
                default:
                    return false;
            }
        }
    }
}
