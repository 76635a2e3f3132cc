using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// shared/fixtures/keras/negative.json, case by case: each model Keras (tfjs) rejects, or accepts only to fail
    /// in predict, is declared by attributes and must be a compile-time error on the attribute of the right layer.
    /// For "accepted" models the decision is per case: Keras' 0-size outputs and out-of-range arguments are errors
    /// here; the rest generate code with Keras' output shape.
    /// </summary>
    public class NegativeFixtureTests
    {
        /// <summary>Cases the attribute form can express; the others need layers or values C# attributes cannot carry.</summary>
        private static readonly HashSet<string> SupportedLayers = new HashSet<string> { "conv2d", "maxPooling2d", "averagePooling2d", "dense", "flatten", "dropout" };

        /// <summary>Accepted by tfjs, errors here (0-size output or out-of-range argument), with the id expected.</summary>
        private static readonly Dictionary<string, string> AcceptedButRejectedHere = new Dictionary<string, string>
        {
            ["kernel_one_larger_than_input"] = "CNNG101",
            ["pool_larger_than_input"] = "CNNG101",
            ["pool_one_larger_than_input_stride1"] = "CNNG101",
            ["kernel_size_zero"] = "CNNG004",
            ["dropout_rate_above_one"] = "CNNG004",
        };

        /// <summary>
        /// Cases where the error comes at an earlier layer than Keras': Keras lets a 0-size output through and
        /// fails on the next layer, CnnGen stops at the layer that produces it.
        /// </summary>
        private static readonly Dictionary<string, int> EarlierLayer = new Dictionary<string, int>
        {
            ["conv_chain_goes_negative"] = 1,
        };

        private static JsonElement Negative => SharedFiles.ReadJson(System.IO.Path.Combine(SharedFiles.Root, "fixtures", "keras", "negative.json"));

        public static TheoryData<string, string> Rejected()
        {
            var data = new TheoryData<string, string>();
            foreach (string group in new[] { "cases", "failsOnlyAtPredict" })
            {
                foreach (JsonElement c in Negative.GetProperty(group).EnumerateArray())
                {
                    if (ToSource(c) != null) data.Add(group, c.GetProperty("name").GetString()!);
                }
            }
            return data;
        }

        public static TheoryData<string> Accepted()
        {
            var data = new TheoryData<string>();
            foreach (JsonElement c in Negative.GetProperty("accepted").EnumerateArray())
            {
                if (ToSource(c) != null) data.Add(c.GetProperty("name").GetString()!);
            }
            return data;
        }

        [Fact]
        public void Most_cases_are_expressible_by_attributes()
        {
            // Guards against the filter silently dropping everything.
            Assert.True(Rejected().Count >= 16, "only " + Rejected().Count + " rejected cases expressible");
            Assert.True(Accepted().Count >= 8, "only " + Accepted().Count + " accepted cases expressible");
        }

        [Theory]
        [MemberData(nameof(Rejected))]
        public void Rejected_by_keras_is_a_compile_time_error_at_the_layer(string group, string name)
        {
            JsonElement c = Negative.GetProperty(group).EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
            GeneratorRun run = GeneratorHarness.Run(ToSource(c)!);
            Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            run.AssertStandInOnly();
            int line = error.Location.GetLineSpan().StartLinePosition.Line;
            if (c.TryGetProperty("layerIndex", out JsonElement index) && c.GetProperty("inputShape").ValueKind != JsonValueKind.Null
                && !(name == "negative_input_dim"))
            {
                if (EarlierLayer.TryGetValue(name, out int earlier))
                {
                    Assert.Equal(FirstLayerLine + earlier, line);
                    return;
                }
                Assert.Equal(FirstLayerLine + index.GetInt32(), line);
                Assert.Contains($"'{c.GetProperty("layerName").GetString()}'", error.GetMessage(CultureInfo.InvariantCulture));
            }
            else if (group == "failsOnlyAtPredict")
            {
                Assert.Equal(FirstLayerLine, line);
            }
        }

        [Theory]
        [MemberData(nameof(Accepted))]
        public void Accepted_by_keras_is_decided_case_by_case(string name)
        {
            JsonElement c = Negative.GetProperty("accepted").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
            GeneratorRun run = GeneratorHarness.Run(ToSource(c)!);
            if (AcceptedButRejectedHere.TryGetValue(name, out string? id))
            {
                Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
                Assert.Equal(id, error.Id);
                return;
            }
            Assert.Empty(run.CompileErrors);
            Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            // The generated model has Keras' output shape.
            int[] shape = c.GetProperty("outputShape").EnumerateArray().Skip(1).Select(e => e.GetInt32()).ToArray();
            INamedTypeSymbol model = run.Output.GetTypeByMetadataName("Demo.M")!;
            Assert.Equal(shape.Aggregate(1, (a, b) => a * b), model.GetMembers("OutputLength").OfType<IFieldSymbol>().Single().ConstantValue);
        }

        private const int FirstLayerLine = 5;

        /// <summary>The case as an attribute-declared model, one layer per line from line 5; null when not expressible.</summary>
        private static string? ToSource(JsonElement c)
        {
            var sb = new StringBuilder("using CnnGen;\nnamespace Demo\n{\n    [CnnModel]\n");
            JsonElement input = c.GetProperty("inputShape");
            sb.Append(input.ValueKind == JsonValueKind.Null ? "    // no input\n" : $"    [Input({string.Join(", ", input.EnumerateArray().Select(e => e.GetInt32()))})]\n");
            foreach (JsonElement layer in c.GetProperty("layers").EnumerateArray())
            {
                string kind = layer[0].GetString()!;
                JsonElement o = layer[1];
                if (!SupportedLayers.Contains(kind)) return null;
                string? attribute = ToAttribute(kind, o);
                if (attribute == null) return null;
                sb.Append("    [").Append(attribute).Append("]\n");
            }
            return sb.Append("    public partial class M { }\n}\n").ToString();
        }

        private static string? ToAttribute(string kind, JsonElement o)
        {
            var named = new List<string>();
            foreach (JsonProperty p in o.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "filters":
                    case "units":
                    case "kernelSize":
                    case "poolSize":
                    case "rate":
                        break;
                    case "strides":
                        named.Add($"StrideHeight = {p.Value[0].GetInt32()}, StrideWidth = {p.Value[1].GetInt32()}");
                        break;
                    case "dilationRate":
                        if (p.Value[0].GetInt32() != p.Value[1].GetInt32()) return null;
                        named.Add($"DilationRate = {p.Value[0].GetInt32()}");
                        break;
                    case "padding":
                        if (p.Value.GetString() != "same" && p.Value.GetString() != "valid") return null;
                        named.Add("Padding = Padding." + (p.Value.GetString() == "same" ? "Same" : "Valid"));
                        break;
                    default:
                        return null;
                }
            }
            string rest = named.Count == 0 ? "" : ", " + string.Join(", ", named);
            int[]? Pair(string key)
            {
                if (!o.TryGetProperty(key, out JsonElement v)) return null;
                int[] values = v.EnumerateArray().Select(e => e.TryGetInt32(out int i) ? i : int.MinValue).ToArray();
                return values.Length == 2 && !values.Contains(int.MinValue) ? values : null;
            }
            bool IntValue(string key, out int value)
            {
                value = 0;
                return o.TryGetProperty(key, out JsonElement v) && v.TryGetInt32(out value);
            }
            switch (kind)
            {
                case "conv2d":
                    int[]? k = Pair("kernelSize");
                    return IntValue("filters", out int filters) && k != null ? $"Conv2D({filters}, {k[0]}, {k[1]}{rest})" : null;
                case "maxPooling2d":
                case "averagePooling2d":
                    int[]? p = Pair("poolSize");
                    return p != null ? $"{(kind == "maxPooling2d" ? "MaxPooling2D" : "AveragePooling2D")}({p[0]}, {p[1]}{rest})" : null;
                case "dense":
                    return IntValue("units", out int units) ? $"Dense({units}{rest})" : null;
                case "flatten":
                    return "Flatten" + (rest.Length > 0 ? $"({rest.Substring(2)})" : "");
                case "dropout":
                    return $"Dropout({o.GetProperty("rate").GetDouble().ToString("R", CultureInfo.InvariantCulture)})";
                default:
                    return null;
            }
        }
    }
}
