using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using CnnGen.Generator.Diagnostics;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// The diagnostic descriptors as the IDE shows them: unique ids, a help link to the id's own section of
    /// docs/diagnostics.md, a category by kind, and the release-tracking files listing each id with its category and severity.
    /// </summary>
    public class DescriptorTests
    {
        /// <summary>Every public static DiagnosticDescriptor of DiagnosticDescriptors, found by reflection.</summary>
        public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();

        [Fact]
        public void There_are_descriptors_and_each_id_is_unique()
        {
            Assert.True(All.Count >= 30, "only " + All.Count + " descriptors found");
            var duplicates = All.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(duplicates);
            Assert.All(All, d => Assert.Matches("^CNNG[0-9]{3}$", d.Id));
        }

        /// <summary>
        /// Every descriptor has a test that raises it: its id, quoted, on a line of code (not a comment) of some test
        /// file other than this one and the fuzz suite (whose ids are ones that must not occur). A source scan: a new
        /// descriptor without a test fails here, by name.
        /// </summary>
        [Fact]
        public void Every_descriptor_has_a_test_that_raises_it()
        {
            string root = System.IO.Path.Combine(RepoFiles.Root, "tests", "CnnGen.Tests");
            var excluded = new[] { nameof(DescriptorTests) + ".cs", "GeneratorFuzzTests.cs" };
            var raised = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in System.IO.Directory.EnumerateFiles(root, "*.cs", System.IO.SearchOption.AllDirectories))
            {
                string relative = file.Substring(root.Length);
                if (excluded.Contains(System.IO.Path.GetFileName(file)) || relative.Contains("/bin/") || relative.Contains("/obj/")) continue;
                foreach (string line in System.IO.File.ReadLines(file))
                {
                    if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                    foreach (Match m in Regex.Matches(line, "\"(CNNG[0-9]{3})\"")) raised.Add(m.Groups[1].Value);
                }
            }
            Assert.Empty(All.Select(d => d.Id).Where(id => !raised.Contains(id)));
        }

        [Fact]
        public void Each_help_link_is_the_ids_section_of_docs_diagnostics()
        {
            Assert.All(All, d =>
            {
                Assert.Equal(DiagnosticDescriptors.HelpPage + "#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
                Assert.EndsWith("#" + d.Id.ToLowerInvariant(), d.HelpLinkUri);
                Assert.StartsWith("https://github.com/cnngen/cnngen/blob/main/docs/diagnostics.md#", d.HelpLinkUri);
            });
        }

        [Fact]
        public void The_category_says_what_kind_of_problem_it_is()
        {
            Assert.All(All, d =>
            {
                string expected = d.Id == "CNNG900" ? "CnnGen.Internal"
                    : d.Id == "CNNG901" || d.Id == "CNNG902" ? "CnnGen.Performance"
                    : d.Id[4] switch { '0' => "CnnGen.Declaration", '1' => "CnnGen.Shape", '2' => "CnnGen.Spec", '3' => "CnnGen.Weights", _ => "?" };
                Assert.True(expected == d.Category, $"{d.Id}: category {d.Category}, expected {expected}");
            });
        }

        [Fact]
        public void Docs_have_a_plain_heading_for_every_id_and_none_for_an_id_that_does_not_exist()
        {
            string docs = RepoFiles.ReadAllText("docs/diagnostics.md").Replace("\r\n", "\n");
            var headings = Regex.Matches(docs, @"^## (CNNG[0-9]{3})$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(headings.Distinct().Count(), headings.Count);
            Assert.Equal(All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), headings.OrderBy(id => id, StringComparer.Ordinal));
            // A heading with more on its line would get a longer anchor (#cnng101-window-larger-than-input), breaking the help links.
            Assert.Empty(Regex.Matches(docs, @"^#+ +CNNG[0-9]{3}.+$", RegexOptions.Multiline).Select(m => m.Value));
            foreach (DiagnosticDescriptor d in All)
            {
                // Each section names the title, severity and category of its descriptor.
                int at = docs.IndexOf("## " + d.Id + "\n", StringComparison.Ordinal);
                string section = docs.Substring(at, Math.Max(0, docs.IndexOf("\n## ", at + 1, StringComparison.Ordinal) is int next and > 0 ? next - at : docs.Length - at));
                Assert.Contains($"**{d.Title}** · {d.DefaultSeverity} · `{d.Category}`", section);
            }
        }

        [Fact]
        public void The_release_tracking_files_list_every_id_with_its_category_and_severity()
        {
            var rows = new Dictionary<string, (string Category, string Severity)>();
            foreach (string file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                foreach (string line in RepoFiles.ReadAllText("generator/CnnGen.Generator/" + file).Split('\n'))
                {
                    string[] cells = line.Split('|').Select(c => c.Trim()).ToArray();
                    if (cells.Length < 3 || !Regex.IsMatch(cells[0], "^CNNG[0-9]{3}$")) continue;
                    rows[cells[0]] = (cells[1], cells[2]);   // a later entry (Unshipped, "Changed Rules") wins
                }
            }
            Assert.Equal(All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), rows.Keys.OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(All, d => Assert.Equal((d.Category, d.DefaultSeverity.ToString()), rows[d.Id]));
        }
    }
}
