using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace CnnGen.Generator.Parsing
{
    /// <summary>The JSON value kinds; integers (no fraction, no exponent) are kept apart from other numbers.</summary>
    internal enum JsonKind
    {
        Null,
        False,
        True,
        Integer,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// One JSON value with the text span it was read from, so that a diagnostic can point at the exact token.
    /// Lives only inside the JSON → spec transform: nothing downstream holds a node.
    /// </summary>
    internal sealed class JsonNode
    {
        private static readonly IReadOnlyList<JsonNode> NoItems = new JsonNode[0];
        private static readonly IReadOnlyList<JsonProperty> NoProperties = new JsonProperty[0];

        private JsonNode(JsonKind kind, TextSpan span, LinePositionSpan lineSpan)
        {
            Kind = kind;
            Span = span;
            LineSpan = lineSpan;
        }

        public JsonKind Kind { get; }

        /// <summary>Characters of the value, from its first to its last character (quotes and brackets included).</summary>
        public TextSpan Span { get; }

        /// <summary>The same span as zero-based line and column positions.</summary>
        public LinePositionSpan LineSpan { get; }

        /// <summary>The unescaped text of a string.</summary>
        public string? String { get; private set; }

        /// <summary>The value of an <see cref="JsonKind.Integer"/>.</summary>
        public long Integer { get; private set; }

        /// <summary>The value of any number, integers included.</summary>
        public double Number { get; private set; }

        /// <summary>The number as written in the file.</summary>
        public string? RawNumber { get; private set; }

        /// <summary>The elements of an array, in order.</summary>
        public IReadOnlyList<JsonNode> Items { get; private set; } = NoItems;

        /// <summary>The members of an object in file order; a repeated name keeps every occurrence.</summary>
        public IReadOnlyList<JsonProperty> Properties { get; private set; } = NoProperties;

        public bool IsNumber => Kind == JsonKind.Integer || Kind == JsonKind.Number;

        public bool IsBoolean => Kind == JsonKind.True || Kind == JsonKind.False;

        /// <summary>The value of member <paramref name="name"/>; the last one wins when repeated (as in Python's json).</summary>
        public JsonNode? this[string name] => Property(name)?.Value;

        public JsonProperty? Property(string name)
        {
            for (int i = Properties.Count - 1; i >= 0; i--)
            {
                if (Properties[i].Name == name) return Properties[i];
            }
            return null;
        }

        /// <summary>The value for a message: <c>string "64"</c>, <c>integer 3</c>, <c>an array</c>.</summary>
        public string Describe()
        {
            switch (Kind)
            {
                case JsonKind.Null: return "null";
                case JsonKind.True: return "true";
                case JsonKind.False: return "false";
                case JsonKind.Integer: return "integer " + RawNumber;
                case JsonKind.Number: return "number " + RawNumber;
                case JsonKind.String: return "string \"" + Shorten(String!) + "\"";
                case JsonKind.Array: return "an array of " + Items.Count.ToString(CultureInfo.InvariantCulture);
                default: return "an object";
            }
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

        public static JsonNode Literal(JsonKind kind, TextSpan span, LinePositionSpan lineSpan) => new JsonNode(kind, span, lineSpan);

        public static JsonNode FromString(string value, TextSpan span, LinePositionSpan lineSpan) =>
            new JsonNode(JsonKind.String, span, lineSpan) { String = value };

        public static JsonNode FromInteger(long value, string raw, TextSpan span, LinePositionSpan lineSpan) =>
            new JsonNode(JsonKind.Integer, span, lineSpan) { Integer = value, Number = value, RawNumber = raw };

        public static JsonNode FromNumber(double value, string raw, TextSpan span, LinePositionSpan lineSpan) =>
            new JsonNode(JsonKind.Number, span, lineSpan) { Number = value, RawNumber = raw };

        public static JsonNode FromArray(IReadOnlyList<JsonNode> items, TextSpan span, LinePositionSpan lineSpan) =>
            new JsonNode(JsonKind.Array, span, lineSpan) { Items = items };

        public static JsonNode FromObject(IReadOnlyList<JsonProperty> properties, TextSpan span, LinePositionSpan lineSpan) =>
            new JsonNode(JsonKind.Object, span, lineSpan) { Properties = properties };
    }

    /// <summary>An object member: its name (with the span of the quoted name) and its value.</summary>
    internal sealed class JsonProperty
    {
        public JsonProperty(string name, TextSpan nameSpan, LinePositionSpan nameLineSpan, JsonNode value)
        {
            Name = name;
            NameSpan = nameSpan;
            NameLineSpan = nameLineSpan;
            Value = value;
        }

        public string Name { get; }

        public TextSpan NameSpan { get; }

        public LinePositionSpan NameLineSpan { get; }

        public JsonNode Value { get; }
    }

    /// <summary>Why a text is not JSON, and where: the span of the offending character or token.</summary>
    internal sealed class JsonSyntaxError
    {
        public JsonSyntaxError(string message, TextSpan span, LinePositionSpan lineSpan)
        {
            Message = message;
            Span = span;
            LineSpan = lineSpan;
        }

        public string Message { get; }

        public TextSpan Span { get; }

        public LinePositionSpan LineSpan { get; }

        /// <summary>One-based line, as editors show it.</summary>
        public int Line => LineSpan.Start.Line + 1;

        /// <summary>One-based column, as editors show it.</summary>
        public int Column => LineSpan.Start.Character + 1;

        public override string ToString() => $"({Line},{Column}): {Message}";
    }
}
