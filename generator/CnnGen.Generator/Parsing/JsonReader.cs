using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// A small JSON parser (RFC 8259) that builds a <see cref="JsonNode"/> tree in which every value keeps its
    /// span and line/column position, for diagnostics that point into the file. A generator cannot carry
    /// System.Text.Json, and that one keeps no positions anyway.
    /// </summary>
    /// <remarks>
    /// Beyond RFC 8259 it accepts a leading byte-order mark and Python's <c>NaN</c>, <c>Infinity</c> and
    /// <c>-Infinity</c>, because <c>json.dumps</c> (and so Keras' <c>to_json</c>) writes them. Lines end at
    /// <c>\r\n</c>, <c>\r</c>, <c>\n</c>, U+0085, U+2028 and U+2029, as in Roslyn's <see cref="SourceText"/>, so a
    /// position here is the position an editor shows. Nesting is limited to <see cref="MaxDepth"/> levels so
    /// that no input can overflow the compiler's stack.
    /// </remarks>
    internal sealed class JsonReader
    {
        public const int MaxDepth = 256;

        private readonly string _text;
        private readonly List<int> _lineStarts = new List<int> { 0 };
        private int _pos;

        private JsonReader(string text)
        {
            _text = text;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    _lineStarts.Add(i + 1);
                }
                else if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        /// <summary>Parses one JSON document; on failure returns null and the first syntax error.</summary>
        public static JsonNode? Parse(string text, out JsonSyntaxError? error)
        {
            var reader = new JsonReader(text);
            try
            {
                if (reader._pos < text.Length && text[reader._pos] == '\uFEFF') reader._pos++;
                reader.SkipWhitespace();
                if (reader._pos >= text.Length) throw reader.Error("the file is empty; expected a JSON object", reader._pos, 0);
                JsonNode root = reader.ReadValue(0);
                reader.SkipWhitespace();
                if (reader._pos < text.Length) throw reader.Error($"unexpected {reader.Describe(reader._pos)} after the end of the JSON value", reader._pos, 1);
                error = null;
                return root;
            }
            catch (JsonSyntaxException e)
            {
                error = e.Error;
                return null;
            }
        }

        /// <summary>The zero-based line and column of a character offset.</summary>
        public LinePosition Position(int offset)
        {
            int lo = 0, hi = _lineStarts.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (_lineStarts[mid] <= offset) lo = mid;
                else hi = mid - 1;
            }
            return new LinePosition(lo, offset - _lineStarts[lo]);
        }

        private LinePositionSpan LineSpan(int start, int end) => new LinePositionSpan(Position(start), Position(end));

        private JsonNode ReadValue(int depth)
        {
            if (depth >= MaxDepth) throw Error($"the JSON is nested more than {MaxDepth} levels deep", _pos, 1);
            if (_pos >= _text.Length) throw Error("unexpected end of file; expected a value", _pos, 0);
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"':
                {
                    int start = _pos;
                    string value = ReadString();
                    return JsonNode.FromString(value, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
                }
                case 't': return ReadLiteral("true", JsonKind.True);
                case 'f': return ReadLiteral("false", JsonKind.False);
                case 'n': return ReadLiteral("null", JsonKind.Null);
                case 'N': return ReadSpecialNumber("NaN", double.NaN);
                case 'I': return ReadSpecialNumber("Infinity", double.PositiveInfinity);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error($"unexpected {Describe(_pos)}; expected a value (object, array, string, number, true, false or null)", _pos, 1);
            }
        }

        private JsonNode ReadObject(int depth)
        {
            int start = _pos++;
            var properties = new List<JsonProperty>();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return JsonNode.FromObject(properties, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    string what = Peek() == '}' ? "'}' after ','; a trailing comma is not allowed in JSON" : Describe(_pos);
                    throw Error($"unexpected {what}; expected a property name in double quotes", _pos, _pos < _text.Length ? 1 : 0);
                }
                int nameStart = _pos;
                string name = ReadString();
                int nameEnd = _pos;
                SkipWhitespace();
                if (Peek() != ':') throw Error($"unexpected {Describe(_pos)}; expected ':' after the property name \"{name}\"", _pos, _pos < _text.Length ? 1 : 0);
                _pos++;
                SkipWhitespace();
                JsonNode value = ReadValue(depth + 1);
                properties.Add(new JsonProperty(name, TextSpan.FromBounds(nameStart, nameEnd), LineSpan(nameStart, nameEnd), value));
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }
                if (next == '}')
                {
                    _pos++;
                    return JsonNode.FromObject(properties, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
                }
                throw Error($"unexpected {Describe(_pos)}; expected ',' or '}}' after the value of \"{name}\"", _pos, _pos < _text.Length ? 1 : 0);
            }
        }

        private JsonNode ReadArray(int depth)
        {
            int start = _pos++;
            var items = new List<JsonNode>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return JsonNode.FromArray(items, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() == ']') throw Error("unexpected ']' after ','; a trailing comma is not allowed in JSON", _pos, 1);
                items.Add(ReadValue(depth + 1));
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }
                if (next == ']')
                {
                    _pos++;
                    return JsonNode.FromArray(items, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
                }
                throw Error($"unexpected {Describe(_pos)}; expected ',' or ']' in the array", _pos, _pos < _text.Length ? 1 : 0);
            }
        }

        /// <summary>Reads a quoted string at <see cref="_pos"/> (the opening quote) and returns it unescaped.</summary>
        private string ReadString()
        {
            int start = _pos++;
            StringBuilder? sb = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string: the closing '\"' is missing", start, 1);
                char c = _text[_pos];
                if (c == '"')
                {
                    string value = sb is null ? _text.Substring(runStart, _pos - runStart) : sb.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return value;
                }
                if (c < ' ')
                {
                    if (c == '\n' || c == '\r') throw Error("unterminated string: a line break inside a string must be written \\n", start, 1);
                    throw Error($"control character U+{(int)c:X4} inside a string; escape it as \\u{(int)c:X4}", _pos, 1);
                }
                if (c != '\\')
                {
                    _pos++;
                    continue;
                }
                sb ??= new StringBuilder();
                sb.Append(_text, runStart, _pos - runStart);
                if (_pos + 1 >= _text.Length) throw Error("unterminated string: the closing '\"' is missing", start, 1);
                char e = _text[_pos + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                    {
                        int code = 0;
                        for (int k = 0; k < 4; k++)
                        {
                            int at = _pos + 2 + k;
                            int digit = at < _text.Length ? HexValue(_text[at]) : -1;
                            if (digit < 0) throw Error("invalid \\u escape: expected 4 hexadecimal digits", _pos, Math.Min(6, _text.Length - _pos));
                            code = code * 16 + digit;
                        }
                        // Surrogate pairs arrive as two escapes; appending the UTF-16 units one by one joins them.
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    }
                    default:
                        throw Error($"invalid escape '\\{Printable(e)}' in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", _pos, 2);
                }
                _pos += 2;
                runStart = _pos;
            }
        }

        private JsonNode ReadNumber()
        {
            int start = _pos;
            if (_text[_pos] == '-')
            {
                _pos++;
                if (Peek() == 'I') return ReadSpecialNumber("Infinity", double.NegativeInfinity, start);
            }
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error($"invalid number: expected a digit after '-'", start, Math.Max(1, _pos - start));
            if (_text[_pos] == '0' && _pos + 1 < _text.Length && IsDigit(_text[_pos + 1]))
                throw Error("invalid number: leading zeros are not allowed in JSON", start, 1 + _pos - start);
            while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            bool integer = true;
            if (Peek() == '.')
            {
                integer = false;
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number: expected a digit after '.'", start, _pos - start);
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                integer = false;
                _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error("invalid number: expected a digit in the exponent", start, _pos - start);
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            string raw = _text.Substring(start, _pos - start);
            var span = TextSpan.FromBounds(start, _pos);
            if (integer && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                return JsonNode.FromInteger(value, raw, span, LineSpan(start, _pos));
            }
            double number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
            return JsonNode.FromNumber(number, raw, span, LineSpan(start, _pos));
        }

        private JsonNode ReadSpecialNumber(string word, double value, int start = -1)
        {
            if (start < 0) start = _pos;
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error($"unexpected {Describe(_pos)}; expected a value", _pos, 1);
            _pos += word.Length;
            string raw = _text.Substring(start, _pos - start);
            return JsonNode.FromNumber(value, raw, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
        }

        private JsonNode ReadLiteral(string word, JsonKind kind)
        {
            int start = _pos;
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
            {
                int end = _pos;
                while (end < _text.Length && char.IsLetterOrDigit(_text[end])) end++;
                throw Error($"unexpected '{_text.Substring(start, end - start)}'; expected a value (true, false and null are lower case)", start, Math.Max(1, end - start));
            }
            _pos += word.Length;
            return JsonNode.Literal(kind, TextSpan.FromBounds(start, _pos), LineSpan(start, _pos));
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                _pos++;
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        private string Describe(int offset)
        {
            if (offset >= _text.Length) return "end of file";
            char c = _text[offset];
            if (c == '/' && offset + 1 < _text.Length && (_text[offset + 1] == '/' || _text[offset + 1] == '*')) return "comment (JSON has no comments)";
            if (c == '\'') return "''' (JSON strings use double quotes)";
            return "'" + Printable(c) + "'";
        }

        private static string Printable(char c) => c < ' ' || c == '\u007F' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

        private JsonSyntaxException Error(string message, int start, int length)
        {
            int end = Math.Min(_text.Length, start + Math.Max(0, length));
            start = Math.Min(start, _text.Length);
            return new JsonSyntaxException(new JsonSyntaxError(message, TextSpan.FromBounds(start, end), LineSpan(start, end)));
        }

        private sealed class JsonSyntaxException : Exception
        {
            public JsonSyntaxException(JsonSyntaxError error) : base(error.Message) => Error = error;

            public JsonSyntaxError Error { get; }
        }
    }
}
