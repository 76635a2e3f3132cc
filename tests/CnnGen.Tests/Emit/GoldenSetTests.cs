using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CnnGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace CnnGen.Tests.Emit
{
    /// <summary>
    /// The golden files as a whole: exactly the declared ones exist (see <see cref="Goldens"/>), and none holds the
    /// generator version.
    /// </summary>
    public class GoldenSetTests
    {
        private readonly ITestOutputHelper _output;

        public GoldenSetTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// Stale golden files fail: every file under Snapshots/ must be declared by a test ([Golden] or a [GoldenFiles] table),
        /// which is known without running the tests, so this holds whatever runs in parallel or is filtered out. With
        /// CNNGEN_UPDATE_SNAPSHOTS=1 the stale files (and the folders they leave empty) are deleted and listed instead, so a
        /// regeneration leaves exactly the declared set.
        /// </summary>
        [Fact]
        public void Snapshots_folder_holds_exactly_the_declared_golden_files()
        {
            string root = Snapshot.Folder();
            Assert.NotEmpty(Goldens.Declared);
            string[] present = Directory.Exists(root)
                ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToArray()
                : Array.Empty<string>();
            string[] stale = present.Where(f => !Goldens.Declared.Contains(f)).ToArray();
            if (Snapshot.Updating)
            {
                foreach (string file in stale)
                {
                    File.Delete(Path.Combine(root, file));
                    _output.WriteLine("Deleted stale golden file Snapshots/" + file);
                }
                // Folders left empty, deepest first; a folder that will hold a declared file is kept (a test may be writing it now).
                foreach (string dir in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
                {
                    string relative = Path.GetRelativePath(root, dir).Replace('\\', '/') + "/";
                    if (!Goldens.Declared.Any(f => f.StartsWith(relative, StringComparison.Ordinal)) && !Directory.EnumerateFileSystemEntries(dir).Any())
                    {
                        Directory.Delete(dir);
                        _output.WriteLine("Deleted empty folder Snapshots/" + relative);
                    }
                }
                return;
            }
            Assert.True(stale.Length == 0,
                "Golden files no test declares (delete them, or run the tests with CNNGEN_UPDATE_SNAPSHOTS=1, which deletes them):\n  " + string.Join("\n  ", stale));
            string[] missing = Goldens.Declared.Where(f => !present.Contains(f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.True(missing.Length == 0,
                "Declared golden files that do not exist (run the tests with CNNGEN_UPDATE_SNAPSHOTS=1 to create them):\n  " + string.Join("\n  ", missing));
        }

        [Fact]
        public void No_golden_file_holds_the_generator_version()
        {
            if (Snapshot.Updating) return; // the files are being rewritten
            string root = Snapshot.Folder();
            foreach (string file in Goldens.Declared)
            {
                string path = Path.Combine(root, file);
                if (!File.Exists(path)) continue; // the whole-set test reports it
                string text = File.ReadAllText(path);
                Assert.True(Snapshot.LeftoverVersion(text) == null, $"Snapshots/{file} holds a version: {Snapshot.LeftoverVersion(text)}");
                Assert.True(text.Contains(Snapshot.VersionPlaceholder, StringComparison.Ordinal), $"Snapshots/{file} lacks {Snapshot.VersionPlaceholder}.");
            }
        }

        [Fact]
        public void Version_normalization_makes_texts_of_two_versions_equal()
        {
            // Real generated text (a model and a stand-in), and the same text as a later version would write it.
            string model = GeneratorHarness.Run(SnapshotTests.SmallModel).Single();
            string standIn = GeneratorHarness.Run(FallbackTests.BrokenCnn).Single();
            Assert.Contains("private const string CnnGenError", standIn);
            foreach (string generated in new[] { model, standIn })
            {
                string version = Regex.Match(generated, @"GeneratedCode\(""CnnGen"", ""([^""]+)""\)").Groups[1].Value;
                Assert.NotEqual("", version);
                // The header comment and every member's [GeneratedCode].
                Assert.Equal(1 + Regex.Matches(generated, @"GeneratedCode\(").Count, Regex.Matches(generated, Regex.Escape(version)).Count);
                foreach (string later in new[] { "0.2.0", "1.0.0-rc.1", "10.20.30-beta.2+sha.5114f85", "v2.0.0" })
                {
                    string bumped = generated.Replace(version, later);
                    Assert.NotEqual(generated, bumped);
                    Assert.Null(Snapshot.Difference(Snapshot.Normalize(generated), Snapshot.Normalize(bumped)));
                    Assert.DoesNotContain(later, Snapshot.Normalize(bumped));
                }
                string normalized = Snapshot.Normalize(generated);
                Assert.DoesNotContain(version, normalized);
                Assert.Contains("// Generated by CnnGen " + Snapshot.VersionPlaceholder + " from the declaration of ", normalized);
                Assert.Contains("GeneratedCode(\"CnnGen\", \"" + Snapshot.VersionPlaceholder + "\")", normalized);
                Assert.Null(Snapshot.LeftoverVersion(normalized));
                Assert.Equal(normalized, Snapshot.Normalize(normalized)); // idempotent, so a golden file reads back as written
                // Everything else is compared as it is: only the version is normalized.
                Assert.NotNull(Snapshot.Difference(normalized, Snapshot.Normalize(generated.Replace("Demo", "Dema"))));
            }
            // A version written somewhere new is caught, not silently stored.
            Assert.NotNull(Snapshot.LeftoverVersion(Snapshot.Normalize("// CnnGen version 1.2.3\n")));
            Assert.Equal("a\nb\n", Snapshot.Normalize("a\r\nb\r\n"));
        }
    }
}
