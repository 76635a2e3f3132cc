using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using CnnGen.Generator;
using CnnGen.Tests.Emit;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Pipeline
{
    /// <summary>
    /// Caching: a second run, and an edit that does not touch the model, regenerate nothing; the models that
    /// flow through the pipeline hold no symbols, syntax or compilations.
    /// </summary>
    public class IncrementalTests
    {
        /// <summary>The small model of the snapshot tests: fully unrolled, so every step has real work.</summary>
        private const string Model = SnapshotTests.SmallModel;

        private static readonly string[] StepNames = typeof(TrackingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

        private static GeneratorDriver RunTwice(Func<CSharpCompilation, CSharpCompilation> edit, out GeneratorRunResult second)
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(Model);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation);
            driver = driver.RunGenerators(edit(compilation));
            second = driver.GetRunResult().Results.Single();
            return driver;
        }

        private static void AssertAllCached(GeneratorRunResult result, params string[] steps)
        {
            foreach (string step in steps)
            {
                Assert.True(result.TrackedSteps.ContainsKey(step), "no step named " + step);
                foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
                {
                    foreach ((object _, IncrementalStepRunReason reason) in run.Outputs)
                    {
                        Assert.True(reason == IncrementalStepRunReason.Cached || reason == IncrementalStepRunReason.Unchanged,
                            $"step {step} ran with reason {reason}");
                    }
                }
            }
            foreach ((object _, IncrementalStepRunReason reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
            {
                Assert.True(reason == IncrementalStepRunReason.Cached || reason == IncrementalStepRunReason.Unchanged, "an output step ran: " + reason);
            }
        }

        [Fact]
        public void Every_step_has_a_tracking_name()
        {
            RunTwice(c => c, out GeneratorRunResult result);
            foreach (string step in StepNames) Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " was not tracked");
        }

        [Fact]
        public void A_second_run_is_all_cached()
        {
            RunTwice(c => c.Clone(), out GeneratorRunResult result);
            AssertAllCached(result, StepNames);
        }

        [Fact]
        public void An_unrelated_edit_regenerates_nothing()
        {
            RunTwice(c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo { class Other { int X => 42; } }",
                (CSharpParseOptions)c.SyntaxTrees.First().Options, "Other.cs")), out GeneratorRunResult result);
            AssertAllCached(result, TrackingNames.Results, TrackingNames.Plans, TrackingNames.ExecutionPlans, TrackingNames.Diagnostics);
        }

        [Fact]
        public void An_edit_inside_the_model_file_that_keeps_the_model_regenerates_nothing()
        {
            RunTwice(c =>
            {
                SyntaxTree old = c.SyntaxTrees.First();
                SyntaxTree edited = old.WithChangedText(old.GetText().Replace(0, 0, "// a comment typed above the model\n"));
                return c.ReplaceSyntaxTree(old, edited);
            }, out GeneratorRunResult result);
            // Locations moved, so the diagnostics step reruns; the plans compare equal and no source is emitted.
            AssertAllCached(result, TrackingNames.Plans, TrackingNames.ExecutionPlans);
        }

        [Fact]
        public void Changing_a_layer_regenerates_the_model()
        {
            RunTwice(c =>
            {
                SyntaxTree old = c.SyntaxTrees.First();
                return c.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Model.Replace("Dense(3", "Dense(4"))));
            }, out GeneratorRunResult result);
            Assert.Contains(result.TrackedSteps[TrackingNames.Plans].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains(result.TrackedSteps[TrackingNames.ExecutionPlans].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains("OutputLength = 4;", result.GeneratedSources.Single().SourceText.ToString());
        }

        [Fact]
        public void Pipeline_models_hold_no_symbols_syntax_or_compilation()
        {
            var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(Location), typeof(SemanticModel), typeof(SyntaxTree) };
            HashSet<Type> seen = ReachableTypes(
                typeof(CnnGen.Generator.Model.SpecResult), typeof(CnnGen.Generator.Model.ModelResult),
                typeof(CnnGen.Generator.Model.ModelPlan), typeof(CnnGen.Generator.Model.TargetInfo),
                typeof(CnnGen.Generator.Planning.ExecutionPlan));
            foreach (Type type in seen)
            {
                Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(type));
                Assert.False(type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || type.GetGenericTypeDefinition() == typeof(List<>)),
                    type + " has no value equality");
            }
            Assert.Contains(typeof(CnnGen.Generator.Model.LayerSpec), seen);
            Assert.Contains(typeof(CnnGen.Generator.Planning.Step), seen);
        }

        /// <summary>
        /// The values the emitters print from hold no source location, by construction: a declaration that moves (a comment
        /// typed above it) leaves them equal, so the source is not emitted again. Locations live in the declarations
        /// (<c>ModelSpec</c>, <c>DeclaredLayer</c>) and the diagnostics only.
        /// </summary>
        [Fact]
        public void Plans_hold_no_source_locations()
        {
            HashSet<Type> seen = ReachableTypes(typeof(CnnGen.Generator.Model.ModelPlan), typeof(CnnGen.Generator.Planning.ExecutionPlan));
            Assert.Contains(typeof(CnnGen.Generator.Model.LayerSpec), seen);
            Assert.DoesNotContain(typeof(CnnGen.Generator.Diagnostics.LocationInfo), seen);
            Assert.DoesNotContain(typeof(CnnGen.Generator.Diagnostics.DiagnosticInfo), seen);
            Assert.Contains(typeof(CnnGen.Generator.Diagnostics.LocationInfo), ReachableTypes(typeof(CnnGen.Generator.Model.ModelSpec))); // the walk sees them
        }

        /// <summary>The types of every field reachable from the roots (Roslyn's own types not entered).</summary>
        private static HashSet<Type> ReachableTypes(params Type[] roots)
        {
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>(roots);
            while (pending.Count > 0)
            {
                Type type = pending.Pop();
                if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string)) continue;
                if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true) continue;
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    pending.Push(field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType);
                    foreach (Type arg in field.FieldType.IsGenericType ? field.FieldType.GetGenericArguments() : Type.EmptyTypes) pending.Push(arg);
                }
            }
            return seen;
        }
    }
}
