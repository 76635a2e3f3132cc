using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>The outcome for one model: a plan to emit (null when there are errors) and its diagnostics.</summary>
    internal sealed record ModelResult(ModelPlan? Plan, EquatableArray<DiagnosticInfo> Diagnostics);
}
