using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Reads the weight files for <c>[CnnModel(Weights = ...)]</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The bytes never pass through the generator: the CnnGen build targets (<c>build/CnnGen.targets</c>) add each
    /// <c>.bin</c> AdditionalFile (or any AdditionalFile with <c>CnnGenWeights="true"</c>) to the assembly as a manifest
    /// resource, and write a text stub <c>obj/.../cnngen/*.cnngen-weights</c> that the generator reads as an
    /// AdditionalFile: <c>cnngen-weights 2 &lt;byte count&gt; &lt;resource name&gt;</c>, then the full path of the
    /// original on the next line. Why a stub: a generator may only see files through <see cref="AdditionalText.GetText"/>
    /// (reading the disk is analyzer rule RS1035, and breaks in the IDE and in remote builds), and <c>GetText</c> decodes
    /// bytes as text, so a binary file does not survive it. The size is all the generator needs (CNNG301).
    /// </para>
    /// <para>
    /// A TF.js shard is recognized by a <c>.json</c> AdditionalFile in the same folder whose <c>weightsManifest</c>
    /// lists the shard's file name; its text is embedded too and tensors are matched by name at run time.
    /// </para>
    /// </remarks>
    internal static class WeightsFileReader
    {
        /// <summary>The extension of the stubs the build targets write.</summary>
        public const string EncodedExtension = ".cnngen-weights";

        /// <summary>The start of a stub (format 2: the bytes are a manifest resource).</summary>
        public const string Header = "cnngen-weights 2 ";

        /// <summary>The start of a format-1 file (base64 copy) from an older CnnGen.</summary>
        private const string OldHeader = "cnngen-weights 1 ";

        /// <summary>The AdditionalFiles this channel looks at: weight file descriptions, binaries (path only) and JSON (TF.js manifests).</summary>
        public static bool IsCandidate(string path) =>
            path.EndsWith(EncodedExtension, StringComparison.OrdinalIgnoreCase) ||
            path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) ||
            SpecFileMatcher.IsJson(path);

        public static WeightsFiles Read(ImmutableArray<AdditionalText> texts, CancellationToken token)
        {
            var described = new List<WeightsFileModel>();
            var binaries = new List<string>();
            List<AdditionalText>? jsons = null;
            foreach (AdditionalText text in texts)
            {
                if (text.Path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)) binaries.Add(text.Path);
            }
            foreach (AdditionalText text in texts)
            {
                token.ThrowIfCancellationRequested();
                if (!text.Path.EndsWith(EncodedExtension, StringComparison.OrdinalIgnoreCase)) continue;
                if (jsons is null)
                {
                    jsons = new List<AdditionalText>();
                    foreach (AdditionalText t in texts) if (SpecFileMatcher.IsJson(t.Path)) jsons.Add(t);
                }
                described.Add(ReadDescription(text, jsons, token));
            }
            if (described.Count == 0 && binaries.Count == 0) return WeightsFiles.Empty;
            binaries.Sort(StringComparer.Ordinal);
            described.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
            return new WeightsFiles(described.ToEquatableArray(), binaries.ToEquatableArray());
        }

        private static WeightsFileModel ReadDescription(AdditionalText text, List<AdditionalText> jsons, CancellationToken token)
        {
            string? content = text.GetText(token)?.ToString();
            if (content != null && content.StartsWith(OldHeader, StringComparison.Ordinal))
            {
                int end = content.IndexOf('\n');
                return Failed(content.Substring(OldHeader.Length, (end < 0 ? content.Length : end) - OldHeader.Length).TrimEnd('\r'),
                    "its description '" + text.Path + "' was written by an older CnnGen; rebuild (delete obj/) to rewrite it");
            }
            if (content is null || !content.StartsWith(Header, StringComparison.Ordinal))
            {
                return Failed(text.Path, content is null ? "the description '" + text.Path + "' cannot be read" : "'" + text.Path + "' is not a CnnGen weight file description");
            }
            // cnngen-weights 2 <byte count> <resource name>\n<full path>
            string[] lines = content.Split('\n');
            string[] header = lines[0].TrimEnd('\r').Substring(Header.Length).Split(new[] { ' ' }, 2);
            string original = lines.Length > 1 ? lines[1].TrimEnd('\r') : "";
            if (header.Length != 2 || original.Length == 0 || header[1].Length == 0 ||
                !long.TryParse(header[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long byteCount))
            {
                return Failed(original.Length > 0 ? original : text.Path, "its description '" + text.Path + "' is malformed; rebuild (delete obj/) to rewrite it");
            }
            string resourceName = header[1];

            // A TF.js manifest in the same folder that lists this shard.
            string directory = DirectoryOf(SpecFileMatcher.NormalizePath(original));
            string fileName = FileName(original);
            foreach (AdditionalText json in jsons)
            {
                if (!string.Equals(DirectoryOf(SpecFileMatcher.NormalizePath(json.Path)), directory, StringComparison.OrdinalIgnoreCase)) continue;
                string? jsonText = json.GetText(token)?.ToString();
                if (jsonText is null) continue;
                JsonNode? root = JsonReader.Parse(jsonText, out _);
                JsonNode? manifest = root?.Kind == JsonKind.Object ? root["weightsManifest"] : root;
                if (manifest is null || manifest.Kind != JsonKind.Array) continue;
                if (!ListsShard(manifest, fileName, out int shardCount)) continue;
                if (shardCount != 1)
                {
                    return Failed(original, "its TF.js manifest '" + json.Path + "' lists " + shardCount + " shards; embedding supports a single-shard model (convert with a larger --weight_shard_size_bytes)");
                }
                Totals(manifest, out long manifestBytes, out long values, out bool allFloat32);
                return new WeightsFileModel(original, resourceName, byteCount, json.Path, jsonText, manifestBytes, values, allFloat32, null);
            }
            return new WeightsFileModel(original, resourceName, byteCount, null, null, 0, 0, false, null);
        }

        private static bool ListsShard(JsonNode manifest, string fileName, out int shardCount)
        {
            bool found = false;
            shardCount = 0;
            foreach (JsonNode group in manifest.Items)
            {
                JsonNode? paths = group.Kind == JsonKind.Object ? group["paths"] : null;
                if (paths is null || paths.Kind != JsonKind.Array) continue;
                foreach (JsonNode path in paths.Items)
                {
                    shardCount++;
                    if (path.String != null && string.Equals(FileName(path.String), fileName, StringComparison.OrdinalIgnoreCase)) found = true;
                }
            }
            return found;
        }

        /// <summary>The bytes the manifest's tensors take (as TF.js lays them out) and their number of values.</summary>
        private static void Totals(JsonNode manifest, out long bytes, out long values, out bool allFloat32)
        {
            bytes = 0;
            values = 0;
            allFloat32 = true;
            foreach (JsonNode group in manifest.Items)
            {
                JsonNode? weights = group.Kind == JsonKind.Object ? group["weights"] : null;
                if (weights is null || weights.Kind != JsonKind.Array) continue;
                foreach (JsonNode weight in weights.Items)
                {
                    if (weight.Kind != JsonKind.Object) continue;
                    long count = 1;
                    JsonNode? shape = weight["shape"];
                    if (shape != null && shape.Kind == JsonKind.Array)
                    {
                        foreach (JsonNode dim in shape.Items) count *= dim.Integer;
                    }
                    string dtype = weight["dtype"]?.String ?? "float32";
                    string? quantized = weight["quantization"]?["dtype"]?.String;
                    if (quantized != null || dtype != "float32") allFloat32 = false;
                    bytes += count * ElementSize(quantized ?? dtype);
                    values += count;
                }
            }
        }

        private static int ElementSize(string dtype) => dtype switch
        {
            "uint8" or "int8" or "bool" => 1,
            "uint16" or "int16" or "float16" => 2,
            _ => 4,
        };

        private static WeightsFileModel Failed(string path, string error) =>
            new WeightsFileModel(path, null, 0, null, null, 0, 0, false, error);

        private static string DirectoryOf(string normalizedPath)
        {
            int slash = normalizedPath.LastIndexOf('/');
            return slash < 0 ? "" : normalizedPath.Substring(0, slash);
        }

        private static string FileName(string path)
        {
            int slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return path.Substring(slash + 1);
        }
    }

    /// <summary>Joins a model with its <c>Weights</c> file: checks the size, or reports CNNG301-303.</summary>
    internal static class WeightsResolver
    {
        public static ModelResult Attach(ModelResult result, SpecFileRequest? request, string? projectDirectory, WeightsFiles files, string modelName)
        {
            if (request is null || result.Plan is null) return result;
            SpecFileKey key = request.Key with { ProjectDirectory = projectDirectory };
            WeightsFileModel? best = null;
            int bestScore = 0;
            foreach (WeightsFileModel file in files.Described)
            {
                int score = SpecFileMatcher.Score(key, file.Path);
                if (score > bestScore) { best = file; bestScore = score; }
            }

            var diagnostics = new List<DiagnosticInfo>(result.Diagnostics);
            ModelPlan plan = result.Plan;
            if (best is null)
            {
                bool listed = false;
                foreach (string path in files.BinaryPaths) listed |= SpecFileMatcher.Score(key, path) > 0;
                string why = listed
                    ? "is an AdditionalFile, but the CnnGen build targets did not describe it for the generator: import build/CnnGen.targets (the CnnGen package does), or mark a file that is not .bin with CnnGenWeights=\"true\""
                    : "is not listed in AdditionalFiles: add <AdditionalFiles Include=\"" + request.Path + "\" /> to the project";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotFound, request.Location, request.Path, modelName, why));
                return new ModelResult(null, diagnostics.ToEquatableArray());
            }
            if (best.Error != null || best.ResourceName is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileUnreadable, request.Location, request.Path, modelName, best.Error ?? "no data"));
                return new ModelResult(null, diagnostics.ToEquatableArray());
            }

            long parameters = plan.ParameterCount;
            if (best.TfjsJson is null)
            {
                if (best.ByteCount != parameters * 4)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsSizeMismatch, request.Location,
                        request.Path, best.ByteCount, modelName, parameters * 4, parameters, " as raw float32 in Keras get_weights() order (no TF.js model.json listing it is an AdditionalFile in its folder)"));
                    return new ModelResult(null, diagnostics.ToEquatableArray());
                }
            }
            else
            {
                if (best.ByteCount != best.ManifestBytes)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsSizeMismatch, request.Location,
                        request.Path, best.ByteCount, modelName, best.ManifestBytes, best.ManifestValues, " listed by the TF.js manifest '" + best.TfjsPath + "'"));
                    return new ModelResult(null, diagnostics.ToEquatableArray());
                }
                if (best.ManifestAllFloat32 && best.ManifestValues != parameters)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsSizeMismatch, request.Location,
                        request.Path, best.ByteCount, modelName, parameters * 4, parameters, " as float32, but its TF.js manifest '" + best.TfjsPath + "' lists " + best.ManifestValues + " values"));
                    return new ModelResult(null, diagnostics.ToEquatableArray());
                }
            }
            var embedded = new EmbeddedWeights(SpecFileMatcher.NormalizePath(request.Path), best.ResourceName, best.ByteCount, best.TfjsJson);
            return new ModelResult(plan with { Embedded = embedded }, diagnostics.ToEquatableArray());
        }
    }
}
