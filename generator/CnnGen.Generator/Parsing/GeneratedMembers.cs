using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// The members the generator adds to a model class (ModelEmitter, BatchEmitter, FallbackEmitter), so that a user
    /// member with one of these names, or a model class named like one, is reported (CNNG010) instead of breaking the
    /// generated code with CS0102 / CS0111 / CS0542. Methods collide only with the same parameter types (an overload of
    /// <c>Predict</c> with other parameters is fine). The element functions are the runtime's <c>CnnGen.Kernels.Ops</c>,
    /// always written fully qualified, so <c>Ops</c> is not reserved.
    /// </summary>
    internal static class GeneratedMembers
    {
        private const string RoF = "System.ReadOnlySpan<float>";
        private const string SpF = "System.Span<float>";

        /// <summary>Every non-method member name the generated class declares (or may declare, depending on the model).</summary>
        private static readonly HashSet<string> Others = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Summary", "InputHeight", "InputWidth", "InputChannels", "InputSteps", "InputFeatures", "InputLength", "OutputLength",
            "ParameterCount", "TrainableParameterCount", "NonTrainableParameterCount", "ScratchLength", "GroupScratchLength",
            "Layers", "WeightSpecs", "MaxDegreeOfParallelism", "AlignedWeights", "EmbeddedTfjsModelJson", "CnnGenError",
            "s_weightSpecs", "_weights", "_weightsStart", "t_scratchA", "t_scratchB", "t_groupA", "t_groupB",
            "_maxDegreeOfParallelism", "_parallelBatch",
        };

        /// <summary>The generated methods and their parameter types (display strings, as <see cref="Signature"/> writes them).</summary>
        private static readonly Dictionary<string, string[]> Methods = new Dictionary<string, string[]>(System.StringComparer.Ordinal)
        {
            ["Predict"] = new[] { $"{RoF}, {SpF}", $"{RoF}, {SpF}, int" },
            ["LoadTfjs"] = new[] { "string" },
            ["LoadKeras"] = new[] { "string" },
            ["TryPredictThrough"] = new[] { $"int, {RoF}, {SpF}" },
            ["IndexOfCall"] = new[] { "string, int" },
            ["ParallelBatch"] = new[] { "" },
            ["RunRange"] = new[] { $"{RoF}, {SpF}, int, float[][]" },
            ["Run"] = new[] { $"{RoF}, {SpF}, {SpF}, {SpF}" },
            ["RunBatch"] = new[] { $"{RoF}, {SpF}, int, {SpF}, {SpF}", $"{RoF}, {SpF}, int, {SpF}, {SpF}, {SpF}, {SpF}" },
            ["CopyLayerOutput"] = new[] { $"{RoF}, int, {SpF}" },
            ["ScratchA"] = new[] { "" },
            ["ScratchB"] = new[] { "" },
            ["GroupScratchA"] = new[] { "" },
            ["GroupScratchB"] = new[] { "" },
            ["NewBuffer"] = new[] { "int" },
            ["Aligned"] = new[] { "float[], int" },
            ["AlignedStart"] = new[] { "float[]" },
        };

        /// <summary>A layer method: <c>Layer05Dense</c>, a group form <c>Layer05Dense_Group8</c> (the underscore keeps tools that match Layer\d+[A-Za-z0-9]* to the one-sample methods), a part <c>Layer05Dense_1</c>; all (x, y).</summary>
        private static bool IsLayerMethodName(string name) =>
            name.Length > 7 && name.StartsWith("Layer", System.StringComparison.Ordinal) && char.IsDigit(name[5]) && char.IsDigit(name[6]);

        /// <summary>
        /// Whether the model class's own name is a member the generated code declares (a member cannot have the name
        /// of its type, CS0542).
        /// </summary>
        public static bool ClassNameCollides(string className) =>
            Others.Contains(className) || Methods.ContainsKey(className) || IsLayerMethodName(className);

        /// <summary>
        /// The user-declared members of <paramref name="type"/> that the generated code would declare again: the name,
        /// what kind of member it is, and where. <paramref name="embedsWeights"/>: the model has a parameterless constructor too.
        /// </summary>
        public static IEnumerable<(string Name, string Kind, Location? Location)> Collisions(INamedTypeSymbol type, bool embedsWeights)
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared) continue;
                Location? location = member.Locations.FirstOrDefault(l => l.IsInSource);
                if (location is null) continue;
                if (member is IMethodSymbol method)
                {
                    string signature = Signature(method);
                    if (method.MethodKind == MethodKind.Constructor)
                    {
                        if (signature == RoF || (embedsWeights && signature.Length == 0 && !method.IsStatic))
                            yield return (type.Name + "(" + signature + ")", "constructor", location);
                        continue;
                    }
                    if (method.MethodKind != MethodKind.Ordinary) continue;
                    bool same = Methods.TryGetValue(method.Name, out string[]? signatures) ? signatures.Contains(signature)
                        : IsLayerMethodName(method.Name) && signature == $"{RoF}, {SpF}";
                    if (same || Others.Contains(method.Name)) yield return (method.Name + "(" + signature + ")", "method", location);
                    continue;
                }
                if (member is INamedTypeSymbol nested ? Others.Contains(nested.Name) || Methods.ContainsKey(nested.Name) || IsLayerMethodName(nested.Name)
                    : !(member is IMethodSymbol) && (Others.Contains(member.Name) || Methods.ContainsKey(member.Name) || IsLayerMethodName(member.Name)))
                {
                    yield return (member.Name, KindOf(member), location);
                }
            }
        }

        private static string KindOf(ISymbol member) => member switch
        {
            IFieldSymbol f => f.IsConst ? "constant" : "field",
            IPropertySymbol => "property",
            IEventSymbol => "event",
            INamedTypeSymbol => "nested type",
            _ => "member",
        };

        /// <summary>Parameter types as the generator writes them, without nullable annotations: <c>System.ReadOnlySpan&lt;float&gt;, int</c>.</summary>
        private static string Signature(IMethodSymbol method) =>
            string.Join(", ", method.Parameters.Select(p =>
                (p.RefKind == RefKind.None ? "" : "ref ") + p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()));

        /// <summary>A name as a C# identifier: <c>@class</c> for a keyword (contextual keywords need no <c>@</c>).</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
