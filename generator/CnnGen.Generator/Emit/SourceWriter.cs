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

        private int _linesSinceCheck;

        // The member attribute: written before every declaration at _memberIndent (see AttributeEveryMember).
        private int _memberIndent = -1;
        private string? _memberAttribute;
        private bool _afterAttribute;

        public SourceWriter(System.Threading.CancellationToken cancellation = default) => Cancellation = cancellation;

        /// <summary>A writer for a fragment that sits <paramref name="indentation"/> levels deep.</summary>
        public SourceWriter(int indentation, System.Threading.CancellationToken cancellation = default)
        {
            _baseIndent = _indent = indentation;
            Cancellation = cancellation;
        }

        /// <summary>Checked every 1024 lines: every emission loop (layers, rows, cells) writes lines.</summary>
        public System.Threading.CancellationToken Cancellation { get; }

        /// <summary>Characters written so far.</summary>
        public int Length => _sb.Length;

        public int Indentation => _indent;

        /// <summary>Statements written so far, counted by <see cref="Line"/> calls that end with ';'.</summary>
        public int StatementCount { get; private set; }

        public SourceWriter Line(string text = "")
        {
            if (++_linesSinceCheck >= 1024)
            {
                _linesSinceCheck = 0;
                Cancellation.ThrowIfCancellationRequested();
            }
            if (text.Length == 0)
            {
                _sb.Append('\n');
                return this;
            }
            if (_indent == _memberIndent) AttributeMember(text);
            _sb.Append(' ', _indent * 4);
            AppendOneLine(_sb, text);
            _sb.Append('\n');
            if (text.EndsWith(";", StringComparison.Ordinal)) StatementCount++;
            return this;
        }

        /// <summary>
        /// From now on, every member declared at the current indentation (a line there that starts with a letter, i.e. a
        /// modifier or a type, or with an attribute) gets <paramref name="attribute"/> on the line before it, once, ahead of
        /// its other attributes and after its doc comment: so that a whole class's generated members carry
        /// <c>[GeneratedCode]</c> while the user's own declaration of the partial class does not.
        /// </summary>
        public void AttributeEveryMember(string attribute)
        {
            _memberIndent = _indent;
            _memberAttribute = attribute;
        }

        private void AttributeMember(string text)
        {
            bool attribute = text[0] == '[';
            if ((attribute || char.IsLetter(text[0])) && !_afterAttribute)
            {
                _sb.Append(' ', _indent * 4).Append(_memberAttribute).Append('\n');
            }
            _afterAttribute = attribute;
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

        /// <summary>
        /// Appends <paramref name="text"/> as one line: a character that would end it or that a C# file should not hold
        /// raw (line breaks, U+0085, U+2028, U+2029, other control characters but tab, a lone surrogate) becomes the text
        /// <c>\uXXXX</c>. Such characters only come from user text (layer and model names) in comments, XML docs and string
        /// literals; in a comment the escape is plain text, in a literal whose backslashes are escaped it means the character.
        /// </summary>
        private static void AppendOneLine(StringBuilder sb, string text)
        {
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                bool escape = (c < ' ' && c != '\t') || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\u007f'
                    || (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
                    || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
                if (!escape) continue;
                sb.Append(text, start, i - start).Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                start = i + 1;
            }
            sb.Append(text, start, text.Length - start);
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
            if (float.IsNaN(f)) return "float.NaN";
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            return text + "f";
        }

        /// <summary>A double literal that round-trips: <c>1.0507009873554805</c>.</summary>
        public static string Double(double value)
        {
            if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
            if (double.IsNaN(value)) return "double.NaN";
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
