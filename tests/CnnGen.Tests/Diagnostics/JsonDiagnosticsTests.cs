using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// Every CNNG2xx diagnostic (and the shape errors of JSON models), with its exact id, file, line and column.
    /// In each case '⟨' marks where the diagnostic must start; it is removed before the generator runs.
    /// </summary>
    public class JsonDiagnosticsTests
    {
        private const string ProjectDir = "/proj/";
        private const string JsonPath = ProjectDir + "m.json";
        private const string SourcePath = ProjectDir + "M.cs";
        private const char Marker = '⟨';

        /// <summary>The one-based line and column of the marker, and the text without it.</summary>
        private static (int Line, int Column, string Text) Locate(string marked)
        {
            int at = marked.IndexOf(Marker);
            Assert.True(at >= 0, "the case has no marker");
            string before = marked.Substring(0, at);
            int line = before.Count(c => c == '\n') + 1;
            int column = at - (before.LastIndexOf('\n') + 1) + 1;
            return (line, column, marked.Remove(at, 1));
        }

        internal static GeneratorRun Run(string json, string declaration = "[CnnModel(Spec = \"m.json\")]", params (string Path, string Text)[] more) =>
            GeneratorHarness.Run(
                new[] { (SourcePath, "using CnnGen;\n" + declaration + "\npublic partial class M { }\n") },
                new[] { (JsonPath, json) }.Concat(more),
                ProjectDir);

        private static void AssertAt(Diagnostic d, string id, string path, int line, int column, string message)
        {
            FileLinePositionSpan span = d.Location.GetLineSpan();
            Assert.Equal(id, d.Id);
            Assert.Equal(path, span.Path);
            Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
            Assert.True(d.GetMessage(CultureInfo.InvariantCulture).Contains(message), $"expected '{message}' in: {d.GetMessage(CultureInfo.InvariantCulture)}");
        }

        public static TheoryData<string, string, string, string> JsonCases => new TheoryData<string, string, string, string>
        {
            // case, JSON with the marker, id, part of the message
            {
                "syntax error", """
                {"input": [4],
                 "layers": [
                  {"type": "Dense" ⟨"units": 2}]}
                """, "CNNG201", "'m.json' is not valid JSON: unexpected '\"'; expected ',' or '}' after the value of \"type\" (line 3, column 20)"
            },
            { "syntax error: trailing comma", "{\"input\": [4], \"layers\": [{\"type\": \"Flatten\"},⟨]}", "CNNG201", "a trailing comma is not allowed in JSON (line 1, column 47)" },
            { "not an object", "⟨[1, 2]", "CNNG202", "'m.json' is not a model CnnGen can read: the top level is an array of 2, not an object" },
            { "unknown shape", "⟨{\"weights\": []}", "CNNG202", "it has none of the members 'class_name' (Keras), 'modelTopology' (TF.js) or 'layers' (CnnGen)" },
            {
                "unknown layer class", """
                {"input": [8, 8, 1], "layers": [
                  {"type": "Conv2D", "filters": 2, "kernel_size": 3},
                  {"type": ⟨"Conv3D", "filters": 2}]}
                """, "CNNG203", "Layer 1 'conv3d': unknown layer class 'Conv3D'; supported: Activation, Add, Average, AveragePooling1D, AveragePooling2D, BatchNormalization, Concatenate, Conv1D, Conv2D, Conv2DTranspose, Cropping1D, Cropping2D, Dense, DepthwiseConv2D, Dropout, ELU, Flatten, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, InputLayer (first layer of a Sequential model), LeakyReLU, MaxPooling1D, MaxPooling2D, Maximum, Minimum, Multiply, PReLU, Permute, ReLU, Rescaling, Reshape, SeparableConv2D, Softmax, SpatialDropout1D, SpatialDropout2D, Subtract, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D"
            },
            {
                "channels_first", """
                {"input": [8, 8, 1], "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 3, "data_format": ⟨"channels_first"}]}
                """, "CNNG204", "Layer 0 'conv2d' (Conv2D): data_format 'channels_first' is not supported"
            },
            {
                "channels_first Flatten (Keras config)", """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Flatten", "config": {"name": "f", "batch_input_shape": [null, 2, 2, 3], "data_format": ⟨"channels_first"}}]}}
                """, "CNNG204", "Layer 0 'f' (Flatten): data_format 'channels_first' is not supported"
            },
            {
                "groups > 1", """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Conv2D", "config": {"name": "grouped", "batch_input_shape": [null, 8, 8, 4], "filters": 4, "kernel_size": [3, 3], "groups": ⟨2}}]}}
                """, "CNNG204", "Layer 0 'grouped' (Conv2D): groups = 2 (grouped convolution) is not supported; only groups = 1"
            },
            {
                "causal padding", """
                {"input": [8, 8, 1], "layers": [{"type": "Conv2D", "filters": 2, "kernel_size": 3, "padding": ⟨"causal"}]}
                """, "CNNG204", "Layer 0 'conv2d' (Conv2D): padding 'causal' is not supported"
            },
            {
                "InputLayer after the first layer", """
                {"class_name": "Sequential", "config": {"layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 4]}},
                  {"class_name": ⟨"InputLayer", "config": {"batch_shape": [null, 2], "name": "late"}}]}}
                """, "CNNG204", "Layer 1 'late' (InputLayer): an InputLayer is only supported as the first layer"
            },
            {
                "functional model with two outputs", """
                {"class_name": "Functional", "config": {"name": "branchy", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
                  {"class_name": "Dense", "config": {"name": "a", "units": 4}, "name": "a", "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "config": {"name": "cat", "axis": -1}, "name": "cat", "inbound_nodes": [[["in", 0, 0, {}], ["a", 0, 0, {}]]]}],
                  "input_layers": [["in", 0, 0]], "output_layers": ⟨[["a", 0, 0], ["cat", 0, 0]]}}
                """, "CNNG205", "The model 'branchy' in 'm.json' is not supported: its outputs are 'a', 'cat'; CnnGen generates models with one output"
            },
            {
                "functional model with a layer the output does not use", """
                {"class_name": "Model", "config": {"name": "skip", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
                  ⟨{"class_name": "Dense", "config": {"name": "a", "units": 4}, "name": "a", "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "b", "units": 4}, "name": "b", "inbound_nodes": [[["in", 0, 0, {}]]]}],
                  "input_layers": [["in", 0, 0]], "output_layers": [["b", 0, 0]]}}
                """, "CNNG110", "Layer 0 'a' (Dense) is not used: the model's output 'b' does not depend on it"
            },
            {
                "Keras 3 merge of shapes that do not broadcast", """
                {"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "merge", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "a", "units": 3}, "name": "a", "inbound_nodes": [
                    {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "keras_history": ["in", 0, 0]}}], "kwargs": {}}]},
                  ⟨{"module": "keras.layers", "class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [
                    {"args": [[{"class_name": "__keras_tensor__", "config": {"keras_history": ["in", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}}]], "kwargs": {}}]}],
                  "input_layers": ["in", 0, 0], "output_layers": ["add", 0, 0]}}
                """, "CNNG111", "Layer 1 'add' (Add) cannot merge its inputs (None, 4) and (None, 3): operands could not be broadcast together"
            },
            {
                "functional model naming a layer that does not exist", """
                {"class_name": "Functional", "config": {"name": "typo", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
                  ⟨{"class_name": "Dense", "config": {"name": "a", "units": 4}, "name": "a", "inbound_nodes": [[["inn", 0, 0, {}]]]}],
                  "input_layers": [["in", 0, 0]], "output_layers": [["a", 0, 0]]}}
                """, "CNNG108", "Layer 0 'a' (Dense) takes 'inn[0][0]', which is not a layer of the model (nor its input 'in')"
            },
            {
                "CnnGen spec with a cycle", """
                {"input": [4], "layers": [
                  ⟨{"type": "Dense", "units": 4, "name": "a", "inputs": ["b"]},
                  {"type": "Dense", "units": 4, "name": "b"},
                  {"type": "Add", "inputs": ["b", "input"]}]}
                """, "CNNG109", "Layer 0 'a' (Dense) is part of a cycle: 'a' → 'b' → 'a'"
            },
            { "another model class", "{\"class_name\": ⟨\"MyModel\", \"config\": {}}", "CNNG205", "the model class is 'MyModel'; CnnGen reads Sequential and functional (Functional, Model) models" },
            { "TF.js graph model", "{\"format\": ⟨\"graph-model\", \"modelTopology\": {\"node\": []}}", "CNNG205", "a TF.js graph model holds a TensorFlow graph, not Keras layers" },
            {
                "nested Sequential", """
                {"class_name": "Sequential", "config": {"name": "outer", "layers": [
                  {"class_name": "Flatten", "config": {"name": "f", "batch_input_shape": [null, 2, 2]}},
                  {"class_name": ⟨"Sequential", "config": {"name": "inner", "layers": []}}]}}
                """, "CNNG205", "The model 'outer' in 'm.json' is not supported: layer 1 'inner' is a nested Sequential model"
            },
            { "missing units", "{\"input\": [4], \"layers\": [{\"type\": ⟨\"Dense\"}]}", "CNNG206", "Layer 0 'dense' (Dense): required field 'units' is missing" },
            { "missing activation", "{\"input\": [4], \"layers\": [{\"type\": ⟨\"Activation\", \"name\": \"act\"}]}", "CNNG206", "Layer 0 'act' (Activation): required field 'activation' is missing" },
            { "missing CnnGen input", "⟨{\"layers\": [{\"type\": \"Dense\", \"units\": 2}]}", "CNNG206", "The model: required field 'input' is missing: give the shape of one sample" },
            { "missing CnnGen layer type", "{\"input\": [4], \"layers\": [⟨{\"units\": 2}]}", "CNNG206", "Layer entry 0: required field 'type' is missing" },
            {
                "missing Keras input shape", """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": ⟨"Dense", "config": {"name": "d", "units": 2}}]}}
                """, "CNNG206", "Layer 0 'd' (Dense): required field 'batch_input_shape' is missing: the model has no input shape"
            },
            { "missing Keras layers", "{\"class_name\": ⟨\"Sequential\", \"config\": {\"name\": \"s\"}}", "CNNG206", "The model: required field 'layers' is missing" },
            { "missing Keras layer config", "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": ⟨\"Dense\"}]}", "CNNG206", "Layer entry 0 (Dense): required field 'config' is missing" },
            { "filters as a string", "{\"input\": [8, 8, 1], \"layers\": [{\"type\": \"Conv2D\", \"filters\": ⟨\"64\", \"kernel_size\": 3}]}", "CNNG207", "Layer 0 'conv2d' (Conv2D): field 'filters' must be an integer, got string \"64\"" },
            { "filters as a number", "{\"input\": [8, 8, 1], \"layers\": [{\"type\": \"Conv2D\", \"filters\": ⟨64.5, \"kernel_size\": 3}]}", "CNNG207", "field 'filters' must be an integer, got number 64.5" },
            { "three kernel sizes", "{\"input\": [8, 8, 1], \"layers\": [{\"type\": \"Conv2D\", \"filters\": 2, \"kernel_size\": ⟨[3, 3, 3]}]}", "CNNG207", "field 'kernel_size' must be an integer or a list of two integers, got an array of 3" },
            { "unknown padding", "{\"input\": [8, 8, 1], \"layers\": [{\"type\": \"MaxPooling2D\", \"padding\": ⟨\"full\"}]}", "CNNG207", "Layer 0 'max_pooling2d' (MaxPooling2D): field 'padding' must be \"valid\" or \"same\"" },
            { "use_bias as a string", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2, \"use_bias\": ⟨\"yes\"}]}", "CNNG207", "field 'use_bias' must be true or false" },
            { "rate as a string", "{\"input\": [4], \"layers\": [{\"type\": \"Dropout\", \"rate\": ⟨\"0.5\"}]}", "CNNG207", "Layer 0 'dropout' (Dropout): field 'rate' must be a number, got string \"0.5\"" },
            { "variable input size", "{\"input\": [28, ⟨null, 1], \"layers\": [{\"type\": \"Flatten\"}]}", "CNNG207", "The model: field 'input' has a variable (null) size at position 1" },
            { "input not a list", "{\"input\": ⟨784, \"layers\": [{\"type\": \"Flatten\"}]}", "CNNG207", "The model: field 'input' must be a list of sizes such as [28, 28, 1], got integer 784" },
            { "no layers", "{\"input\": [4], \"layers\": ⟨[]}", "CNNG207", "The model 'sequential': field 'layers' holds no layer" },
            { "name not a string", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2, \"name\": ⟨7}]}", "CNNG207", "Layer 0 (Dense): field 'name' must be a string, got integer 7" },
            { "unknown activation", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2, \"activation\": ⟨\"leaky_relu\"}]}", "CNNG208", "Layer 0 'dense' (Dense): unknown activation 'leaky_relu'; supported: linear, relu, relu6, sigmoid, hard_sigmoid, tanh, softmax, log_softmax, softplus, softsign, elu, selu, swish, silu, mish, gelu, exponential" },
            {
                "unknown activation (Keras 3 object)", """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 4],
                   "activation": {"module": "keras.activations", "class_name": "function", "config": ⟨"hard_tanh", "registered_name": "function"}}}]}}
                """, "CNNG208", "Layer 0 'd' (Dense): unknown activation 'hard_tanh'"
            },
        };

        [Theory]
        [MemberData(nameof(JsonCases))]
        public void Json_errors_point_at_the_offending_token(string what, string marked, string id, string message)
        {
            (int line, int column, string json) = Locate(marked);
            GeneratorRun run = Run(json);
            run.AssertStandInOnly();
            Diagnostic d = Assert.Single(run.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error));
            AssertAt(d, id, JsonPath, line, column, message);
            Assert.True(d.Id == id, what);
        }

        public static TheoryData<string, string, string, string> WarningCases => new TheoryData<string, string, string, string>
        {
            { "unknown layer field", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2, ⟨\"unit\": 3}]}", "CNNG210", "Layer 0 'dense' (Dense): unknown field 'unit' is ignored" },
            { "unknown model field", "{\"input\": [4], ⟨\"inputs\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2}]}", "CNNG210", "The model: unknown field 'inputs' is ignored; the model fields are $schema, $comment, description, name, input, layers" },
            {
                "hard_sigmoid in a Keras 3 file", """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "in"}},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2, "activation": ⟨"hard_sigmoid"}}]}}
                """, "CNNG211", "Layer 0 'd' (Dense): this Keras 3 file uses 'hard_sigmoid', which Keras 3 computes as relu6(x + 3) / 6"
            },
        };

        [Theory]
        [MemberData(nameof(WarningCases))]
        public void Json_warnings_point_at_the_token_and_the_model_is_still_generated(string what, string marked, string id, string message)
        {
            (int line, int column, string json) = Locate(marked);
            GeneratorRun run = Run(json);
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            AssertAt(d, id, JsonPath, line, column, message);
            Assert.True(run.Sources.Count == 1, what);
            Assert.Empty(run.CompileErrors);
        }

        /// <summary>Shape inference reports against the JSON layer (or input) it found wrong, not the C# class.</summary>
        public static TheoryData<string, string, string> ShapeCases => new TheoryData<string, string, string>
        {
            { "{\"input\": [4, 4, 1], \"layers\": [\n  ⟨{\"type\": \"Conv2D\", \"filters\": 2, \"kernel_size\": 5}]}", "CNNG101", "Layer 0 'conv2d' (Conv2D): its kernel window 5x5 (effective 5x5) is larger than its input (None, 4, 4, 1)" },
            { "{\"input\": ⟨[0, 4, 1], \"layers\": [{\"type\": \"Flatten\"}]}", "CNNG007", "The input of model 'M' is invalid: every dimension must be positive" },
            { "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2, \"name\": \"d\"},\n  ⟨{\"type\": \"Dense\", \"units\": 2, \"name\": \"d\"}]}", "CNNG005", "Layer 1 is named 'd', which layer 0 already uses" },
            { "{\"input\": [4], \"layers\": [⟨{\"type\": \"Dropout\", \"rate\": 1.5}]}", "CNNG004", "Layer 0 'dropout' (Dropout): rate must be in [0, 1), got 1.5" },
            { "{\"input\": [9, 9, 1], \"layers\": [⟨{\"type\": \"Conv2D\", \"filters\": 1, \"kernel_size\": 3, \"strides\": 2, \"dilation_rate\": 2}]}", "CNNG104", "dilation rate 2x2 together with strides 2x2" },
            { "{\"input\": [4], \"layers\": [⟨{\"type\": \"Conv2D\", \"filters\": 1, \"kernel_size\": 3}]}", "CNNG103", "Layer 0 'conv2d' (Conv2D) expects an image (height, width, channels), but its input is (None, 4) (rank 1)" },
        };

        [Theory]
        [MemberData(nameof(ShapeCases))]
        public void Shape_errors_point_at_the_json_layer(string marked, string id, string message)
        {
            (int line, int column, string json) = Locate(marked);
            GeneratorRun run = Run(json);
            run.AssertStandInOnly();
            AssertAt(Assert.Single(run.Diagnostics), id, JsonPath, line, column, message);
        }

        [Fact]
        public void A_spec_missing_from_AdditionalFiles_is_reported_at_the_path_in_CSharp()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(UnrollBudget = 10, Spec = ⟨\"specs/missing.json\")]");
            GeneratorRun run = Run("{}", declaration);
            AssertAt(Assert.Single(run.Diagnostics), "CNNG200", SourcePath, line + 1, column,
                "The spec file 'specs/missing.json' of model 'M' is not among the AdditionalFiles (looked for '/proj/specs/missing.json'); add <AdditionalFiles Include=\"specs/missing.json\" /> to the project");
            run.AssertStandInOnly();
        }

        [Fact]
        public void A_spec_that_is_not_json_is_reported()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(Spec = ⟨\"model.h5\")]");
            GeneratorRun run = Run("{}", declaration, ("/proj/model.h5", "binary"));
            AssertAt(Assert.Single(run.Diagnostics), "CNNG200", SourcePath, line + 1, column, "is not among the AdditionalFiles (only .json files can be specs)");
        }

        [Fact]
        public void Attributes_next_to_a_spec_are_reported_each()
        {
            GeneratorRun run = Run("{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2}]}", "[CnnModel(Spec = \"m.json\")]\n[Input(4)]\n[Dense(2), Flatten]");
            run.AssertStandInOnly();
            Assert.Equal(3, run.Diagnostics.Length);
            AssertAt(run.Diagnostics[0], "CNNG209", SourcePath, 3, 2, "The model 'M' takes its input and layers from 'm.json' (Spec), so it cannot also declare [Input]");
            AssertAt(run.Diagnostics[1], "CNNG209", SourcePath, 4, 2, "cannot also declare [Dense]");
            AssertAt(run.Diagnostics[2], "CNNG209", SourcePath, 4, 12, "cannot also declare [Flatten]");
        }

        [Fact]
        public void An_ambiguous_spec_path_warns_and_uses_the_first_file()
        {
            (int line, int column, string declaration) = Locate("[CnnModel(Spec = ⟨\"../elsewhere/m.json\")]");
            GeneratorRun run = GeneratorHarness.Run(
                new[] { (SourcePath, "using CnnGen;\n" + declaration + "\npublic partial class M { }\n") },
                new[] { ("/b/m.json", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 3}]}"), ("/a/m.json", "{\"input\": [4], \"layers\": [{\"type\": \"Dense\", \"units\": 2}]}") },
                ProjectDir);
            AssertAt(Assert.Single(run.Diagnostics), "CNNG212", SourcePath, line + 1, column,
                "The spec file '../elsewhere/m.json' of model 'M' matches several AdditionalFiles (/a/m.json, /b/m.json); '/a/m.json' is used");
            Assert.Contains("OutputLength = 2;", run.Single());
        }

        /// <summary>A spec file listed in AdditionalFiles whose text the compiler cannot give (deleted from disk after the build started).</summary>
        [Fact]
        public void CNNG213_a_listed_spec_file_that_cannot_be_read()
        {
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile(
                new[] { (SourcePath, "using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n") });
            GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(compilation, false, new AdditionalText[] { new UnreadableText(JsonPath) }, ProjectDir)
                .RunGenerators(compilation).GetRunResult();
            AssertAt(Assert.Single(result.Diagnostics), "CNNG213", JsonPath, 1, 1, "The spec file '/proj/m.json' is listed in AdditionalFiles but cannot be read");
        }

        private sealed class UnreadableText : AdditionalText
        {
            public UnreadableText(string path) => Path = path;

            public override string Path { get; }

            public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
        }

        /// <summary>Every problem of a file shows at once, in file order.</summary>
        [Fact]
        public void All_problems_of_a_file_are_reported_together()
        {
            string json = """
                {"input": [8, 8, 1], "layers": [
                  {"type": "Conv2D", "filters": "8", "kernel_size": 3, "activation": "relu7"},
                  {"type": "Conv3D"},
                  {"type": "Dense", "units": 10, "bias": false}]}
                """;
            GeneratorRun run = Run(json);
            Assert.Equal(new[] { "CNNG207", "CNNG208", "CNNG203", "CNNG210" }, run.Diagnostics.Select(d => d.Id));
            Assert.Equal(new[] { 2, 2, 3, 4 }, run.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
            run.AssertStandInOnly();
        }
    }
}
