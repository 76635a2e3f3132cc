using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// Every entry of shared/fixtures/keras/negative.json written as a CnnGen JSON spec, one layer per line, so
    /// that the cases attributes cannot express (fractional filters, a 3-element kernel, padding 'foo', an
    /// unknown activation, every layer kind) are covered too: Keras' build-time and predict-time failures are
    /// compile-time errors on the line of the right layer; accepted models are decided case by case.
    /// </summary>
    public class NegativeSpecTests
    {
        private const int FirstLayerLine = 4; // 1-based: "{", "input", "layers": [, then one layer per line

        /// <summary>tfjs' camelCase layer names → Keras class names.</summary>
        private static readonly Dictionary<string, string> Classes = new Dictionary<string, string>
        {
            ["conv2d"] = "Conv2D", ["maxPooling2d"] = "MaxPooling2D", ["averagePooling2d"] = "AveragePooling2D",
            ["dense"] = "Dense", ["flatten"] = "Flatten", ["dropout"] = "Dropout", ["cropping2D"] = "Cropping2D",
            ["depthwiseConv2d"] = "DepthwiseConv2D", ["separableConv2d"] = "SeparableConv2D",
            ["batchNormalization"] = "BatchNormalization", ["globalAveragePooling2d"] = "GlobalAveragePooling2D",
            ["zeroPadding2d"] = "ZeroPadding2D", ["reshape"] = "Reshape", ["elu"] = "ELU",
        };

        /// <summary>Where CnnGen reports at an earlier layer than Keras (Keras lets a 0-size output through).</summary>
        private static readonly Dictionary<string, int> EarlierLayer = new Dictionary<string, int> { ["conv_chain_goes_negative"] = 1 };

        /// <summary>Accepted by tfjs but errors here (0-size outputs, out-of-range arguments), with the layer reported.</summary>
        private static readonly Dictionary<string, int> AcceptedButRejectedHere = new Dictionary<string, int>
        {
            ["kernel_one_larger_than_input"] = 0, ["pool_larger_than_input"] = 1, ["pool_one_larger_than_input_stride1"] = 0,
            ["kernel_size_zero"] = 0, ["dropout_rate_above_one"] = 0, ["zero_padding_negative"] = 0,
        };

        private static JsonElement Negative => SharedFiles.ReadJson(Path.Combine(SharedFiles.Root, "fixtures", "keras", "negative.json"));

        public static TheoryData<string, string> Entries()
        {
            var data = new TheoryData<string, string>();
            foreach (string group in new[] { "cases", "failsOnlyAtPredict", "accepted", "tfjsLimitations" })
            {
                foreach (JsonElement c in Negative.GetProperty(group).EnumerateArray()) data.Add(group, c.GetProperty("name").GetString()!);
            }
            return data;
        }

        [Theory]
        [MemberData(nameof(Entries))]
        public void Negative_fixture_entry_as_a_json_spec(string group, string name)
        {
            JsonElement c = Negative.GetProperty(group).EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
            GeneratorRun run = GeneratorHarness.Run(
                new[] { ("/p/M.cs", "using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n") },
                new[] { ("/p/m.json", ToSpec(c)) }, "/p/");
            var errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            bool accepted = group == "accepted" && !AcceptedButRejectedHere.ContainsKey(name);
            if (accepted || group == "tfjsLimitations")
            {
                // tfjsLimitations: valid Keras that tfjs refuses (ELU alpha 0.7); CnnGen computes it.
                Assert.Empty(errors);
                Assert.Empty(run.CompileErrors);
                if (c.TryGetProperty("outputShape", out JsonElement shape))
                {
                    int length = shape.EnumerateArray().Skip(1).Aggregate(1, (a, e) => a * e.GetInt32());
                    Assert.Equal(length, run.Output.GetTypeByMetadataName("M")!.GetMembers("OutputLength").OfType<IFieldSymbol>().Single().ConstantValue);
                }
                return;
            }
            Assert.NotEmpty(errors);
            run.AssertStandInOnly();
            Diagnostic first = errors[0];
            Assert.Equal("/p/m.json", first.Location.GetLineSpan().Path);
            int line = first.Location.GetLineSpan().StartLinePosition.Line + 1;
            if (c.GetProperty("inputShape").ValueKind == JsonValueKind.Null || name == "negative_input_dim")
            {
                Assert.True(line <= FirstLayerLine, $"{first.Id} at line {line}: {first.GetMessage(CultureInfo.InvariantCulture)}");
                return;
            }
            int layer = EarlierLayer.TryGetValue(name, out int earlier) ? earlier
                : AcceptedButRejectedHere.TryGetValue(name, out int rejected) ? rejected
                : c.TryGetProperty("layerIndex", out JsonElement index) ? index.GetInt32() : 0;
            Assert.True(FirstLayerLine + layer == line, $"expected the error on layer {layer} (line {FirstLayerLine + layer}), got {first.Id} at line {line}: {first.GetMessage(CultureInfo.InvariantCulture)}");
        }

        /// <summary>The entry as a CnnGen spec: tfjs' camelCase options become Keras' snake_case, one layer per line.</summary>
        private static string ToSpec(JsonElement c)
        {
            var sb = new StringBuilder("{\n");
            JsonElement input = c.GetProperty("inputShape");
            sb.Append(input.ValueKind == JsonValueKind.Null ? "\"name\": \"no_input\",\n" : $"\"input\": {input.GetRawText()},\n");
            sb.Append("\"layers\": [\n");
            var layers = c.GetProperty("layers").EnumerateArray().ToList();
            for (int i = 0; i < layers.Count; i++)
            {
                var fields = new List<string> { $"\"type\": \"{Classes[layers[i][0].GetString()!]}\"" };
                foreach (JsonProperty p in layers[i][1].EnumerateObject())
                {
                    fields.Add($"\"{SnakeCase(p.Name)}\": {p.Value.GetRawText()}");
                }
                sb.Append('{').Append(string.Join(", ", fields)).Append('}').Append(i < layers.Count - 1 ? ",\n" : "\n");
            }
            return sb.Append("]}\n").ToString();
        }

        private static string SnakeCase(string camel) =>
            string.Concat(camel.Select(ch => char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : ch.ToString()));
    }
}
