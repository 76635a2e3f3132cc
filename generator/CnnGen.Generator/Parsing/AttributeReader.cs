using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Reads a model declared by attributes: <c>[CnnModel]</c>, <c>[Input]</c> and the layer attributes in source
    /// order, into a <see cref="ModelSpec"/>. The only place that touches Roslyn symbols; nothing it returns holds one.
    /// </summary>
    internal static class AttributeReader
    {
        private const string Namespace = "CnnGen";

        public static SpecResult Read(INamedTypeSymbol type, System.Threading.CancellationToken cancellation)
        {
            var diagnostics = new List<DiagnosticInfo>();
            LocationInfo? classLocation = LocationInfo.From(type.Locations.FirstOrDefault());

            CheckPartial(type, diagnostics);
            if (type.IsGenericType) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, classLocation, type.Name));
            string? kind = type.IsRecord ? (type.IsValueType ? "a record struct" : "a record") : type.TypeKind == TypeKind.Struct ? "a struct"
                : type.TypeKind == TypeKind.Interface ? "an interface" : type.IsStatic ? "static" : type.IsAbstract ? "abstract" : null;
            if (kind != null) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotInstantiableModel, classLocation, type.Name, kind));

            // CnnGen attributes in source order (file, then position), remembering which declaration holds each.
            var attributes = new List<(AttributeData Data, SyntaxReference Syntax)>();
            foreach (AttributeData data in type.GetAttributes())
            {
                if (data.AttributeClass?.ContainingNamespace?.ToDisplayString() != Namespace || data.ApplicationSyntaxReference is null) continue;
                attributes.Add((data, data.ApplicationSyntaxReference));
            }
            attributes.Sort((a, b) =>
            {
                int byFile = string.CompareOrdinal(a.Syntax.SyntaxTree.FilePath, b.Syntax.SyntaxTree.FilePath);
                return byFile != 0 ? byFile : a.Syntax.Span.Start.CompareTo(b.Syntax.Span.Start);
            });

            string modelName = "sequential";
            int budget = 4096;
            TensorShape? input = null;
            LocationInfo? inputLocation = null;
            var layers = new List<DeclaredLayer>();
            bool graph = false;
            string? inputName = null;
            SyntaxNode? modelDeclaration = null;
            SpecFileRequest? specFile = null;
            SpecFileRequest? weightsFile = null;
            var declaredWithSpec = new List<(LocationInfo? Location, string Attribute)>();
            foreach ((AttributeData data, SyntaxReference syntax) in attributes)
            {
                cancellation.ThrowIfCancellationRequested();
                LocationInfo? location = LocationInfo.From(syntax.GetSyntax().GetLocation());
                SyntaxNode? declaration = syntax.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>();
                string className = data.AttributeClass!.Name;
                if (className == "CnnModelAttribute")
                {
                    modelDeclaration = declaration;
                    modelName = Named(data, "Name", modelName);
                    budget = Named(data, "UnrollBudget", budget);
                    specFile = ReadSpecFile(data, syntax, modelName: Named<string?>(data, "Name", null));
                    weightsFile = ReadSpecFile(data, syntax, modelName: null, argumentName: "Weights");
                    continue;
                }
                if (className == "InputAttribute" || className == "ReuseAttribute" || IsLayerAttribute(data.AttributeClass))
                    declaredWithSpec.Add((location, className.Substring(0, className.Length - "Attribute".Length)));
                if (modelDeclaration != null && declaration != null && declaration != modelDeclaration)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSplit, location, type.Name));
                    continue;
                }
                if (className == "InputAttribute")
                {
                    if (input != null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInput, location, type.Name, "[Input] is declared more than once"));
                        continue;
                    }
                    input = TensorShape.Of(IntArray(data, 0));
                    inputLocation = location;
                    inputName = Named<string?>(data, "Name", null);
                    continue;
                }
                if (className == "ReuseAttribute")
                {
                    if (ReadReuse(data, layers, location, diagnostics) is DeclaredLayer call) layers.Add(call);
                    graph = true;
                    continue;
                }
                LayerSpec? layer = ReadLayer(className, data);
                if (layer is null) continue;
                // Inputs = new[] { ... } (or a merge's constructor arguments): a graph; "input" is the model input.
                string[]? inputs = StringArray(data, "Inputs") ?? (layer.Kind.IsMerge() ? StringArrayArgument(data, 0) : null);
                if (inputs != null)
                {
                    layer = layer with { Inbound = inputs.Select(InboundRef.Parse).ToEquatableArray() };
                    graph = true;
                }
                layers.Add(new DeclaredLayer(layer, location));
            }

            CheckMemberNames(type, weightsFile != null, classLocation, diagnostics);
            var typeInfo = new HierarchyInfo(
                NamespaceOf(type),
                type.Name,
                SyntaxFacts.GetText(type.DeclaredAccessibility),
                ContainingTypes(type));
            if (specFile != null)
            {
                // The file declares the input and the layers; attributes next to it would be silently ignored.
                foreach ((LocationInfo? where, string attribute) in declaredWithSpec)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpecWithAttributes, where, type.Name, specFile.Path, attribute));
                var fromFile = new ModelSpec(typeInfo, modelName, budget, null, null, EquatableArray<DeclaredLayer>.Empty, classLocation);
                return new SpecResult(fromFile, diagnostics.ToEquatableArray()) { SpecFile = specFile, WeightsFile = weightsFile };
            }
            var spec = new ModelSpec(typeInfo, modelName, budget, input, inputLocation, layers.ToEquatableArray(), classLocation)
            {
                Graph = graph || inputName != null ? new GraphInfo(inputName ?? SpecFileReader.CnnGenInputName, null) : null,
            };
            return new SpecResult(spec, diagnostics.ToEquatableArray()) { WeightsFile = weightsFile };
        }

        /// <summary>
        /// The Spec (or Weights) named argument: the path as written, the directory of the declaring file, where it is written.
        /// </summary>
        private static SpecFileRequest? ReadSpecFile(AttributeData data, SyntaxReference syntax, string? modelName, string argumentName = "Spec")
        {
            string? path = Named<string?>(data, argumentName, null);
            if (path is null) return null;
            LocationInfo? location = LocationInfo.From(syntax.GetSyntax().GetLocation());
            if (syntax.GetSyntax() is AttributeSyntax attribute && attribute.ArgumentList != null)
            {
                foreach (AttributeArgumentSyntax argument in attribute.ArgumentList.Arguments)
                {
                    if (argument.NameEquals?.Name.Identifier.ValueText == argumentName) location = LocationInfo.From(argument.Expression.GetLocation());
                }
            }
            string sourcePath = syntax.SyntaxTree.FilePath;
            string? sourceDirectory = null;
            int slash = System.Math.Max(sourcePath.LastIndexOf('/'), sourcePath.LastIndexOf('\\'));
            if (slash >= 0) sourceDirectory = sourcePath.Substring(0, slash + 1);
            return new SpecFileRequest(path, sourceDirectory, null, modelName, location);
        }

        private static bool IsLayerAttribute(INamedTypeSymbol? attribute)
        {
            for (INamedTypeSymbol? t = attribute; t != null; t = t.BaseType)
            {
                if (t.Name == "LayerAttribute" && t.ContainingNamespace?.ToDisplayString() == Namespace) return true;
            }
            return false;
        }

        private static void CheckPartial(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is TypeDeclarationSyntax syntax && !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        string where = SymbolEqualityComparer.Default.Equals(t, type) ? "" : $" (its containing type '{t.Name}' is not)";
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, LocationInfo.From(syntax.Identifier.GetLocation()), type.Name, where));
                        return;
                    }
                }
            }
        }

        /// <summary>CNNG010: the class is named like a generated member, or declares one the generated code declares too.</summary>
        private static void CheckMemberNames(INamedTypeSymbol type, bool embedsWeights, LocationInfo? classLocation, List<DiagnosticInfo> diagnostics)
        {
            if (GeneratedMembers.ClassNameCollides(type.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberCollision, classLocation, type.Name,
                    $"its name is also the name of a member the generated code declares ('{type.Name}'), and a member cannot have the name of its class; rename the class"));
            }
            foreach ((string name, string kind, Location? location) in GeneratedMembers.Collisions(type, embedsWeights))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedMemberCollision, LocationInfo.From(location), type.Name,
                    $"it declares the {kind} '{name}', which the generated code declares too; rename or remove it"));
            }
        }

        /// <summary>The namespace as C# source writes it, each keyword part with its <c>@</c> (<c>@class.Models</c>); null for the global namespace.</summary>
        private static string? NamespaceOf(INamedTypeSymbol type)
        {
            if (type.ContainingNamespace is null || type.ContainingNamespace.IsGlobalNamespace) return null;
            var parts = new List<string>();
            for (INamespaceSymbol? ns = type.ContainingNamespace; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
                parts.Insert(0, GeneratedMembers.Identifier(ns.Name));
            return string.Join(".", parts);
        }

        private static EquatableArray<string> ContainingTypes(INamedTypeSymbol type)
        {
            var result = new List<string>();
            for (INamedTypeSymbol? t = type.ContainingType; t != null; t = t.ContainingType)
            {
                string kind = t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.TypeKind == TypeKind.Struct ? "struct" : t.TypeKind == TypeKind.Interface ? "interface" : "class";
                string generics = t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => GeneratedMembers.Identifier(p.Name))) + ">";
                result.Insert(0, $"partial {kind} {GeneratedMembers.Identifier(t.Name)}{generics}");
            }
            return result.ToEquatableArray();
        }

        private static LayerSpec? ReadLayer(string className, AttributeData data)
        {
            string? name = Named<string?>(data, "Name", null);
            switch (className)
            {
                case "Conv2DAttribute":
                {
                    int filters = Int(data, 0), kh = Int(data, 1), kw = data.ConstructorArguments.Length > 2 ? Int(data, 2) : kh;
                    var (sh, sw) = Strides(data, 1, 1);
                    var (dh, dw) = Pair(data, "DilationRate", "DilationHeight", "DilationWidth", 1, 1);
                    return new LayerSpec(LayerKind.Conv2D)
                    {
                        Name = name, Units = filters, KernelHeight = kh, KernelWidth = kw, StrideHeight = sh, StrideWidth = sw,
                        DilationHeight = dh, DilationWidth = dw,
                        Padding = (PaddingKind)Named(data, "Padding", 0), UseBias = Named(data, "UseBias", true),
                        Activation = (ActivationKind)Named(data, "Activation", 0),
                    };
                }
                case "MaxPooling2DAttribute":
                case "AveragePooling2DAttribute":
                {
                    int ph = Int(data, 0), pw = data.ConstructorArguments.Length > 1 ? Int(data, 1) : ph;
                    var (sh, sw) = Strides(data, ph, pw);
                    return new LayerSpec(className == "MaxPooling2DAttribute" ? LayerKind.MaxPooling2D : LayerKind.AveragePooling2D)
                    {
                        Name = name, KernelHeight = ph, KernelWidth = pw, StrideHeight = sh, StrideWidth = sw,
                        Padding = (PaddingKind)Named(data, "Padding", 0),
                    };
                }
                case "FlattenAttribute":
                    return new LayerSpec(LayerKind.Flatten) { Name = name };
                case "DenseAttribute":
                    return new LayerSpec(LayerKind.Dense)
                    {
                        Name = name, Units = Int(data, 0), UseBias = Named(data, "UseBias", true),
                        Activation = (ActivationKind)Named(data, "Activation", 0),
                    };
                case "DropoutAttribute":
                    return new LayerSpec(LayerKind.Dropout) { Name = name, Rate = Double(data, 0) };
                case "ActivationAttribute":
                    return new LayerSpec(LayerKind.Activation) { Name = name, Activation = (ActivationKind)Int(data, 0) };
                case "ReLUAttribute":
                {
                    double max = Named(data, "MaxValue", double.NaN);
                    return new LayerSpec(LayerKind.ReLU)
                    {
                        Name = name, MaxValue = double.IsNaN(max) ? (double?)null : max,
                        NegativeSlope = Named(data, "NegativeSlope", 0.0), Threshold = Named(data, "Threshold", 0.0),
                    };
                }
                case "LeakyReLUAttribute":
                    return new LayerSpec(LayerKind.LeakyReLU) { Name = name, Alpha = Named(data, "Alpha", 0.3) };
                case "ELUAttribute":
                    return new LayerSpec(LayerKind.ELU) { Name = name, Alpha = Named(data, "Alpha", 1.0) };
                case "SoftmaxAttribute":
                    return new LayerSpec(LayerKind.Softmax) { Name = name, Axis = Named(data, "Axis", -1) };
                case "Conv1DAttribute":
                {
                    int stride = Named(data, "Strides", 1);
                    return new LayerSpec(LayerKind.Conv1D)
                    {
                        Name = name, Units = Int(data, 0), KernelHeight = Int(data, 1), KernelWidth = 1, StrideHeight = stride, StrideWidth = 1,
                        DilationHeight = Named(data, "DilationRate", 1), DilationWidth = 1,
                        Padding = (PaddingKind)Named(data, "Padding", 0), UseBias = Named(data, "UseBias", true),
                        Activation = (ActivationKind)Named(data, "Activation", 0),
                    };
                }
                case "DepthwiseConv2DAttribute":
                case "SeparableConv2DAttribute":
                {
                    bool separable = className == "SeparableConv2DAttribute";
                    int first = separable ? 1 : 0;
                    int kh = Int(data, first), kw = data.ConstructorArguments.Length > first + 1 ? Int(data, first + 1) : kh;
                    var (sh, sw) = Strides(data, 1, 1);
                    var (dh, dw) = Pair(data, "DilationRate", "DilationHeight", "DilationWidth", 1, 1);
                    return new LayerSpec(separable ? LayerKind.SeparableConv2D : LayerKind.DepthwiseConv2D)
                    {
                        Name = name, Units = separable ? Int(data, 0) : 0, KernelHeight = kh, KernelWidth = kw,
                        StrideHeight = sh, StrideWidth = sw, DilationHeight = dh, DilationWidth = dw,
                        DepthMultiplier = Named(data, "DepthMultiplier", 1),
                        Padding = (PaddingKind)Named(data, "Padding", 0), UseBias = Named(data, "UseBias", true),
                        Activation = (ActivationKind)Named(data, "Activation", 0),
                    };
                }
                case "MaxPooling1DAttribute":
                case "AveragePooling1DAttribute":
                {
                    int pool = Int(data, 0);
                    return new LayerSpec(className == "MaxPooling1DAttribute" ? LayerKind.MaxPooling1D : LayerKind.AveragePooling1D)
                    {
                        Name = name, KernelHeight = pool, KernelWidth = 1, StrideHeight = Named(data, "Strides", pool), StrideWidth = 1,
                        Padding = (PaddingKind)Named(data, "Padding", 0),
                    };
                }
                case "GlobalMaxPooling1DAttribute":
                    return new LayerSpec(LayerKind.GlobalMaxPooling1D) { Name = name, KeepDims = Named(data, "KeepDims", false) };
                case "GlobalAveragePooling1DAttribute":
                    return new LayerSpec(LayerKind.GlobalAveragePooling1D) { Name = name, KeepDims = Named(data, "KeepDims", false) };
                case "GlobalMaxPooling2DAttribute":
                    return new LayerSpec(LayerKind.GlobalMaxPooling2D) { Name = name, KeepDims = Named(data, "KeepDims", false) };
                case "GlobalAveragePooling2DAttribute":
                    return new LayerSpec(LayerKind.GlobalAveragePooling2D) { Name = name, KeepDims = Named(data, "KeepDims", false) };
                case "ReshapeAttribute":
                    return new LayerSpec(LayerKind.Reshape) { Name = name, TargetShape = IntArray(data, 0).ToEquatableArray() };
                case "SpatialDropout1DAttribute":
                    return new LayerSpec(LayerKind.SpatialDropout1D) { Name = name, Rate = Double(data, 0) };
                case "SpatialDropout2DAttribute":
                    return new LayerSpec(LayerKind.SpatialDropout2D) { Name = name, Rate = Double(data, 0) };
                case "BatchNormalizationAttribute":
                    return new LayerSpec(LayerKind.BatchNormalization)
                    {
                        Name = name, Axis = Named(data, "Axis", -1), Epsilon = Named(data, "Epsilon", 0.001),
                        Center = Named(data, "Center", true), Scale = Named(data, "Scale", true),
                    };
                case "ZeroPadding2DAttribute":
                case "Cropping2DAttribute":
                {
                    int[] a = data.ConstructorArguments.Select(v => v.Value is int i ? i : 0).ToArray();
                    // (p) on every side, (h, w) symmetric, or (top, bottom, left, right).
                    int top = a.Length > 0 ? a[0] : 0;
                    int bottom = a.Length == 4 ? a[1] : top;
                    int left = a.Length == 4 ? a[2] : a.Length == 2 ? a[1] : top;
                    int right = a.Length == 4 ? a[3] : left;
                    return new LayerSpec(className == "ZeroPadding2DAttribute" ? LayerKind.ZeroPadding2D : LayerKind.Cropping2D)
                    {
                        Name = name, EdgeTop = top, EdgeBottom = bottom, EdgeLeft = left, EdgeRight = right,
                    };
                }
                case "AddAttribute": return new LayerSpec(LayerKind.Add) { Name = name };
                case "SubtractAttribute": return new LayerSpec(LayerKind.Subtract) { Name = name };
                case "MultiplyAttribute": return new LayerSpec(LayerKind.Multiply) { Name = name };
                case "AverageAttribute": return new LayerSpec(LayerKind.Average) { Name = name };
                case "MaximumAttribute": return new LayerSpec(LayerKind.Maximum) { Name = name };
                case "MinimumAttribute": return new LayerSpec(LayerKind.Minimum) { Name = name };
                case "ConcatenateAttribute": return new LayerSpec(LayerKind.Concatenate) { Name = name, Axis = Named(data, "Axis", -1) };
                case "UpSampling2DAttribute":
                {
                    int rows = Int(data, 0), columns = data.ConstructorArguments.Length > 1 ? Int(data, 1) : rows;
                    return new LayerSpec(LayerKind.UpSampling2D)
                    {
                        Name = name, KernelHeight = rows, KernelWidth = columns, StrideHeight = rows, StrideWidth = columns,
                        Bilinear = Named(data, "Interpolation", 0) == 1,
                    };
                }
                case "Conv2DTransposeAttribute":
                {
                    int filters = Int(data, 0), kh = Int(data, 1), kw = data.ConstructorArguments.Length > 2 ? Int(data, 2) : kh;
                    var (sh, sw) = Strides(data, 1, 1);
                    return new LayerSpec(LayerKind.Conv2DTranspose)
                    {
                        Name = name, Units = filters, KernelHeight = kh, KernelWidth = kw, StrideHeight = sh, StrideWidth = sw,
                        Padding = (PaddingKind)Named(data, "Padding", 0), UseBias = Named(data, "UseBias", true),
                        Activation = (ActivationKind)Named(data, "Activation", 0),
                    };
                }
                case "ZeroPadding1DAttribute":
                case "Cropping1DAttribute":
                {
                    int before = Int(data, 0), after = data.ConstructorArguments.Length > 1 ? Int(data, 1) : before;
                    return new LayerSpec(className == "ZeroPadding1DAttribute" ? LayerKind.ZeroPadding1D : LayerKind.Cropping1D) { Name = name, EdgeTop = before, EdgeBottom = after };
                }
                case "UpSampling1DAttribute":
                {
                    int size = data.ConstructorArguments.Length > 0 ? Int(data, 0) : 2;
                    return new LayerSpec(LayerKind.UpSampling1D) { Name = name, KernelHeight = size, KernelWidth = 1, StrideHeight = size, StrideWidth = 1 };
                }
                case "PermuteAttribute":
                    return new LayerSpec(LayerKind.Permute) { Name = name, TargetShape = IntArray(data, 0).ToEquatableArray() };
                case "PReLUAttribute":
                {
                    int[] axes = data.NamedArguments.Where(a => a.Key == "SharedAxes" && a.Value.Kind == TypedConstantKind.Array)
                        .SelectMany(a => a.Value.Values.Select(v => v.Value is int i ? i : 0)).ToArray();
                    return new LayerSpec(LayerKind.PReLU) { Name = name, SharedAxes = axes.ToEquatableArray() };
                }
                case "RescalingAttribute":
                    return new LayerSpec(LayerKind.Rescaling) { Name = name, RescalingScale = Double(data, 0), RescalingOffset = Named(data, "Offset", 0.0) };
                default:
                    return null;
            }
        }

        /// <summary>
        /// [Reuse("layer", inputs...)]: another call of a layer declared before (its spec again, same name, the next call
        /// index); the layer is found by its explicit name or its Keras default name. CNNG108 when there is none.
        /// </summary>
        private static DeclaredLayer? ReadReuse(AttributeData data, List<DeclaredLayer> layers, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            string target = data.ConstructorArguments.Length > 0 && data.ConstructorArguments[0].Value is string t ? t : "";
            string[] inputs = StringArrayArgument(data, 1) ?? new string[0];
            var defaults = new Dictionary<string, int>(System.StringComparer.Ordinal);
            DeclaredLayer? owner = null;
            int calls = 0, number = 0;
            foreach (DeclaredLayer layer in layers)
            {
                if (layer.Spec.Call > 0)
                {
                    if (layer.Spec.Name == target) calls = System.Math.Max(calls, layer.Spec.Call);
                    continue;
                }
                string name = !string.IsNullOrEmpty(layer.Spec.Name) ? layer.Spec.Name! : SpecFileReader.DefaultName(layer.Spec.Kind.KerasClass(), defaults);
                if (name == target && owner is null) owner = layer;
                if (owner is null) number++;
            }
            if (owner is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInput, location, number, target, "Reuse", target,
                    "not a layer declared before this [Reuse]; name the layer to call again (its Name, or its Keras default name)"));
                return null;
            }
            LayerSpec spec = owner.Spec with { Name = target, Call = calls + 1, Inbound = inputs.Select(InboundRef.Parse).ToEquatableArray() };
            return new DeclaredLayer(spec, location);
        }

        /// <summary>Strides from Strides / StrideHeight / StrideWidth, applied in the order written (as the setters do).</summary>
        private static (int, int) Strides(AttributeData data, int defaultHeight, int defaultWidth) =>
            Pair(data, "Strides", "StrideHeight", "StrideWidth", defaultHeight, defaultWidth);

        /// <summary>A (height, width) option set by a property for both and one for each, applied in the order written.</summary>
        private static (int, int) Pair(AttributeData data, string both, string height, string width, int defaultHeight, int defaultWidth)
        {
            int h = defaultHeight, w = defaultWidth;
            foreach (KeyValuePair<string, TypedConstant> arg in data.NamedArguments)
            {
                if (arg.Value.Kind == TypedConstantKind.Array || arg.Value.Value is not int value) continue;
                if (arg.Key == both) h = w = value;
                else if (arg.Key == height) h = value;
                else if (arg.Key == width) w = value;
            }
            return (h, w);
        }

        private static int Int(AttributeData data, int index) =>
            index < data.ConstructorArguments.Length && data.ConstructorArguments[index].Value is int v ? v : 0;

        private static double Double(AttributeData data, int index) =>
            index < data.ConstructorArguments.Length ? System.Convert.ToDouble(data.ConstructorArguments[index].Value ?? 0.0, System.Globalization.CultureInfo.InvariantCulture) : 0.0;

        private static int[] IntArray(AttributeData data, int index)
        {
            if (index >= data.ConstructorArguments.Length) return new int[0];
            TypedConstant arg = data.ConstructorArguments[index];
            if (arg.Kind != TypedConstantKind.Array) return arg.Value is int single ? new[] { single } : new int[0];
            ImmutableArray<TypedConstant> values = arg.Values;
            return values.Select(v => v.Value is int i ? i : 0).ToArray();
        }

        /// <summary>A named string-array argument (<c>Inputs = new[] { "a", "b" }</c>), or null when not given.</summary>
        private static string[]? StringArray(AttributeData data, string name)
        {
            foreach (KeyValuePair<string, TypedConstant> arg in data.NamedArguments)
            {
                if (arg.Key == name && arg.Value.Kind == TypedConstantKind.Array) return arg.Value.Values.Select(v => v.Value as string ?? "").ToArray();
            }
            return null;
        }

        /// <summary>A params string[] constructor argument (a merge's inputs), or null when there is none.</summary>
        private static string[]? StringArrayArgument(AttributeData data, int index)
        {
            if (index >= data.ConstructorArguments.Length || data.ConstructorArguments[index].Kind != TypedConstantKind.Array) return null;
            return data.ConstructorArguments[index].Values.Select(v => v.Value as string ?? "").ToArray();
        }

        private static T Named<T>(AttributeData data, string name, T fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> arg in data.NamedArguments)
            {
                if (arg.Key != name || arg.Value.Kind == TypedConstantKind.Array) continue;
                object? value = arg.Value.Value;
                if (value is T typed) return typed;
                if (value != null && typeof(T) == typeof(double)) return (T)(object)System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            return fallback;
        }
    }
}
