using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>
    /// What <c>[CnnModel(Spec = "...")]</c> asks for: the path as written, the directories it may be relative to,
    /// the model name the attribute sets explicitly (null: the file's), and where the path is written.
    /// </summary>
    internal sealed record SpecFileRequest(
        string Path,
        string? SourceDirectory,
        string? ProjectDirectory,
        string? ModelName,
        LocationInfo? Location)
    {
        /// <summary>The request without its location, so that edits elsewhere in the C# file leave it equal.</summary>
        public SpecFileKey Key => new SpecFileKey(Path, SourceDirectory, ProjectDirectory);
    }

    /// <summary>How to find a spec file among the AdditionalFiles; see <c>SpecFileMatcher</c>.</summary>
    internal sealed record SpecFileKey(string Path, string? SourceDirectory, string? ProjectDirectory);

    /// <summary>
    /// A JSON spec file read into the parts of a <see cref="ModelSpec"/> it defines (name, input, layers, each
    /// located in the file) plus the problems found reading it. Holds no text: it is what the JSON stage caches.
    /// </summary>
    internal sealed record SpecFileModel(
        string Path,
        string Format,
        string? ModelName,
        TensorShape? InputShape,
        LocationInfo? InputLocation,
        EquatableArray<DeclaredLayer> Layers,
        EquatableArray<DiagnosticInfo> Diagnostics)
    {
        /// <summary>A functional model's graph facts; null for a Sequential model.</summary>
        public GraphInfo? Graph { get; init; }

        /// <summary>Where the file names the model's output.</summary>
        public LocationInfo? OutputLocation { get; init; }
    }
}
