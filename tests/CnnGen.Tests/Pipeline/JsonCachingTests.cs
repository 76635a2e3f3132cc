using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using CnnGen.Generator;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace CnnGen.Tests.Pipeline
{
    /// <summary>
    /// The JSON channel is incremental: a second run after an unrelated edit is all Cached/Unchanged, spec files
    /// are parsed again only when a .json AdditionalFile changes, and no step's output holds Roslyn symbols, syntax or text.
    /// </summary>
    public class JsonCachingTests
    {
        private const string Json = "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 3, \"activation\": \"relu\"}, {\"type\": \"Dense\", \"units\": 2}]}";

        private static readonly string[] JsonSteps =
        {
            TrackingNames.ProjectDirectory, TrackingNames.SpecFileQuery, TrackingNames.SpecFiles,
            TrackingNames.ResolvedSpecs, TrackingNames.Results, TrackingNames.Plans, TrackingNames.Diagnostics,
        };

        private sealed class Scenario
        {
            public Scenario()
            {
                Model = CSharpSyntaxTree.ParseText("using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n", path: "/proj/M.cs");
                Other = CSharpSyntaxTree.ParseText("public class Other { }\n", path: "/proj/Other.cs");
                Compilation = GeneratorHarness.Compile("").RemoveAllSyntaxTrees().AddSyntaxTrees(Model, Other);
                Spec = new InMemoryAdditionalText("/proj/m.json", Json);
                Unrelated = new InMemoryAdditionalText("/proj/appsettings.json", "{\"a\": 1}");
                Driver = GeneratorHarness.CreateDriver(Compilation, trackSteps: true, new AdditionalText[] { Spec, Unrelated }, "/proj/").RunGenerators(Compilation);
            }

            public SyntaxTree Model { get; }
            public SyntaxTree Other { get; }
            public CSharpCompilation Compilation { get; }
            public AdditionalText Spec { get; }
            public AdditionalText Unrelated { get; }
            public GeneratorDriver Driver { get; set; }

            public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();
        }

        /// <summary>The reasons of every output of a tracked step.</summary>
        private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
            result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs)
                ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList()
                : new List<IncrementalStepRunReason>();

        [Fact]
        public void The_tracking_names_are_all_used()
        {
            var scenario = new Scenario();
            foreach (FieldInfo field in typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                string name = (string)field.GetValue(null)!;
                Assert.True(scenario.Result.TrackedSteps.ContainsKey(name), name + " was not tracked");
            }
            Assert.Single(scenario.Result.GeneratedSources);
        }

        /// <summary>A build without any JSON model still runs (and tracks) every JSON step: there is no per-file step to skip.</summary>
        [Fact]
        public void Every_json_step_runs_without_json_models_too()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile("using CnnGen; [CnnModel, Input(4), Dense(2)] public partial class M { }");
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation).RunGenerators(compilation.Clone());
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            foreach (string step in JsonSteps)
            {
                List<IncrementalStepRunReason> reasons = Reasons(result, step);
                Assert.True(reasons.Count > 0, step + " did not run");
                Assert.All(reasons, r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
            }
        }

        [Fact]
        public void An_unrelated_edit_leaves_the_json_channel_cached()
        {
            var scenario = new Scenario();
            CSharpCompilation edited = scenario.Compilation.ReplaceSyntaxTree(scenario.Other,
                scenario.Other.WithChangedText(SourceText.From("public class Other { int x; }\n")));
            scenario.Driver = scenario.Driver.RunGenerators(edited);
            foreach (string step in JsonSteps)
            {
                List<IncrementalStepRunReason> reasons = Reasons(scenario.Result, step);
                Assert.True(reasons.Count > 0, step + " did not run");
                Assert.All(reasons, r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
            }
        }

        [Fact]
        public void Editing_the_declaring_file_does_not_parse_the_json_again()
        {
            var scenario = new Scenario();
            // A line above the class moves its location: the request changes, the file it wants does not.
            CSharpCompilation edited = scenario.Compilation.ReplaceSyntaxTree(scenario.Model,
                scenario.Model.WithChangedText(SourceText.From("// a comment\nusing CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n")));
            scenario.Driver = scenario.Driver.RunGenerators(edited);
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(scenario.Result, TrackingNames.ResolvedSpecs));
            Assert.All(Reasons(scenario.Result, TrackingNames.SpecFileQuery), r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, r.ToString()));
            Assert.All(Reasons(scenario.Result, TrackingNames.SpecFiles), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(Reasons(scenario.Result, TrackingNames.Plans), r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        [Fact]
        public void Editing_a_json_file_regenerates_its_model_only()
        {
            SyntaxTree models = CSharpSyntaxTree.ParseText(
                "using CnnGen;\n[CnnModel(Spec = \"a.json\")] public partial class A { }\n[CnnModel(Spec = \"b.json\")] public partial class B { }\n", path: "/proj/M.cs");
            CSharpCompilation compilation = GeneratorHarness.Compile("").RemoveAllSyntaxTrees().AddSyntaxTrees(models);
            var a = new InMemoryAdditionalText("/proj/a.json", Json);
            var b = new InMemoryAdditionalText("/proj/b.json", Json);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true, new AdditionalText[] { a, b }, "/proj/").RunGenerators(compilation);

            driver = driver.ReplaceAdditionalText(a, new InMemoryAdditionalText("/proj/a.json", Json.Replace("\"units\": 2", "\"units\": 5")))
                .RunGenerators(compilation);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(result, TrackingNames.SpecFiles));
            List<IncrementalStepRunReason> plans = Reasons(result, TrackingNames.Plans);
            Assert.Equal(1, plans.Count(r => r == IncrementalStepRunReason.Modified));
            Assert.Equal(1, plans.Count(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged));
            Assert.Contains("OutputLength = 5;", result.GeneratedSources.Single(s => s.HintName == "A.g.cs").SourceText.ToString());
            Assert.Contains("OutputLength = 2;", result.GeneratedSources.Single(s => s.HintName == "B.g.cs").SourceText.ToString());
        }

        /// <summary>An edit to a .json file no Spec names (appsettings.json) changes nothing the specs depend on.</summary>
        [Fact]
        public void Editing_an_unrelated_json_file_regenerates_nothing()
        {
            var scenario = new Scenario();
            scenario.Driver = scenario.Driver.ReplaceAdditionalText(scenario.Unrelated, new InMemoryAdditionalText("/proj/appsettings.json", "{\"a\": 2}"))
                .RunGenerators(scenario.Compilation);
            Assert.Equal(new[] { IncrementalStepRunReason.Unchanged }, Reasons(scenario.Result, TrackingNames.SpecFiles));
            foreach (string step in new[] { TrackingNames.ResolvedSpecs, TrackingNames.Results, TrackingNames.Plans, TrackingNames.Diagnostics })
                Assert.All(Reasons(scenario.Result, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        }

        /// <summary>What each JSON step hands on is plain data: no symbol, syntax, compilation, text or JSON tree.</summary>
        [Fact]
        public void No_json_step_output_holds_roslyn_objects_or_text()
        {
            var scenario = new Scenario();
            foreach (string step in JsonSteps)
            {
                foreach (IncrementalGeneratorRunStep run in scenario.Result.TrackedSteps[step])
                {
                    foreach ((object value, IncrementalStepRunReason _) in run.Outputs) AssertPlain(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }

        private static readonly Type[] Forbidden =
        {
            typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SourceText), typeof(AdditionalText),
            typeof(Location), typeof(SemanticModel), typeof(global::CnnGen.Generator.Parsing.JsonNode),
        };

        private static void AssertPlain(object? value, string path, HashSet<object> seen)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
            Type type = value.GetType();
            Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.Name}");
            if (!type.IsValueType && !seen.Add(value)) return;
            if (value is IEnumerable items && type.Assembly != typeof(DiagnosticDescriptor).Assembly)
            {
                int i = 0;
                foreach (object? item in items) AssertPlain(item, $"{path}[{i++}]", seen);
            }
            // Walk our own types (and tuples); Roslyn's plain value types (TextSpan, DiagnosticDescriptor) end the walk.
            if (type.Assembly != typeof(TrackingNames).Assembly && !type.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal)) return;
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                AssertPlain(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
    }
}
