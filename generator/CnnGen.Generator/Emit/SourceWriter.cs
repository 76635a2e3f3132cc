using System;
using System.Globalization;
using System.Text;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// A StringBuilder with an indentation count: the whole of CnnGen's code emission goes through it, so
    /// output is byte-identical across runs and cultures (numbers are always formatted invariantly, lines end
    /// with '\n').
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private readonly int _baseIndent;
        private int _indent;

        public SourceWriter() { }

        /// <summary>A writer for a fragment that sits <paramref name="indentation"/> levels deep.</summary>
        public SourceWriter(int indentation) => _baseIndent = _indent = indentation;

        /// <summary>Characters written so far.</summary>
        public int Length => _sb.Length;

        public int Indentation => _indent;

        /// <summary>Statements written so far, counted by <see cref="Line"/> calls that end with ';'.</summary>
        public int StatementCount { get; private set; }

        public SourceWriter Line(string text = "")
        {
            if (text.Length == 0)
            {
                _sb.Append('\n');
                return this;
            }
            _sb.Append(' ', _indent * 4).Append(text).Append('\n');
            if (text.EndsWith(";", StringComparison.Ordinal)) StatementCount++;
            return this;
        }

        public SourceWriter Open(string header)
        {
            if (header.Length > 0) Line(header);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            return Line("}" + suffix);
        }

        public SourceWriter Comment(string text) => Line("// " + text);

        /// <summary>Appends text written elsewhere (already indented, whole lines).</summary>
        public SourceWriter Raw(string text)
        {
            _sb.Append(text);
            return this;
        }

        public override string ToString()
        {
            if (_indent != _baseIndent) throw new InvalidOperationException("Unbalanced indentation in generated code: " + _indent);
            return _sb.ToString();
        }

        /// <summary>An invariant integer literal.</summary>
        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A float literal that round-trips: <c>0.3f</c>, <c>-1E-07f</c>.</summary>
        public static string Float(double value)
        {
            float f = (float)value;
            if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            return text + "f";
        }

        /// <summary>A double literal that round-trips: <c>1.0507009873554805</c>.</summary>
        public static string Double(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
            return text;
        }

        /// <summary>A C# string literal, escaped.</summary>
        public static string String(string value)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        // Control characters, line separators and lone surrogates as escapes: valid in a C# 7.3 literal.
                        if (c < ' ' || c == '\u0085' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
