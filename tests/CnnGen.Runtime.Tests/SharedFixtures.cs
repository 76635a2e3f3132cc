using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// Finds the team's read-only <c>shared/</c> folder: <c>CNNGEN_SHARED</c> if set, else the first ancestor of the
    /// test assembly's folder that holds <c>shared/fixtures</c>.
    /// </summary>
    internal static class SharedFixtures
    {
        private static readonly Lazy<string?> Root = new Lazy<string?>(FindRoot);

        /// <summary>The shared folder, or null when it cannot be found.</summary>
        public static string? SharedDir => Root.Value;

        public static string Describe =>
            string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CNNGEN_SHARED"))
                ? "CnnGen's shared folder was not found: set CNNGEN_SHARED to it, or run the tests from a checkout that has " +
                  "a 'shared/fixtures' folder in one of its ancestors (searched upwards from " + AppContext.BaseDirectory + ")."
                : "CNNGEN_SHARED is set to '" + Environment.GetEnvironmentVariable("CNNGEN_SHARED") + "', which has no 'fixtures' folder.";

        /// <summary><c>shared/fixtures/keras</c>; fails the test with a clear message when it is missing.</summary>
        public static string KerasFixtures => Required(Path.Combine("fixtures", "keras"));

        /// <summary><c>shared/fixtures/keras-trained</c>; fails the test with a clear message when it is missing.</summary>
        public static string KerasTrainedFixtures => Required(Path.Combine("fixtures", "keras-trained"));

        /// <summary><c>shared/fixtures/keras-files</c>, or null when absent (those tests skip).</summary>
        public static string? KerasFiles
        {
            get
            {
                if (SharedDir is null) return null;
                string dir = Path.Combine(SharedDir, "fixtures", "keras-files");
                return Directory.Exists(dir) ? dir : null;
            }
        }

        public static string Required(string relative)
        {
            Assert.True(SharedDir != null, Describe);
            string dir = Path.Combine(SharedDir!, relative);
            Assert.True(Directory.Exists(dir), $"The shared fixtures folder '{dir}' is missing; these tests need it (shared folder: {SharedDir}).");
            return dir;
        }

        /// <summary>The model folders of a fixture set (those with a model.json), sorted by name.</summary>
        public static IEnumerable<string> ModelFolders(string fixtureSet)
        {
            string? shared = SharedDir;
            if (shared is null) return Array.Empty<string>();
            string dir = Path.Combine(shared, "fixtures", fixtureSet);
            if (!Directory.Exists(dir)) return Array.Empty<string>();
            return Directory.GetDirectories(dir)
                .Where(d => File.Exists(Path.Combine(d, "model.json")))
                .Select(Path.GetFileName)
                .OrderBy(n => n, StringComparer.Ordinal)!;
        }

        public static JsonDocument Json(string path) => JsonDocument.Parse(File.ReadAllText(path));

        private static string? FindRoot()
        {
            string? fromEnv = Environment.GetEnvironmentVariable("CNNGEN_SHARED");
            if (!string.IsNullOrEmpty(fromEnv)) return Directory.Exists(Path.Combine(fromEnv, "fixtures")) ? Path.GetFullPath(fromEnv) : null;

            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "fixtures"))) return candidate;
            }

            return null;
        }
    }
}
