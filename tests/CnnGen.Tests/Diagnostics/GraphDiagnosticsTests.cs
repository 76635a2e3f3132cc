using System.Linq;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// Graphs Keras rejects (shared/fixtures/keras-functional/negative.json, declared here by attributes) and the graph
    /// errors of CnnGen's own: each one compile error with the right id, located on the offending layer's attribute,
    /// naming it. The fixture's "accepted" entries that Keras accepts compile.
    /// </summary>
    public class GraphDiagnosticsTests
    {
        public static TheoryData<string, string, string, string, string> Cases => new TheoryData<string, string, string, string, string>
        {
            // name (negative.json's where it has one), [Input] + layers (the offending one marked with /*!*/), id, layer name, text in the message
            { "add_channel_mismatch", "[Input(8, 8, 3)] [Conv2D(4, 1)] [Conv2D(6, 1, Inputs = new[] { \"input\" })] /*!*/[Add(\"conv2d\", \"conv2d_1\")]",
                "CNNG111", "add", "operands could not be broadcast together with shapes (None, 8, 8, 4) and (None, 8, 8, 6) (axis 3: 4 vs 6" },
            { "add_spatial_mismatch", "[Input(8, 8, 3)] [Conv2D(4, 1)] [Conv2D(4, 1, Strides = 2, Inputs = new[] { \"input\" })] /*!*/[Add(\"conv2d\", \"conv2d_1\")]",
                "CNNG111", "add", "(None, 8, 8, 4) and (None, 4, 4, 4)" },
            { "concat_nonaxis_mismatch", "[Input(8, 8, 3)] [Conv2D(4, 1)] [MaxPooling2D(2, Inputs = new[] { \"input\" })] [Conv2D(4, 1)] /*!*/[Concatenate(\"conv2d\", \"conv2d_1\")]",
                "CNNG111", "concatenate", "matching shapes except for the concatenation axis -1 (axis 1: 8 vs 4)" },
            { "concat_axis1_channel_mismatch", "[Input(8, 8, 3)] [Conv2D(4, 1)] [Conv2D(5, 1, Inputs = new[] { \"input\" })] /*!*/[Concatenate(\"conv2d\", \"conv2d_1\", Axis = 1)]",
                "CNNG111", "concatenate", "(axis 3: 4 vs 5)" },
            { "concat_axis_out_of_range", "[Input(8, 8, 3)] [Conv2D(4, 1)] [Conv2D(4, 1, Inputs = new[] { \"input\" })] /*!*/[Concatenate(\"conv2d\", \"conv2d_1\", Axis = 4)]",
                "CNNG111", "concatenate", "axis 4 is out of range for inputs of rank 4" },
            { "merge_single_input", "[Input(8, 8, 3)] [Conv2D(4, 1)] /*!*/[Add(\"conv2d\")]", "CNNG112", "add", "called on 1 inputs; a merge layer needs a list of at least 2 inputs" },
            { "subtract_three_inputs", "[Input(4)] [Dense(2)] [Dense(2, Inputs = new[] { \"input\" })] /*!*/[Subtract(\"dense\", \"dense_1\", \"dense\")]", "CNNG112", "subtract", "Subtract takes exactly 2 inputs" },
            { "conv_with_two_inputs", "[Input(8, 8, 3)] [Conv2D(3, 1)] /*!*/[Conv2D(4, 1, Inputs = new[] { \"input\", \"conv2d\" })]", "CNNG112", "conv2d_1", "a Conv2D layer takes one input" },
            { "graph_disconnected", "[Input(8, 8, 3)] [Conv2D(4, 1)] /*!*/[Add(\"conv2d\", \"input_2\")]",
                "CNNG108", "add", "takes 'input_2[0][0]', which is not a layer of the model (nor its input 'input')" },
            { "duplicate_layer_names", "[Input(8, 8, 3)] [Conv2D(4, 1, Name = \"branch\")] /*!*/[Conv2D(4, 1, Name = \"branch\", Inputs = new[] { \"input\" })] [Add(\"branch\", \"branch\")]",
                "CNNG005", "branch", "branch" },
            { "conv_on_flattened_branch", "[Input(8, 8, 3)] [Flatten] /*!*/[Conv2D(4, 3)]", "CNNG103", "conv2d", "an image (height, width, channels), but its input is (None, 192) (rank 1)" },
            { "cycle", "[Input(4)] /*!*/[Dense(4, Name = \"a\", Inputs = new[] { \"b\" })] [Dense(4, Name = \"b\", Inputs = new[] { \"a\" })] [Add(\"a\", \"input\")]",
                "CNNG109", "a", "is part of a cycle: 'a' → 'b' → 'a'" },
            { "unused_layer", "[Input(4)] /*!*/[Dense(3, Name = \"dead_end\")] [Dense(2, Inputs = new[] { \"input\" })]", "CNNG110", "dead_end", "the model's output 'dense' does not depend on it" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Graph_error_is_a_located_compile_error(string name, string declaration, string id, string layerName, string messagePart)
        {
            string source = "using CnnGen;\nnamespace N\n{\n    [CnnModel]\n    " + declaration + "\n    public partial class " + ToPascal(name) + " { }\n}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(id, error.Id);
            string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("'" + layerName + "'", message);
            Assert.Contains(messagePart, message);
            int marker = source.IndexOf("/*!*/", System.StringComparison.Ordinal) + "/*!*/[".Length;
            Assert.Equal(marker, error.Location.SourceSpan.Start);
            run.AssertStandInOnly();
        }

        [Fact]
        public void Every_rejected_fixture_case_is_declared_here()
        {
            JsonElement negative = SharedFiles.ReadJson(System.IO.Path.Combine(SharedFiles.Root, "fixtures", "keras-functional", "negative.json"));
            var names = Cases.Select(c => (string)c[0]).ToHashSet();
            foreach (JsonElement c in negative.GetProperty("cases").EnumerateArray()) Assert.Contains(c.GetProperty("name").GetString()!, names);
        }

        /// <summary>negative.json's "accepted" multiply_rank_mismatch: Keras gives the lower-rank input axes after the batch axis, so (8, 8, 4) × (4,) is (8, 8, 4).</summary>
        [Fact]
        public void A_merge_broadcasts_a_lower_rank_input()
        {
            GeneratorRun run = GeneratorHarness.Run(
                "using CnnGen;\n[CnnModel]\n[Input(8, 8, 3)]\n[Conv2D(4, 1, Name = \"a\")]\n[GlobalAveragePooling2D]\n[Dense(4, Name = \"g\")]\n[Multiply(\"a\", \"g\")]\npublic partial class M { }\n");
            Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.CompileErrors);
            Assert.Contains("public const int MultiplyLength = 256;", run.Single());
        }

        /// <summary>A shared layer called again on an input its weights do not fit (tf.keras 2 JSON): CNNG113 on that call.</summary>
        [Fact]
        public void A_shared_layer_called_on_another_shape_is_located_on_the_call()
        {
            const string Json = """
                {"class_name": "Functional", "config": {"name": "shared", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "name": "in", "inbound_nodes": []},
                  {"class_name": "Dense", "config": {"name": "small", "units": 3}, "name": "small", "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"class_name": "Dense", "config": {"name": "a", "units": 2}, "name": "a", "inbound_nodes": [[["in", 0, 0, {}]], [["small", 0, 0, {}]]]},
                  {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["a", 0, 0, {}], ["a", 1, 0, {}]]]}],
                  "input_layers": [["in", 0, 0]], "output_layers": [["add", 0, 0]]}}
                """;
            GeneratorRun run = JsonDiagnosticsTests.Run(Json);
            Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("CNNG113", error.Id);
            Assert.Contains("Layer 1 'a' (Dense): call 1 takes (None, 3), but the layer's weights were made for (None, 4)", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            // On the call's inbound node: the second [[...]] of a's inbound_nodes.
            int at = Json.IndexOf("[[\"small\", 0, 0, {}]]]", System.StringComparison.Ordinal);
            Assert.Equal(at, error.Location.SourceSpan.Start);
        }

        private static string ToPascal(string snake) =>
            string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }
}

namespace CnnGen.Tests.Diagnostics
{
    using System.Collections.Generic;
    using Microsoft.CodeAnalysis;
    using Xunit;

    /// <summary>Large hostile graphs: a 4,000-layer cycle is one located error with a short message.</summary>
    public class HostileGraphTests
    {
        [Fact]
        public void A_long_cycle_is_one_error_naming_its_first_layers_and_length()
        {
            var layers = new List<string> { "{\"type\": \"Dense\", \"units\": 2, \"name\": \"d0\", \"inputs\": \"d3999\"}" };
            for (int i = 1; i < 4000; i++)
                layers.Add(i % 2 == 1 ? $"{{\"type\": \"Dense\", \"units\": 2, \"name\": \"d{i}\"}}" : $"{{\"type\": \"Add\", \"name\": \"d{i}\", \"inputs\": [\"d{i - 1}\", \"d{i - 2}\"]}}");
            string json = "{\"input\": [2], \"layers\": [" + string.Join(",\n", layers) + "]}";
            GeneratorRun run = JsonDiagnosticsTests.Run(json);
            Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("CNNG109", error.Id);
            Assert.Contains("Layer 0 'd0' (Dense) is part of a cycle: 'd0' → 'd1' → 'd2' → 'd3' → 'd4' → 'd5' → … (4,000 layers in all) → 'd0'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            run.AssertStandInOnly();
        }
    }
}
