using System;
using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Finds the AdditionalFile a <c>Spec</c> path names. Best: the normalized full path equals the path resolved
    /// against the project directory (<c>build_property.projectdir</c>) or the directory of the declaring source
    /// file. Otherwise the file whose path ends with the most trailing segments of the written path (its leading
    /// <c>.</c>/<c>..</c> dropped), at least the file name. Pure string work: no file system access, so the result
    /// does not depend on the machine's current directory.
    /// </summary>
    internal static class SpecFileMatcher
    {
        /// <summary>The score of an exact path match; partial matches score the number of trailing segments matched.</summary>
        public const int Exact = int.MaxValue;

        /// <summary>How well <paramref name="filePath"/> matches the request: 0 = not at all.</summary>
        public static int Score(SpecFileKey key, string filePath)
        {
            string[] file = Segments(filePath, out _);
            string[] written = Segments(key.Path, out bool rooted);
            if (file.Length == 0 || written.Length == 0) return 0;

            if (rooted)
            {
                if (SameSegments(Normalize(written), Normalize(file))) return Exact;
            }
            else
            {
                foreach (string? baseDirectory in new[] { key.ProjectDirectory, key.SourceDirectory })
                {
                    if (string.IsNullOrEmpty(baseDirectory)) continue;
                    var combined = new List<string>(Segments(baseDirectory!, out _));
                    combined.AddRange(written);
                    if (SameSegments(Normalize(combined.ToArray()), Normalize(file))) return Exact;
                }
            }

            // Fallback: the trailing segments of the written path (after any leading ./ and ../).
            string[] tail = Normalize(written);
            int skip = 0;
            while (skip < tail.Length && (tail[skip] == ".." || tail[skip] == ".")) skip++;
            string[] normalizedFile = Normalize(file);
            int matched = 0;
            while (matched < tail.Length - skip && matched < normalizedFile.Length &&
                   string.Equals(tail[tail.Length - 1 - matched], normalizedFile[normalizedFile.Length - 1 - matched], StringComparison.OrdinalIgnoreCase))
            {
                matched++;
            }
            return matched;
        }

        /// <summary>Whether a path names a JSON file (the only kind the JSON channel reads).</summary>
        public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>The path with '/' separators, '.' and '..' resolved where possible: for messages and comparisons.</summary>
        public static string NormalizePath(string path)
        {
            string[] segments = Normalize(Segments(path, out bool rooted));
            string joined = string.Join("/", segments);
            return rooted && !(segments.Length > 0 && segments[0].EndsWith(":", StringComparison.Ordinal)) ? "/" + joined : joined;
        }

        private static string[] Segments(string path, out bool rooted)
        {
            rooted = path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) ||
                     (path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]));
            var result = new List<string>();
            foreach (string part in path.Split('/', '\\'))
            {
                if (part.Length > 0) result.Add(part);
            }
            return result.ToArray();
        }

        /// <summary>Resolves '.' and 'name/..'; '..' that cannot be resolved stays (relative paths).</summary>
        private static string[] Normalize(string[] segments)
        {
            var result = new List<string>();
            foreach (string s in segments)
            {
                if (s == ".") continue;
                if (s == ".." && result.Count > 0 && result[result.Count - 1] != ".." && !result[result.Count - 1].EndsWith(":", StringComparison.Ordinal))
                {
                    result.RemoveAt(result.Count - 1);
                    continue;
                }
                result.Add(s);
            }
            return result.ToArray();
        }

        private static bool SameSegments(string[] a, string[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (!string.Equals(a[i], b[i], StringComparison.OrdinalIgnoreCase)) return false;
            }
            return true;
        }
    }
}
