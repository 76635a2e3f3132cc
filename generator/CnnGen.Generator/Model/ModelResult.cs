using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>The outcome for one model: a plan to emit (null when there are errors) and its diagnostics.</summary>
    internal sealed record ModelResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>The <c>Weights</c> file to embed, until <c>WeightsResolver</c> has joined it in.</summary>
        public SpecFileRequest? WeightsFile { get; init; }

        /// <summary>
        /// When <see cref="Plan"/> is null: what is known of the model, for the stand-in class that keeps its uses
        /// compiling (see <see cref="FallbackModel"/>); null when no stand-in can be written (e.g. the class is not partial).
        /// </summary>
        public FallbackModel? Fallback { get; init; }

        /// <summary>
        /// Every layer inferred but an error elsewhere (e.g. a duplicate name): the plan for the stand-in, which the
        /// generator completes once it is planned (its scratch size).
        /// </summary>
        public ModelPlan? Known { get; init; }
    }
}
