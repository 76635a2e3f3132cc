using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Model
{
    /// <summary>Where the generated partial class goes: namespace, containing types and the class itself.</summary>
    internal sealed record HierarchyInfo(
        string? Namespace,
        string Name,
        string Accessibility,
        EquatableArray<string> ContainingTypes)
    {
        /// <summary>A file-name-safe unique name: <c>My.Namespace.Outer.Model</c>.</summary>
        public string HintName
        {
            get
            {
                string prefix = Namespace is null ? "" : Namespace + ".";
                foreach (string containing in ContainingTypes)
                {
                    // "partial class Outer" -> "Outer"
                    int space = containing.LastIndexOf(' ');
                    prefix += containing.Substring(space + 1) + ".";
                }
                // Without the @ of keyword names (@class): hint names are file names.
                return (prefix + Name).Replace("@", "");
            }
        }

        /// <summary>The class name as C# source writes it: <c>@class</c> for a keyword.</summary>
        public string Identifier => Parsing.GeneratedMembers.Identifier(Name);
    }

    /// <summary>What the compilation offers the generated code (HasMultiplyAddEstimate: Vector512.MultiplyAddEstimate, .NET 9+).</summary>
    internal sealed record TargetInfo(int LanguageVersion, bool HasVector512, bool HasSpan, bool HasMultiplyAddEstimate = false);

    /// <summary>A model as the user declared it, before shape inference.</summary>
    internal sealed record ModelSpec(
        HierarchyInfo Type,
        string ModelName,
        int UnrollBudget,
        TensorShape? InputShape,
        LocationInfo? InputLocation,
        EquatableArray<DeclaredLayer> Layers,
        LocationInfo? Location)
    {
        /// <summary>The graph facts of a functional model (its InputLayer, its output); null for a Sequential one.</summary>
        public GraphInfo? Graph { get; init; }

        /// <summary>Where a functional model names its output (for an output that is not one of its layers).</summary>
        public LocationInfo? OutputLocation { get; init; }
    }

    /// <summary>
    /// What a functional model adds to its layers: the name of its InputLayer (what the first layers take as input, and the
    /// summary's first row) and the layer call that is its output (null: the last layer declared). Each layer of a graph
    /// names its inputs in <see cref="LayerSpec.Inbound"/>.
    /// </summary>
    internal sealed record GraphInfo(string InputName, InboundRef? Output);

    /// <summary>One input of a layer call: the layer that produced it and which of that layer's calls (0 unless it is shared).</summary>
    internal sealed record InboundRef(string Layer, int Call = 0)
    {
        /// <summary>A name as attributes and CnnGen specs write it: <c>"dense"</c> (call 0) or <c>"dense:1"</c> (call 1 of a shared layer).</summary>
        public static InboundRef Parse(string text)
        {
            int colon = text.LastIndexOf(':');
            if (colon > 0 && int.TryParse(text.Substring(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int call))
                return new InboundRef(text.Substring(0, colon), call);
            return new InboundRef(text);
        }

        /// <summary>Keras' summary form, <c>conv2d[0][0]</c>.</summary>
        public override string ToString() => $"{Layer}[{Call}][0]";
    }

    /// <summary>
    /// A layer as declared, with where: the attribute, or the JSON object. The location stays here, in the declaration:
    /// a <see cref="LayerSpec"/> cannot hold one, so no plan made from it changes when a declaration moves (a comment
    /// typed above it), and the emitted source stays cached.
    /// </summary>
    internal sealed record DeclaredLayer(LayerSpec Spec, LocationInfo? Location);
}
