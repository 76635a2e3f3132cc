using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using CnnGen.Generator.Parsing;
using CnnGen.Tests.Infrastructure;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>samples/specs/README.md lists every layer type the JSON readers accept, and every alias.</summary>
    public class SpecsReadmeTests
    {
        private static IEnumerable<string> Keys(string field) =>
            ((System.Collections.IDictionary)typeof(KerasLayerReader).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!)
                .Keys.Cast<string>();

        private static readonly string Readme = RepoFiles.ReadAllText("samples/specs/README.md");

        [Fact]
        public void Every_layer_type_has_a_row()
        {
            var rows = Regex.Matches(Readme, @"^\| `([A-Za-z0-9]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(Keys("s_readers").OrderBy(k => k, System.StringComparer.Ordinal), rows.OrderBy(k => k, System.StringComparer.Ordinal));
        }

        [Fact]
        public void Every_alias_is_named()
        {
            Assert.All(Keys("s_aliases"), alias => Assert.Contains("`" + alias + "`", Readme));
        }
    }
}
