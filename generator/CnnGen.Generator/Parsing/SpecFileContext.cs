using System.Collections.Generic;
using CnnGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CnnGen.Generator.Parsing
{
    /// <summary>The spec file being read: its path (for locations), what was learned about it, and the problems found.</summary>
    internal sealed class SpecFileContext
    {
        public SpecFileContext(string path)
        {
            Path = path;
            FileName = System.IO.Path.GetFileName(path.Replace('\\', '/'));
        }

        /// <summary>The path as the compiler gave it: diagnostics are located in this file.</summary>
        public string Path { get; }

        /// <summary>The file name, for messages.</summary>
        public string FileName { get; }

        /// <summary>The file was written by Keras 3 (module/registered_name keys, DTypePolicy objects, keras_version 3.x).</summary>
        public bool Keras3 { get; set; }

        public List<DiagnosticInfo> Diagnostics { get; } = new List<DiagnosticInfo>();

        public bool HasErrors
        {
            get
            {
                foreach (DiagnosticInfo d in Diagnostics)
                {
                    if (d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) return true;
                }
                return false;
            }
        }

        public LocationInfo Location(JsonNode node) => new LocationInfo(Path, node.Span, node.LineSpan);

        public LocationInfo Location(JsonProperty property) => new LocationInfo(Path, property.NameSpan, property.NameLineSpan);

        public void Report(DiagnosticDescriptor descriptor, JsonNode at, params object[] arguments) =>
            Diagnostics.Add(DiagnosticInfo.Create(descriptor, Location(at), arguments));

        /// <summary>Reports at the first character of a node: a short location for a problem with a whole object.</summary>
        public void ReportAtStart(DiagnosticDescriptor descriptor, JsonNode at, params object[] arguments)
        {
            var span = new TextSpan(at.Span.Start, at.Span.Length > 0 ? 1 : 0);
            var start = at.LineSpan.Start;
            var end = at.Span.Length > 0 ? new LinePosition(start.Line, start.Character + 1) : start;
            Diagnostics.Add(DiagnosticInfo.Create(descriptor, new LocationInfo(Path, span, new LinePositionSpan(start, end)), arguments));
        }

        public void Report(DiagnosticDescriptor descriptor, JsonProperty at, params object[] arguments) =>
            Diagnostics.Add(DiagnosticInfo.Create(descriptor, Location(at), arguments));
    }
}
