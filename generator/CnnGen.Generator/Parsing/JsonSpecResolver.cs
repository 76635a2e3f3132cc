using System;
using System.Collections.Generic;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Joins a model declared with <c>[CnnModel(Spec = "...")]</c> with the spec file it names, giving the same
    /// <see cref="SpecResult"/> the attribute channel gives: from here on, a JSON model and an attribute model are
    /// one thing. The file's diagnostics come along; when the file has errors there is no spec to infer.
    /// </summary>
    internal static class JsonSpecResolver
    {
        public static SpecResult Resolve(SpecResult request, EquatableArray<SpecFileModel> files)
        {
            SpecFileRequest wanted = request.SpecFile!;
            ModelSpec declared = request.Spec!;
            var diagnostics = new List<DiagnosticInfo>(request.Diagnostics);

            SpecFileKey key = wanted.Key;
            var best = new List<SpecFileModel>();
            int bestScore = 0;
            foreach (SpecFileModel file in files)
            {
                int score = SpecFileMatcher.Score(key, file.Path);
                if (score == 0 || score < bestScore) continue;
                if (score > bestScore) best.Clear();
                bestScore = score;
                best.Add(file);
            }

            if (best.Count == 0)
            {
                string hint = SpecFileMatcher.IsJson(wanted.Path) ? "" : " (only .json files can be specs)";
                string? directory = wanted.ProjectDirectory ?? wanted.SourceDirectory;
                if (hint.Length == 0 && directory != null && !IsRooted(wanted.Path))
                    hint = $" (looked for '{SpecFileMatcher.NormalizePath(directory + "/" + wanted.Path)}')";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpecFileNotFound, wanted.Location, wanted.Path, declared.Type.Name, hint));
                return new SpecResult(null, diagnostics.ToEquatableArray()) { SpecFile = wanted, Declared = Declared(declared, wanted) };
            }

            best.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            SpecFileModel chosen = best[0];
            if (best.Count > 1)
            {
                var paths = new List<string>();
                foreach (SpecFileModel f in best) paths.Add(f.Path);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmbiguousSpecFile, wanted.Location, wanted.Path, declared.Type.Name,
                    string.Join(", ", paths), chosen.Path));
            }

            diagnostics.AddRange(chosen.Diagnostics);
            foreach (DiagnosticInfo d in chosen.Diagnostics)
            {
                if (d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                    return new SpecResult(null, diagnostics.ToEquatableArray()) { SpecFile = wanted, Declared = Declared(declared, wanted) };
            }

            ModelSpec spec = declared with
            {
                ModelName = wanted.ModelName ?? chosen.ModelName ?? "sequential",
                InputShape = chosen.InputShape,
                InputLocation = chosen.InputLocation,
                Layers = chosen.Layers,
                Graph = chosen.Graph,
                OutputLocation = chosen.OutputLocation,
            };
            return new SpecResult(spec, diagnostics.ToEquatableArray()) { SpecFile = wanted };
        }

        /// <summary>The class as declared, for the stand-in written when the file has an error: its type and model name.</summary>
        private static ModelSpec Declared(ModelSpec declared, SpecFileRequest wanted) =>
            declared with { ModelName = wanted.ModelName ?? "sequential", InputShape = null, InputLocation = null, Layers = EquatableArray<DeclaredLayer>.Empty };

        private static bool IsRooted(string path) =>
            path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) || (path.Length >= 2 && path[1] == ':');
    }
}
