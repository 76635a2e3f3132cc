using System;
using System.Collections.Generic;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Emit
{
    /// <summary>
    /// A model with an error still gets its public members (FallbackEmitter), so that the build shows the one CNNG error and
    /// not one more CS0117 per use of the class; its bodies throw InvalidOperationException naming the error.
    /// </summary>
    public class FallbackTests
    {
        /// <summary>The tutorial CNN on an 8x8 input: the second pooling's 2x2 window meets a 1x1x64 map (CNNG101).</summary>
        internal const string BrokenCnn = @"using CnnGen;
namespace Demo
{
    [CnnModel]
    [Input(8, 8, 1)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Conv2D(64, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(128, Activation = Activation.Relu)]
    [Dense(10, Activation = Activation.Softmax)]
    public partial class FashionCnn { }
}";

        /// <summary>What a new user writes against the model: every kind of member a use can touch.</summary>
        private const string Consumer = @"using System;
using CnnGen;
namespace Demo
{
    public static class App
    {
        public static float[] Use(float[] image, string path)
        {
            Console.WriteLine(FashionCnn.Summary);
            var probabilities = new float[FashionCnn.OutputLength];
            FashionCnn model = FashionCnn.LoadTfjs(path);
            model.Predict(image, probabilities);
            var direct = new FashionCnn(new float[FashionCnn.ParameterCount]);
            direct.Predict(image, new float[2 * FashionCnn.OutputLength], 2);
            ICnnModel generic = FashionCnn.LoadKeras(path);
            int n = FashionCnn.InputLength + FashionCnn.InputHeight + FashionCnn.InputWidth + FashionCnn.InputChannels + FashionCnn.ScratchLength
                + FashionCnn.TrainableParameterCount + FashionCnn.NonTrainableParameterCount + FashionCnn.WeightSpecs.Count + generic.OutputLength
                + FashionCnn.Layers.Conv2dHeight + FashionCnn.Layers.MaxPooling2dChannels + FashionCnn.Layers.Dense1Length;
            return n > 0 ? probabilities : image;
        }
    }
}";

        [Theory]
        [InlineData(LanguageVersion.Latest)]
        [InlineData(LanguageVersion.CSharp7_3)]
        public void A_shape_error_is_the_only_error_of_a_consumer_that_uses_the_model(LanguageVersion version)
        {
            GeneratorRun run = GeneratorHarness.Run(new[] { ("Model.cs", BrokenCnn), ("App.cs", Consumer) }, Array.Empty<(string, string)>(), null, version);
            Diagnostic error = Assert.Single(run.Diagnostics);
            Assert.Equal("CNNG101", error.Id);
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
        }

        [Fact]
        public void Without_the_stand_in_every_use_would_be_an_error_of_its_own()
        {
            // The same consumer against a class the generator leaves alone (not partial): CS0117 and friends, one per use.
            string notPartial = BrokenCnn.Replace("public partial class FashionCnn { }", "public class FashionCnn { }");
            GeneratorRun run = GeneratorHarness.Run(new[] { ("Model.cs", notPartial), ("App.cs", Consumer) }, Array.Empty<(string, string)>());
            Assert.Contains(run.Diagnostics, d => d.Id == "CNNG001");
            Assert.Empty(run.Sources);
            Assert.True(run.CompileErrors.Length >= 6, string.Join("\n", run.CompileErrors));
        }

        [Fact]
        [Golden("Demo.FashionCnn.g.cs")]
        public void The_stand_in_keeps_what_is_known_and_is_a_golden_file()
        {
            GeneratorRun run = GeneratorHarness.Run(BrokenCnn);
            string source = run.AssertStandInOnly();
            Assert.Contains("public const int InputLength = 64;", source);
            Assert.Contains("public const int Conv2dHeight = 6;", source);        // layer 0: 8x8x1 -> 6x6x64
            Assert.Contains("public const int Conv2d1Height = 1;", source);       // layer 2: 3x3x64 -> 1x1x64
            Assert.Contains("public const int MaxPooling2d1Length = 0;", source); // layer 3 is the error
            Assert.Contains("public const int OutputLength = 0;", source);
            Assert.Contains("public const int ParameterCount = 0;", source);
            Assert.Contains("CNNG101", source);
            Snapshot.Match(nameof(The_stand_in_keeps_what_is_known_and_is_a_golden_file), "Demo.FashionCnn.g.cs", source);
        }

        [Fact]
        public void The_stand_in_throws_naming_the_error()
        {
            GeneratorRun run = GeneratorHarness.Run(BrokenCnn);
            // The error is what keeps the build from running this; with the error made a warning, the members throw.
            Type type = Load(run.Output, ignoring: "CNNG101").GetType("Demo.FashionCnn", throwOnError: true)!;
            var e = Assert.Throws<InvalidOperationException>(() => Unwrap(() => type.GetMethod("LoadTfjs")!.Invoke(null, new object[] { "model.json" })));
            Assert.Contains("FashionCnn was not generated because its declaration has an error: CNNG101: Layer 3 'max_pooling2d_1' (MaxPooling2D)", e.Message);
            Assert.Equal(e.Message, type.GetField("Summary")!.GetValue(null));
        }

        [Fact]
        public void A_json_spec_error_leaves_a_stand_in_and_the_one_error()
        {
            string declaration = BrokenCnn.Replace("[CnnModel]\n    [Input(8, 8, 1)]", "[CnnModel(Spec = \"m.json\")]").Replace("\r\n", "\n");
            declaration = string.Join("\n", declaration.Split('\n').Where(l => !l.TrimStart().StartsWith("[Conv2D", StringComparison.Ordinal)
                && !l.TrimStart().StartsWith("[MaxPooling2D", StringComparison.Ordinal) && !l.TrimStart().StartsWith("[Flatten", StringComparison.Ordinal)
                && !l.TrimStart().StartsWith("[Dense", StringComparison.Ordinal) && !l.TrimStart().StartsWith("[Input", StringComparison.Ordinal)));
            Assert.Contains("[CnnModel(Spec = \"m.json\")]", declaration);
            const string json = "{\"input\": [8, 8, 1], \"layers\": [{\"type\": \"Conv3D\", \"filters\": 2, \"kernel_size\": 3}]}";
            GeneratorRun run = GeneratorHarness.Run(new[] { ("/p/Model.cs", declaration), ("/p/App.cs", Consumer.Replace(
                "+ FashionCnn.Layers.Conv2dHeight + FashionCnn.Layers.MaxPooling2dChannels + FashionCnn.Layers.Dense1Length", "")
                .Replace("FashionCnn.InputHeight + FashionCnn.InputWidth + FashionCnn.InputChannels + ", "")) },
                new[] { ("/p/m.json", json) }, "/p/");
            Assert.Equal("CNNG203", Assert.Single(run.Diagnostics).Id);
            string source = run.AssertStandInOnly();
            Assert.Contains("public const int InputLength = 0;", source);
        }

        [Fact]
        public void A_missing_spec_file_leaves_a_stand_in_too()
        {
            GeneratorRun run = GeneratorHarness.Run(new[] { ("/p/M.cs", "using CnnGen;\n[CnnModel(Spec = \"missing.json\", Weights = \"w.bin\")]\npublic partial class M { }\n"),
                ("/p/App.cs", "public static class App { public static M Make() => new M(); public static int N => M.OutputLength; }") },
                Array.Empty<(string, string)>(), "/p/");
            Assert.Equal("CNNG200", Assert.Single(run.Diagnostics).Id);
            Assert.Contains("public M() {", run.AssertStandInOnly());
        }

        [Fact]
        public void A_declaration_error_after_a_complete_inference_keeps_every_constant()
        {
            // CNNG005 (a duplicate name) stops generation, but every shape is known.
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\n[CnnModel]\n[Input(5)]\n[Dense(4)]\n[Dense(3, Name = \"dense\")]\npublic partial class M { }\n");
            Assert.Equal("CNNG005", Assert.Single(run.Diagnostics).Id);
            string source = run.AssertStandInOnly();
            Assert.Contains("public const int OutputLength = 3;", source);
            Assert.Contains("public const int ParameterCount = 39;", source);   // 5*4+4 + 4*3+3
            Assert.Contains("new global::CnnGen.WeightSpec(\"dense/kernel\", 4, 3),", source);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(source, "public const int DenseLength"));
        }

        [Theory]
        [InlineData("public class M { }", "CNNG001")]
        [InlineData("public partial class M<T> { }", "CNNG008")]
        public void No_stand_in_where_writing_one_would_break_the_build(string declaration, string id)
        {
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\n[CnnModel]\n[Input(3, 3, 1)]\n[Conv2D(2, 5)]\n" + declaration + "\n");
            Assert.Contains(run.Diagnostics, d => d.Id == id);
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void Fixing_the_error_replaces_the_stand_in_with_the_model()
        {
            CSharpCompilation broken = GeneratorHarness.Compile(BrokenCnn);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(broken, trackSteps: true).RunGenerators(broken);
            Assert.Contains("CnnGenError", driver.GetRunResult().GeneratedTrees.Single().ToString());
            CSharpCompilation fixedModel = broken.ReplaceSyntaxTree(broken.SyntaxTrees.Single(),
                CSharpSyntaxTree.ParseText(BrokenCnn.Replace("[Input(8, 8, 1)]", "[Input(28, 28, 1)]"), (CSharpParseOptions)broken.SyntaxTrees.Single().Options, "Model.cs"));
            GeneratorDriverRunResult result = driver.RunGenerators(fixedModel).GetRunResult();
            string source = result.GeneratedTrees.Single().ToString();
            Assert.DoesNotContain("CnnGenError", source);
            Assert.Contains("public const int OutputLength = 10;", source);
        }

        [Fact]
        public void An_unrelated_edit_leaves_the_stand_in_cached()
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(BrokenCnn);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation);
            CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", (CSharpParseOptions)compilation.SyntaxTrees.Single().Options, "Other.cs"));
            GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();
            var outputs = result.TrackedSteps[CnnGen.Generator.TrackingNames.Fallbacks].SelectMany(s => s.Outputs).ToList();
            Assert.Contains(outputs, o => ((System.Collections.IEnumerable)o.Value).Cast<object>().Any());
            Assert.All(outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.True(o.Reason == IncrementalStepRunReason.Cached || o.Reason == IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        }

        private static System.Reflection.Assembly Load(Compilation compilation, string ignoring)
        {
            // As a consumer who set the error's severity to warning would build it.
            Compilation warningOnly = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                new Dictionary<string, ReportDiagnostic> { [ignoring] = ReportDiagnostic.Warn }));
            using var stream = new System.IO.MemoryStream();
            var emitted = warningOnly.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            return System.Reflection.Assembly.Load(stream.ToArray());
        }

        private static void Unwrap(Action action)
        {
            try
            {
                action();
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }
}
