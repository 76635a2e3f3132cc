using System;
using System.IO;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>Finds files of this repository (schema, samples, test sources) from the test binaries.</summary>
    public static class RepoFiles
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(() =>
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CnnGen.sln"))) return dir.FullName;
            }
            throw new DirectoryNotFoundException("CnnGen.sln was not found above " + AppContext.BaseDirectory);
        });

        /// <summary>The folder holding CnnGen.sln.</summary>
        public static string Root => s_root.Value;

        public static string ReadAllText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
    }
}
