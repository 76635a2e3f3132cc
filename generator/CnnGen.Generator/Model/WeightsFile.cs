using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>
    /// One weight file the CnnGen build targets described for the generator (see <c>Parsing/WeightsFileReader</c>):
    /// the path of the original binary file, its size, the name of the manifest resource that holds its bytes, and,
    /// when a TF.js <c>model.json</c> in the same folder lists it, that manifest's text and totals.
    /// <see cref="Error"/> is set when it could not be read.
    /// </summary>
    internal sealed record WeightsFileModel(
        string Path,
        string? ResourceName,
        long ByteCount,
        string? TfjsPath,
        string? TfjsJson,
        long ManifestBytes,
        long ManifestValues,
        bool ManifestAllFloat32,
        string? Error);

    /// <summary>
    /// The weight files the generator can see: the described ones, and the paths of the <c>.bin</c> AdditionalFiles
    /// (to tell "not listed" from "listed, but the CnnGen targets did not describe it").
    /// </summary>
    internal sealed record WeightsFiles(EquatableArray<WeightsFileModel> Described, EquatableArray<string> BinaryPaths)
    {
        public static readonly WeightsFiles Empty = new WeightsFiles(EquatableArray<WeightsFileModel>.Empty, EquatableArray<string>.Empty);
    }

    /// <summary>
    /// What the emitter bakes into the model: the manifest resource that holds the bytes (the CnnGen build targets embed
    /// the file under that name) and, for TF.js, the model.json text.
    /// </summary>
    internal sealed record EmbeddedWeights(string Source, string ResourceName, long ByteCount, string? TfjsJson);
}
