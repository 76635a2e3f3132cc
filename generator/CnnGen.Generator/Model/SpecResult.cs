using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>A declared model (null when it could not be read at all) and the declaration errors found reading it.</summary>
    internal sealed record SpecResult(ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>Set when the model takes its input and layers from a JSON file (<c>[CnnModel(Spec = ...)]</c>).</summary>
        public SpecFileRequest? SpecFile { get; init; }

        /// <summary>Set when the model embeds its weights at compile time (<c>[CnnModel(Weights = ...)]</c>).</summary>
        public SpecFileRequest? WeightsFile { get; init; }

        /// <summary>
        /// When <see cref="Spec"/> is null because the spec file has an error: the model as the class declares it (type,
        /// name; no input, no layers), for the stand-in class.
        /// </summary>
        public ModelSpec? Declared { get; init; }
    }
}
