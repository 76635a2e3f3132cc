using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>
    /// JSON models through the generator (in memory, the JSON given as an AdditionalText): they compile, and a
    /// model read from a Keras or TF.js file generates exactly the code of the same model declared by attributes.
    /// </summary>
    public class JsonModelTests
    {
        private const string ProjectDir = "/proj/";

        /// <summary>Fixture → the attribute-declared class of Models/FixtureModels.cs.</summary>
        private static readonly IReadOnlyDictionary<string, string> AttributeClasses = new Dictionary<string, string>
        {
            ["seed_cnn"] = "SeedCnn",
            ["seed_dnn"] = "SeedDnn",
            ["same_stride"] = "SameStride",
            ["pool_variants"] = "PoolVariants",
            ["activations"] = "Activations",
        };

        public static TheoryData<string, string> FixtureFiles
        {
            get
            {
                var data = new TheoryData<string, string>();
                foreach (string fixture in AttributeClasses.Keys)
                {
                    data.Add(fixture, "keras-config.json");
                    data.Add(fixture, "model.json");
                }
                return data;
            }
        }

        /// <summary>One generator run per file kind: the attribute models of FixtureModels.cs and their JSON twins.</summary>
        private static readonly Dictionary<string, Lazy<GeneratorRun>> s_runs = new[] { "keras-config.json", "model.json" }
            .ToDictionary(file => file, file => new Lazy<GeneratorRun>(() =>
            {
                string twins = "using CnnGen;\nnamespace CnnGen.Tests.Models\n{\n" + string.Concat(AttributeClasses.Select(kv =>
                    $"    [CnnModel(Spec = \"fixtures/{kv.Key}/{file}\")] public partial class {kv.Value}Json {{ }}\n")) + "}\n";
                return GeneratorHarness.Run(
                    new[] { (ProjectDir + "Models/FixtureModels.cs", RepoFiles.ReadAllText("tests/CnnGen.Tests/Models/FixtureModels.cs")), (ProjectDir + "Models/Twins.cs", twins) },
                    AttributeClasses.Keys.Select(f => (ProjectDir + $"fixtures/{f}/{file}", File.ReadAllText(SharedFiles.Keras(f, file)))),
                    ProjectDir);
            }));

        [Theory]
        [MemberData(nameof(FixtureFiles))]
        public void Json_model_generates_the_attribute_models_code(string fixture, string file)
        {
            GeneratorRun run = s_runs[file].Value;
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Empty(run.CompileErrors);
            string name = AttributeClasses[fixture];
            string fromAttributes = run.Sources[$"CnnGen.Tests.Models.{name}.g.cs"];
            string fromJson = run.Sources[$"CnnGen.Tests.Models.{name}Json.g.cs"];
            Assert.Equal(fromAttributes, Regex.Replace(fromJson, $@"\b{name}Json\b", name));
        }

        public static TheoryData<string> KerasFiles => new TheoryData<string>("tfk2_cifar10_lenet", "k3_mnist_keras", "k3_fashion_h5");

        [KerasFilesTheory]
        [MemberData(nameof(KerasFiles))]
        public void Real_keras_file_configs_generate_and_compile(string model)
        {
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (ProjectDir + "M.cs", "using CnnGen; [CnnModel(Spec = \"keras-config.json\")] public partial class M { }") },
                new[] { (ProjectDir + "keras-config.json", File.ReadAllText(SpecFileReaderTests.KerasFile(model))) },
                ProjectDir);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Empty(run.CompileErrors);
            Assert.Contains("partial class M : global::CnnGen.ICnnModel", run.Single());
        }

        /// <summary>Keras 2.1.6's k2_fashion_bn (BatchNormalization, MaxPooling2D same) generates and compiles.</summary>
        [KerasFilesFact]
        public void Keras_file_with_BatchNormalization_generates()
        {
            string path = SpecFileReaderTests.KerasFile("k2_fashion_bn");
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (ProjectDir + "M.cs", "using CnnGen; [CnnModel(Spec = \"keras-config.json\")] public partial class M { }") },
                new[] { (ProjectDir + "keras-config.json", File.ReadAllText(path)) },
                ProjectDir);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Empty(run.CompileErrors);
            Assert.Contains("batch_normalization_1 (BatchNormalization)", run.Single());
        }

        [Fact]
        public void The_cnngen_sample_generates_and_compiles()
        {
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (ProjectDir + "M.cs", "using CnnGen; [CnnModel(Spec = \"specs/fashion_cnn.cnngen.json\")] public partial class M { }") },
                new[] { (ProjectDir + "specs/fashion_cnn.cnngen.json", RepoFiles.ReadAllText("samples/specs/fashion_cnn.cnngen.json")) },
                ProjectDir);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Empty(run.CompileErrors);
            Assert.Contains("Model: \\\"fashion_cnn\\\"", run.Single());
            Assert.Contains("predictions (Dense)", run.Single());
        }

        private static GeneratorRun RunOne(string json, string declaration = "[CnnModel(Spec = \"m.json\")]", string jsonPath = ProjectDir + "m.json") =>
            GeneratorHarness.Run(
                new[] { (ProjectDir + "M.cs", "using CnnGen;\n" + declaration + "\npublic partial class M { }\n") },
                new[] { (jsonPath, json) },
                ProjectDir);

        private static string SequentialSeedDnn => """
            {"class_name": "Sequential", "config": {"name": "chain", "layers": [
              {"class_name": "Flatten", "config": {"name": "flatten", "batch_input_shape": [null, 28, 28]}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 16, "activation": "relu"}},
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax"}}]}}
            """;

        public static TheoryData<string, string> FunctionalChains => new TheoryData<string, string>
        {
            {
                "tf.keras 2.x", """
                {"class_name": "Functional", "config": {"name": "chain", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
                  {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": "float32", "data_format": "channels_last"}, "name": "flatten", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 16, "activation": "relu", "use_bias": true}, "name": "dense", "inbound_nodes": [[["flatten", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax", "use_bias": true}, "name": "dense_1", "inbound_nodes": [[["dense", 0, 0, {}]]]}],
                  "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}, "keras_version": "2.13.1", "backend": "tensorflow"}
                """
            },
            {
                "Keras 3", """
                {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "chain", "trainable": true, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null, "name": "input_layer", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "data_format": "channels_last"}, "registered_name": null, "build_config": {"input_shape": [null, 28, 28]}, "name": "flatten",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 28, 28], "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 16, "activation": "relu", "use_bias": true}, "registered_name": null, "name": "dense",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 784], "dtype": "float32", "keras_history": ["flatten", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": {"module": "keras.activations", "class_name": "function", "config": "softmax", "registered_name": "function"}, "use_bias": true}, "registered_name": null, "name": "dense_1",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 16], "dtype": "float32", "keras_history": ["dense", 0, 0]}}], "kwargs": {}}]}],
                  "input_layers": [["input_layer", 0, 0]], "output_layers": ["dense_1", 0, 0]}, "registered_name": "Functional"}
                """
            },
            {
                "TF.js model.json of a functional model", """
                {"format": "layers-model", "generatedBy": "keras v2.13.1", "convertedBy": "TensorFlow.js Converter v4.22.0",
                 "modelTopology": {"keras_version": "2.13.1", "backend": "tensorflow", "model_config": {"class_name": "Model", "config": {"name": "chain", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28], "name": "input_1"}, "name": "input_1", "inbound_nodes": []},
                  {"class_name": "Flatten", "config": {"name": "flatten"}, "name": "flatten", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 16, "activation": "relu"}, "name": "dense", "inbound_nodes": [[["flatten", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "dense_1", "units": 10, "activation": "softmax"}, "name": "dense_1", "inbound_nodes": [[["dense", 0, 0, {}]]]}],
                  "input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}}, "training_config": {"loss": "sparse_categorical_crossentropy"}},
                 "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [{"name": "dense/kernel", "shape": [784, 16], "dtype": "float32"}]}]}
                """
            },
        };

        /// <summary>
        /// A functional model that is a plain chain is a Sequential model in disguise: the same code, but for what Keras
        /// prints of a functional model (its summary lists the InputLayer) and the lookup of its layers by Keras name.
        /// </summary>
        [Theory]
        [MemberData(nameof(FunctionalChains))]
        public void Functional_chain_generates_the_sequential_models_code(string what, string json)
        {
            GeneratorRun functional = RunOne(json);
            GeneratorRun sequential = RunOne(SequentialSeedDnn);
            Assert.True(functional.Diagnostics.All(d => d.Severity < DiagnosticSeverity.Warning), what + ": " + string.Join("; ", functional.Diagnostics));
            Assert.Empty(functional.CompileErrors);
            string functionalCode = functional.Single(), sequentialCode = sequential.Single();
            Assert.Contains("input_1 (InputLayer)         [(None, 28, 28)]          0", functionalCode.Replace("input_layer (InputLayer)     [(None, 28, 28)]          0", "input_1 (InputLayer)         [(None, 28, 28)]          0"));
            Assert.Equal(WithoutSummaryAndLookup(sequentialCode), WithoutSummaryAndLookup(functionalCode));
        }

        /// <summary>The code without the Summary constant, the functional model's IndexOfCall and blank lines.</summary>
        private static string WithoutSummaryAndLookup(string code)
        {
            int summary = code.IndexOf("public const string Summary =", System.StringComparison.Ordinal);
            int afterSummary = code.IndexOf(";\n", summary, System.StringComparison.Ordinal);
            code = code.Remove(summary, afterSummary - summary);
            int lookup = code.IndexOf("/// <summary>The execution index of call", System.StringComparison.Ordinal);
            if (lookup >= 0)
            {
                int end = code.IndexOf("return -1;", lookup, System.StringComparison.Ordinal);
                end = code.IndexOf("}", end, System.StringComparison.Ordinal) + 1;
                code = code.Remove(lookup, end - lookup);
            }
            return string.Join("\n", code.Split('\n').Where(line => line.Trim().Length > 0));
        }

        /// <summary>A CnnGen spec whose layers name their inputs (the specs README's residual example) is the same graph as the attributes.</summary>
        [Fact]
        public void Cnngen_graph_spec_generates_the_attribute_graphs_code()
        {
            const string Json = """
                {"input": [8, 8, 4], "layers": [
                  {"type": "Conv2D", "name": "conv", "filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"},
                  {"type": "Add", "inputs": ["conv", "input"]},
                  {"type": "GlobalAveragePooling2D"}, {"type": "Dense", "units": 10, "activation": "softmax"}]}
                """;
            GeneratorRun fromJson = RunOne(Json);
            GeneratorRun fromAttributes = GeneratorHarness.Run(
                "using CnnGen;\n[CnnModel]\n[Input(8, 8, 4)]\n[Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Relu, Name = \"conv\")]\n[Add(\"conv\", \"input\")]\n" +
                "[GlobalAveragePooling2D]\n[Dense(10, Activation = Activation.Softmax)]\npublic partial class M { }\n");
            Assert.Empty(fromJson.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Empty(fromJson.CompileErrors);
            Assert.Contains("add (Add)", fromJson.Single());
            Assert.Equal(fromAttributes.Single(), fromJson.Single());
        }

        [Fact]
        public void An_explicit_model_name_on_the_attribute_wins_over_the_files()
        {
            GeneratorRun run = RunOne(SequentialSeedDnn, "[CnnModel(Name = \"mine\", Spec = \"m.json\")]");
            Assert.Contains("Model: \\\"mine\\\"", run.Single());
            Assert.Contains("Model: \\\"chain\\\"", RunOne(SequentialSeedDnn).Single());
        }

        [Fact]
        public void Layer_names_in_the_file_are_used_as_they_are()
        {
            string json = """
                {"input": [4], "layers": [{"type": "Dense", "units": 3, "name": "hidden"}, {"type": "Dense", "units": 2}, {"type": "Dense", "units": 2, "name": "out_put"}]}
                """;
            string code = RunOne(json).Single();
            Assert.Contains("\"hidden/kernel\"", code);
            Assert.Contains("\"dense/kernel\"", code);
            Assert.Contains("\"out_put/kernel\"", code);
        }

        public static TheoryData<string, string?, string, string> Resolutions => new TheoryData<string, string?, string, string>
        {
            // Spec as written, build_property.projectdir, source file, AdditionalFile
            { "specs/m.json", "/proj/", "/proj/Models/M.cs", "/proj/specs/m.json" },
            { "specs\\m.json", "/proj/", "/proj/M.cs", "/proj/specs/m.json" },
            { "../shared/m.json", "/work/main/", "/work/main/M.cs", "/work/shared/m.json" },
            // No projectdir: relative to the declaring source file.
            { "m.json", null, "/proj/Models/M.cs", "/proj/Models/m.json" },
            // Not where it says (a worktree one level deeper): found by its trailing path, then by file name.
            { "../../shared/fixtures/m.json", "/work/wt/x/", "/work/wt/x/M.cs", "/work/shared/fixtures/m.json" },
            { "m.json", "/proj/", "/proj/M.cs", "/elsewhere/m.json" },
        };

        [Theory]
        [MemberData(nameof(Resolutions))]
        public void Spec_paths_resolve_like_the_project_lists_them(string spec, string? projectDir, string sourcePath, string filePath)
        {
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (sourcePath, $"using CnnGen; [CnnModel(Spec = @\"{spec}\")] public partial class M {{ }}") },
                new[] { (filePath, SequentialSeedDnn), ("/proj/other.json", "{}"), ("/proj/notes.txt", "not json") },
                projectDir);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Single(run.Sources);
        }

        /// <summary>Warnings (here an unknown field in a CnnGen spec) are reported, and the model is still generated.</summary>
        [Fact]
        public void Warnings_do_not_stop_generation()
        {
            GeneratorRun run = RunOne("""{"input": [4], "layers": [{"type": "Dense", "units": 2, "kernel_initializer": "zeros"}]}""");
            Assert.Equal("CNNG210", Assert.Single(run.Diagnostics).Id);
            Assert.Single(run.Sources);
            Assert.Empty(run.CompileErrors);
        }

        /// <summary>Two models may share a spec file; each gets its code.</summary>
        [Fact]
        public void Two_models_can_share_one_file()
        {
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (ProjectDir + "M.cs", "using CnnGen; [CnnModel(Spec = \"m.json\")] public partial class A { } [CnnModel(Spec = \"./m.json\", Name = \"b\")] public partial class B { }") },
                new[] { (ProjectDir + "m.json", SequentialSeedDnn) },
                ProjectDir);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            Assert.Equal(new[] { "A.g.cs", "B.g.cs" }, run.Sources.Keys.OrderBy(k => k));
            Assert.Empty(run.CompileErrors);
        }
    }
}
