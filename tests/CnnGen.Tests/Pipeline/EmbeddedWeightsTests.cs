using System;
using System.Globalization;
using System.Linq;
using CnnGen.Tests.Conformance;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Pipeline
{
    /// <summary>
    /// [CnnModel(Weights = ...)]: the generator reads the description build/CnnGen.targets writes
    /// (obj/.../cnngen/*.cnngen-weights: size and manifest resource name), checks the size and generates a parameterless
    /// constructor that reads the resource.
    /// </summary>
    public class EmbeddedWeightsTests
    {
        private const string SourcePath = "/proj/Model.cs";
        private const string ProjectDir = "/proj/";
        private const char Marker = '⟨';

        // Input(4) -> Dense(2): 4*2 + 2 = 10 parameters, 40 bytes of float32.
        private const string Layers = "[Input(4)]\n[Dense(2)]";

        private static (string Path, string Text) Encoded(string original, int bytes) =>
            ("/proj/obj/cnngen/" + original.Replace('/', '_') + ".cnngen-weights",
             "cnngen-weights 2 " + bytes + " CnnGen.Weights." + original.Replace('/', '_') + "\n/proj/" + original + "\n");

        private static (int Line, int Column, string Text) Locate(string marked)
        {
            int at = marked.IndexOf(Marker);
            string before = marked.Substring(0, at);
            return (before.Count(c => c == '\n') + 1, at - (before.LastIndexOf('\n') + 1) + 1, marked.Remove(at, 1));
        }

        private static GeneratorRun Run(string declaration, LanguageVersion version, params (string Path, string Text)[] files) =>
            GeneratorHarness.Run(new[] { (SourcePath, "using CnnGen;\n" + declaration + "\npublic partial class M { }\n") }, files, ProjectDir, version);

        private static void AssertAt(Diagnostic d, string id, int line, int column, string message)
        {
            FileLinePositionSpan span = d.Location.GetLineSpan();
            Assert.Equal(id, d.Id);
            Assert.Equal(SourcePath, span.Path);
            // +1: the source starts with "using CnnGen;".
            Assert.Equal((line + 1, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
            string text = d.GetMessage(CultureInfo.InvariantCulture);
            Assert.True(text.Contains(message), $"expected '{message}' in: {text}");
        }

        [Theory]
        [InlineData(LanguageVersion.Latest)]
        [InlineData(LanguageVersion.CSharp7_3)]
        public void Raw_weights_of_the_right_size_give_a_parameterless_constructor_that_compiles(LanguageVersion version)
        {
            GeneratorRun run = Run("[CnnModel(Weights = \"data/w.bin\")]\n" + Layers, version, Encoded("data/w.bin", 40));
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.CompileErrors);
            string code = run.Single();
            Assert.Contains("public M() : this(global::CnnGen.WeightReader.LoadRawResource(typeof(M).Assembly, \"CnnGen.Weights.data_w.bin\", s_weightSpecs, \"data/w.bin (embedded)\")) { }", code);
            Assert.DoesNotContain("new byte[]", code);
            Assert.DoesNotContain("Base64", code);
        }

        [Fact]
        public void Without_Weights_there_is_no_parameterless_constructor()
        {
            GeneratorRun run = Run("[CnnModel]\n" + Layers, LanguageVersion.Latest, Encoded("data/w.bin", 40));
            Assert.Empty(run.Diagnostics);
            Assert.DoesNotContain("public M()", run.Single());
        }

        [Fact]
        public void A_raw_file_of_the_wrong_size_is_CNNG301_at_the_path_naming_both_byte_counts_and_the_parameter_count()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(UnrollBudget = 100, Weights = ⟨\"data/w.bin\")]\n" + Layers);
            GeneratorRun run = Run(declaration, LanguageVersion.Latest, Encoded("data/w.bin", 36));
            AssertAt(Assert.Single(run.Diagnostics), "CNNG301", line, column,
                "The weight file 'data/w.bin' holds 36 bytes, but model 'M' expects 40 bytes: 10 parameters as raw float32");
            // Only the weights are wrong: the stand-in knows every constant of the model, and its parameterless constructor.
            string standIn = run.AssertStandInOnly();
            Assert.Contains("public const int ParameterCount = 10;", standIn);
            Assert.Contains("public M() {", standIn);
        }

        [Fact]
        public void A_TF_js_shard_must_match_its_manifest_and_the_model()
        {
            const string manifest = "{\"weightsManifest\": [{\"paths\": [\"w.bin\"], \"weights\": [" +
                "{\"name\": \"dense/kernel\", \"shape\": [4, 2], \"dtype\": \"float32\"}, {\"name\": \"dense/bias\", \"shape\": [2], \"dtype\": \"float32\"}]}]}";
            GeneratorRun ok = Run("[CnnModel(Weights = \"data/w.bin\")]\n" + Layers, LanguageVersion.CSharp7_3, Encoded("data/w.bin", 40), ("/proj/data/model.json", manifest));
            Assert.Empty(ok.Diagnostics);
            Assert.Empty(ok.CompileErrors);
            Assert.Contains("global::CnnGen.WeightReader.LoadTfjsResource(EmbeddedTfjsModelJson, typeof(M).Assembly, \"CnnGen.Weights.data_w.bin\", ", ok.Single());

            (int line, int column, string declaration) = Locate("[CnnModel(Weights = ⟨\"data/w.bin\")]\n" + Layers);
            GeneratorRun bad = Run(declaration, LanguageVersion.Latest, Encoded("data/w.bin", 44), ("/proj/data/model.json", manifest));
            AssertAt(Assert.Single(bad.Diagnostics), "CNNG301", line, column,
                "The weight file 'data/w.bin' holds 44 bytes, but model 'M' expects 40 bytes: 10 parameters listed by the TF.js manifest '/proj/data/model.json'");
        }

        [Fact]
        public void A_file_missing_from_AdditionalFiles_is_CNNG302()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(Weights = ⟨\"data/w.bin\")]\n" + Layers);
            GeneratorRun run = Run(declaration, LanguageVersion.Latest);
            AssertAt(Assert.Single(run.Diagnostics), "CNNG302", line, column,
                "The weight file 'data/w.bin' of model 'M' is not listed in AdditionalFiles: add <AdditionalFiles Include=\"data/w.bin\" /> to the project");
        }

        [Fact]
        public void A_listed_file_the_targets_did_not_describe_is_CNNG302_naming_the_targets()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(Weights = ⟨\"data/w.bin\")]\n" + Layers);
            GeneratorRun run = Run(declaration, LanguageVersion.Latest, ("/proj/data/w.bin", "\u0001\u0002"));
            AssertAt(Assert.Single(run.Diagnostics), "CNNG302", line, column, "is an AdditionalFile, but the CnnGen build targets did not describe it for the generator: import build/CnnGen.targets");
        }

        [Theory]
        [InlineData("cnngen-weights 2 forty CnnGen.Weights.w\n/proj/data/w.bin\n", "its description '/proj/obj/cnngen/w.cnngen-weights' is malformed; rebuild")]
        [InlineData("cnngen-weights 2 40\n/proj/data/w.bin\n", "its description '/proj/obj/cnngen/w.cnngen-weights' is malformed; rebuild")]
        [InlineData("cnngen-weights 1 /proj/data/w.bin\nAAAA", "its description '/proj/obj/cnngen/w.cnngen-weights' was written by an older CnnGen; rebuild")]
        public void A_corrupt_or_outdated_description_is_CNNG303(string stub, string message)
        {
            (int line, int column, string declaration) = Locate("[CnnModel(Weights = ⟨\"data/w.bin\")]\n" + Layers);
            GeneratorRun run = Run(declaration, LanguageVersion.Latest, ("/proj/obj/cnngen/w.cnngen-weights", stub));
            AssertAt(Assert.Single(run.Diagnostics), "CNNG303", line, column, "The weight file 'data/w.bin' of model 'M' cannot be read: " + message);
        }

        [Fact]
        public void An_unrelated_CSharp_edit_neither_rereads_nor_re_embeds_the_weights()
        {
            (string path, string text) = Encoded("data/w.bin", 40);
            CSharpCompilation compilation = GeneratorHarness.Compile(new[] { (SourcePath, "using CnnGen;\n[CnnModel(Weights = \"data/w.bin\")]\n" + Layers + "\npublic partial class M { }\n") });
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true, new AdditionalText[] { new InMemoryAdditionalText(path, text) }, ProjectDir)
                .RunGenerators(compilation);
            Assert.Contains("public M()", driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString());

            CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Other { }\n", path: "/proj/Other.cs"));
            GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
            foreach (string step in new[] { CnnGen.Generator.TrackingNames.WeightFiles, CnnGen.Generator.TrackingNames.WithWeights })
            {
                var reasons = second.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
                Assert.NotEmpty(reasons);
                Assert.All(reasons, r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, step + ": " + r));
            }
        }

        [Fact]
        public void Embedded_seed_cnn_weights_give_bit_identical_outputs_to_the_file_loaded_model()
        {
            float[] input = KerasFixture.Input("seed_cnn");
            var embedded = new SeedCnnEmbedded();
            ICnnModel loaded = new SeedCnnFromKeras(KerasFixture.KerasOrderWeights("seed_cnn"));
            int n = input.Length / loaded.InputLength;
            var expected = new float[n * loaded.OutputLength];
            var actual = new float[expected.Length];
            loaded.Predict(input, expected, n);
            embedded.Predict(input, actual, n);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            FixtureModelTests.AssertOutputMatches(embedded, "seed_cnn", "seed_cnn output with embedded weights");
        }
    }
}
