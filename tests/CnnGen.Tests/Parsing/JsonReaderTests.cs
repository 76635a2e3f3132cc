using System.Linq;
using CnnGen.Generator.Parsing;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>The generator's own JSON reader, without Roslyn: values, escapes, spans, and errors with line/column.</summary>
    public class JsonReaderTests
    {
        private static JsonNode Parse(string text)
        {
            JsonNode? node = JsonReader.Parse(text, out JsonSyntaxError? error);
            Assert.True(error is null, error?.ToString());
            return node!;
        }

        public static TheoryData<string, string, string> Scalars => new TheoryData<string, string, string>
        {
            { "null", nameof(JsonKind.Null), "null" },
            { "true", nameof(JsonKind.True), "true" },
            { "false", nameof(JsonKind.False), "false" },
            { "0", nameof(JsonKind.Integer), "0" },
            { "-12", nameof(JsonKind.Integer), "-12" },
            { "64", nameof(JsonKind.Integer), "64" },
            { "9223372036854775807", nameof(JsonKind.Integer), "9223372036854775807" },
            { "9223372036854775808", nameof(JsonKind.Number), "9.223372036854776E+18" },
            { "1.5", nameof(JsonKind.Number), "1.5" },
            { "1.0", nameof(JsonKind.Number), "1" },
            { "1e3", nameof(JsonKind.Number), "1000" },
            { "-0.25E-2", nameof(JsonKind.Number), "-0.0025" },
            { "0.001", nameof(JsonKind.Number), "0.001" },
            { "NaN", nameof(JsonKind.Number), "NaN" },
            { "Infinity", nameof(JsonKind.Number), "Infinity" },
            { "-Infinity", nameof(JsonKind.Number), "-Infinity" },
            { "\"relu\"", nameof(JsonKind.String), "relu" },
            { "\"\"", nameof(JsonKind.String), "" },
            { "\"a\\\"b\"", nameof(JsonKind.String), "a\"b" },
            { "\"\\\\ \\/ \\b \\f \\n \\r \\t\"", nameof(JsonKind.String), "\\ / \b \f \n \r \t" },
            { "\"caf\\u00e9\"", nameof(JsonKind.String), "café" },
            { "\"\\uD83D\\uDE00!\"", nameof(JsonKind.String), "😀!" },
            { "\"ünïcødé 字\"", nameof(JsonKind.String), "ünïcødé 字" },
            { " \t\r\n 7 \n", nameof(JsonKind.Integer), "7" },
            { "\uFEFF{}", nameof(JsonKind.Object), "" },
        };

        [Theory]
        [MemberData(nameof(Scalars))]
        public void Reads_values(string text, string kind, string expected)
        {
            JsonNode node = Parse(text);
            Assert.Equal(kind, node.Kind.ToString());
            switch (node.Kind)
            {
                case JsonKind.String: Assert.Equal(expected, node.String); break;
                case JsonKind.Integer: Assert.Equal(expected, node.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                case JsonKind.Number: Assert.Equal(expected, node.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }

        [Fact]
        public void Integers_and_numbers_stay_apart_but_both_read_as_numbers()
        {
            JsonNode node = Parse("[3, 3.0, 3e0]");
            Assert.Equal(new[] { JsonKind.Integer, JsonKind.Number, JsonKind.Number }, node.Items.Select(i => i.Kind));
            Assert.All(node.Items, i => Assert.Equal(3.0, i.Number));
            Assert.Equal(new[] { "3", "3.0", "3e0" }, node.Items.Select(i => i.RawNumber));
        }

        [Fact]
        public void Objects_keep_member_order_and_the_last_duplicate_wins()
        {
            JsonNode node = Parse("{\"b\": 1, \"a\": [true, null], \"b\": 2}");
            Assert.Equal(new[] { "b", "a", "b" }, node.Properties.Select(p => p.Name));
            Assert.Equal(2, node["b"]!.Integer);
            Assert.Equal(JsonKind.Array, node["a"]!.Kind);
            Assert.Null(node["missing"]);
        }

        [Fact]
        public void Every_node_keeps_its_span()
        {
            const string text = "{\"a\": [1, 22], \"s\": \"x\\ny\"}";
            JsonNode root = Parse(text);
            Assert.Equal(text, text.Substring(root.Span.Start, root.Span.Length));
            JsonNode a = root["a"]!;
            Assert.Equal("[1, 22]", text.Substring(a.Span.Start, a.Span.Length));
            Assert.Equal("22", text.Substring(a.Items[1].Span.Start, a.Items[1].Span.Length));
            Assert.Equal("\"x\\ny\"", text.Substring(root["s"]!.Span.Start, root["s"]!.Span.Length));
            JsonProperty s = root.Property("s")!;
            Assert.Equal("\"s\"", text.Substring(s.NameSpan.Start, s.NameSpan.Length));
        }

        public static TheoryData<string, string, int, int, int, int> Positions => new TheoryData<string, string, int, int, int, int>
        {
            // text, member whose value is located, start line, start column, end line, end column (zero-based)
            { "{\n  \"x\": 1\n}", "x", 1, 7, 1, 8 },
            { "{\r\n\"x\":\r\n 55}", "x", 2, 1, 2, 3 },
            { "{\r\"x\":\r\r [1,\n2]}", "x", 3, 1, 4, 2 },
            { "{\"a\": 1,\n\n\n   \"x\": \"long\"}", "x", 3, 8, 3, 14 },
            // U+2028 ends a line for Roslyn's SourceText too, even inside a string.
            { "{\"a\": \"\u2028\",\n\"x\": null}", "x", 2, 5, 2, 9 },
        };

        [Theory]
        [MemberData(nameof(Positions))]
        public void Line_and_column_follow_every_line_break_kind(string text, string member, int line, int column, int endLine, int endColumn)
        {
            JsonNode value = Parse(text)[member]!;
            Assert.Equal((line, column, endLine, endColumn),
                (value.LineSpan.Start.Line, value.LineSpan.Start.Character, value.LineSpan.End.Line, value.LineSpan.End.Character));
        }

        [Fact]
        public void Positions_agree_with_roslyn_source_text()
        {
            const string text = "{\"a\": [1,\r\n 2],\r\"b\":\n{\"c\": \"\u0085\"},\n\"d\": [\"\u2029\", \"x\u2028\", null]}";
            var lines = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines;
            int checkedNodes = 0;
            void Check(JsonNode node)
            {
                Assert.Equal(lines.GetLinePositionSpan(node.Span), node.LineSpan);
                checkedNodes++;
                foreach (JsonNode item in node.Items) Check(item);
                foreach (JsonProperty p in node.Properties)
                {
                    Assert.Equal(lines.GetLinePositionSpan(p.NameSpan), p.NameLineSpan);
                    Check(p.Value);
                }
            }
            Check(Parse(text));
            Assert.Equal(10, checkedNodes);
        }

        public static TheoryData<string, int, int, string> Errors => new TheoryData<string, int, int, string>
        {
            // text, one-based line and column of the error, part of the message
            { "", 1, 1, "the file is empty" },
            { "   \n  ", 2, 3, "the file is empty" },
            { "{", 1, 2, "unexpected end of file; expected a property name" },
            { "{\"a\": 1,}", 1, 9, "trailing comma" },
            { "[1, 2,]", 1, 7, "trailing comma" },
            { "{\"a\" 1}", 1, 6, "expected ':' after the property name \"a\"" },
            { "{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after the value of \"a\"" },
            { "[1 2]", 1, 4, "expected ',' or ']'" },
            { "{'a': 1}", 1, 2, "JSON strings use double quotes" },
            { "{a: 1}", 1, 2, "expected a property name in double quotes" },
            { "[01]", 1, 2, "leading zeros" },
            { "[1.]", 1, 2, "expected a digit after '.'" },
            { "[1e+]", 1, 2, "expected a digit in the exponent" },
            { "[-]", 1, 2, "expected a digit after '-'" },
            { "[+1]", 1, 2, "unexpected '+'" },
            { "\"abc", 1, 1, "unterminated string" },
            { "[\"a\nb\"]", 1, 2, "a line break inside a string" },
            { "\"a\tb\"", 1, 3, "control character U+0009" },
            { "\"a\\xb\"", 1, 3, "invalid escape '\\x'" },
            { "\"\\u12G4\"", 1, 2, "invalid \\u escape" },
            { "{\n  \"a\": tru\n}", 2, 8, "unexpected 'tru'" },
            { "{\n  \"a\": True\n}", 2, 8, "unexpected 'T'" },
            { "[1] 2", 1, 5, "after the end of the JSON value" },
            { "// comment\n{}", 1, 1, "JSON has no comments" },
            { "{\"layers\": [\n  {\"type\": \"Dense\",\n   \"units\": 10,,\n  }]}", 3, 16, "expected a property name" },
            { new string('[', 300), 1, 257, "nested more than 256 levels" },
        };

        [Theory]
        [MemberData(nameof(Errors))]
        public void Reports_syntax_errors_with_line_and_column(string text, int line, int column, string message)
        {
            JsonNode? node = JsonReader.Parse(text, out JsonSyntaxError? error);
            Assert.Null(node);
            Assert.NotNull(error);
            Assert.Contains(message, error!.Message);
            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.True(error.Span.End <= text.Length);
        }
    }
}
