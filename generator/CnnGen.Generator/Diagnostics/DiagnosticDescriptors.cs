using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic CnnGen reports. Ids: 0xx declaration, 1xx shapes, 2xx JSON specs, 3xx weights, 900 internal,
    /// 901 performance; the category says the same (<see cref="Categories"/>). Each id has its own help page section,
    /// <c>docs/diagnostics.md#cnng101</c>, and is listed in <c>AnalyzerReleases.Shipped.md</c> / <c>.Unshipped.md</c>.
    /// Messages name the layer (index and Keras name) and, for shape errors, the expected and actual shapes.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        /// <summary>The diagnostic categories: what kind of problem it is (documented in docs/diagnostics.md).</summary>
        internal static class Categories
        {
            /// <summary>0xx: the model class or its attributes are declared wrongly.</summary>
            public const string Declaration = "CnnGen.Declaration";

            /// <summary>1xx: a layer cannot be applied to its input's shape, or has an option it cannot have.</summary>
            public const string Shape = "CnnGen.Shape";

            /// <summary>2xx: a JSON spec file (Keras config, TF.js model.json, CnnGen spec) cannot be found or read.</summary>
            public const string Spec = "CnnGen.Spec";

            /// <summary>3xx: a weight file to embed at compile time cannot be found, read or does not fit.</summary>
            public const string Weights = "CnnGen.Weights";

            /// <summary>900: the generator itself failed.</summary>
            public const string Internal = "CnnGen.Internal";

            /// <summary>901: the generated code is correct, but a choice about its form is worth knowing.</summary>
            public const string Performance = "CnnGen.Performance";
        }

        /// <summary>The help page of the diagnostics; each id is a section whose anchor is the lowercase id.</summary>
        public const string HelpPage = "https://github.com/cnngen/cnngen/blob/main/docs/diagnostics.md";

        /// <summary>The help link of one id: <c>.../docs/diagnostics.md#cnng101</c>; every descriptor's <c>HelpLinkUri</c> is this.</summary>
        public static string HelpLink(string id) => HelpPage + "#" + id.ToLowerInvariant();

        /// <summary>CNNG001: The model class '{0}' must be declared partial (and so must every type containing it).</summary>
        public static readonly DiagnosticDescriptor NotPartial = new DiagnosticDescriptor("CNNG001", "Model class must be partial",
            "The model class '{0}' must be declared partial{1}",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng001");

        /// <summary>CNNG002: The model '{0}' has no [Input(...)] attribute.</summary>
        public static readonly DiagnosticDescriptor NoInput = new DiagnosticDescriptor("CNNG002", "Model has no input shape",
            "The model '{0}' has no [Input(...)] attribute: declare the shape of one sample, for example [Input(28, 28, 1)]",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng002");

        /// <summary>CNNG003: layers are declared on more than one partial declaration of the class.</summary>
        public static readonly DiagnosticDescriptor LayersSplit = new DiagnosticDescriptor("CNNG003", "Layers split over partial declarations",
            "The layers of model '{0}' must all be declared on one partial declaration of the class; this one also declares CnnGen attributes",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng003");

        /// <summary>CNNG004: an argument is out of range (filters, units, kernel, pool, strides, dilation, rate, input size).</summary>
        public static readonly DiagnosticDescriptor InvalidArgument = new DiagnosticDescriptor("CNNG004", "Invalid layer argument",
            "Layer {0} '{1}' ({2}): {3}",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng004");

        /// <summary>CNNG005: two layers have the same name.</summary>
        public static readonly DiagnosticDescriptor DuplicateName = new DiagnosticDescriptor("CNNG005", "Duplicate layer name",
            "Layer {0} is named '{1}', which layer {2} already uses; Keras layer names must be unique",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng005");

        /// <summary>CNNG006: the model declares no layer.</summary>
        public static readonly DiagnosticDescriptor NoLayers = new DiagnosticDescriptor("CNNG006", "Model has no layers",
            "The model '{0}' declares no layer: add layer attributes such as [Dense(10)] after [CnnModel]",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng006");

        /// <summary>CNNG007: the input shape attribute is invalid (rank, sizes, duplicates).</summary>
        public static readonly DiagnosticDescriptor InvalidInput = new DiagnosticDescriptor("CNNG007", "Invalid input shape",
            "The input of model '{0}' is invalid: {1}",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng007");

        /// <summary>CNNG008: generic model classes are not supported.</summary>
        public static readonly DiagnosticDescriptor GenericModel = new DiagnosticDescriptor("CNNG008", "Generic model class",
            "The model class '{0}' must not be generic",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng008");

        /// <summary>CNNG009: the model class is abstract, static, a record (or a struct or interface): the generated members need an instantiable class.</summary>
        public static readonly DiagnosticDescriptor NotInstantiableModel = new DiagnosticDescriptor("CNNG009", "Model class must be a non-abstract, non-static class",
            "The model class '{0}' must be a non-abstract, non-static class (not a record); it is {1}",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng009");

        /// <summary>CNNG010: the model class is named like a generated member, or declares a member the generated code declares.</summary>
        public static readonly DiagnosticDescriptor GeneratedMemberCollision = new DiagnosticDescriptor("CNNG010", "Member name used by the generated code",
            "The model class '{0}': {1}",
            Categories.Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng010");

        /// <summary>CNNG101: a kernel or pool window is larger than its (padded) input.</summary>
        public static readonly DiagnosticDescriptor WindowTooLarge = new DiagnosticDescriptor("CNNG101", "Window larger than input",
            "Layer {0} '{1}' ({2}): its {3} window {4} (effective {5}) is larger than its input {6}; expected an input of at least {5}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng101");

        /// <summary>CNNG102: an output dimension would be 0 or negative.</summary>
        public static readonly DiagnosticDescriptor EmptyOutput = new DiagnosticDescriptor("CNNG102", "Output dimension not positive",
            "Layer {0} '{1}' ({2}): input {3} gives output {4}; every output dimension must be at least 1",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng102");

        /// <summary>CNNG103: the layer needs an input of another rank.</summary>
        public static readonly DiagnosticDescriptor WrongRank = new DiagnosticDescriptor("CNNG103", "Unsupported input rank",
            "Layer {0} '{1}' ({2}) expects {3}, but its input is {4}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng103");

        /// <summary>CNNG104: dilation and strides both above 1 (Keras refuses it).</summary>
        public static readonly DiagnosticDescriptor DilationWithStrides = new DiagnosticDescriptor("CNNG104", "Dilation with strides",
            "Layer {0} '{1}' ({2}): dilation rate {3} together with strides {4} is not supported by Keras; one of them must be 1",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng104");

        /// <summary>CNNG105: an option that this layer kind does not support yet.</summary>
        public static readonly DiagnosticDescriptor UnsupportedOption = new DiagnosticDescriptor("CNNG105", "Unsupported layer option",
            "Layer {0} '{1}' ({2}): {3}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng105");

        /// <summary>CNNG106: a Reshape whose target shape does not hold as many values as its input.</summary>
        public static readonly DiagnosticDescriptor ReshapeMismatch = new DiagnosticDescriptor("CNNG106", "Reshape size mismatch",
            "Layer {0} '{1}' ({2}): cannot reshape input {3} ({4} values) to target shape {5}, which needs {6} values; the total size must be unchanged",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng106");

        /// <summary>CNNG107: a tensor, weight, parameter count, scratch buffer or window above CnnGen's limits (checked before any work).</summary>
        public static readonly DiagnosticDescriptor ModelTooLarge = new DiagnosticDescriptor("CNNG107", "Model too large",
            "Layer {0} '{1}' ({2}): {3}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng107");

        /// <summary>CNNG108: a layer of a graph takes a tensor no layer of the model produces.</summary>
        public static readonly DiagnosticDescriptor UnknownInput = new DiagnosticDescriptor("CNNG108", "Unknown layer input",
            "Layer {0} '{1}' ({2}) takes '{3}', which is {4}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng108");

        /// <summary>CNNG109: the layers of a graph take each other's outputs in a cycle.</summary>
        public static readonly DiagnosticDescriptor GraphCycle = new DiagnosticDescriptor("CNNG109", "Cycle in the layer graph",
            "Layer {0} '{1}' ({2}) is part of a cycle: {3}; a model's layers must form a graph without cycles",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng109");

        /// <summary>CNNG110: a layer of a graph that the model's output does not depend on.</summary>
        public static readonly DiagnosticDescriptor UnusedLayer = new DiagnosticDescriptor("CNNG110", "Layer not used by the output",
            "Layer {0} '{1}' ({2}) is not used: the model's output '{3}' does not depend on it; remove it or connect it",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng110");

        /// <summary>CNNG111: a merge layer whose inputs' shapes cannot be merged (Keras' broadcasting and concatenation rules).</summary>
        public static readonly DiagnosticDescriptor MergeShapes = new DiagnosticDescriptor("CNNG111", "Incompatible merge inputs",
            "Layer {0} '{1}' ({2}) cannot merge its inputs {3}: {4}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng111");

        /// <summary>CNNG112: a layer called with the wrong number of inputs (a merge with one, Subtract with three, a Conv2D with two).</summary>
        public static readonly DiagnosticDescriptor InputCount = new DiagnosticDescriptor("CNNG112", "Wrong number of inputs",
            "Layer {0} '{1}' ({2}) is called on {3} inputs; {4}",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng112");

        /// <summary>CNNG113: a shared layer called again on an input its weights do not fit.</summary>
        public static readonly DiagnosticDescriptor SharedLayerShape = new DiagnosticDescriptor("CNNG113", "Shared layer input mismatch",
            "Layer {0} '{1}' ({2}): call {3} takes {4}, but the layer's weights were made for {5} by its first call; a shared layer keeps its weights",
            Categories.Shape, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng113");

        // 2xx: JSON specs. Every one but CNNG200 and CNNG209 is located at the offending token of the JSON file.

        /// <summary>CNNG200: The spec file '{0}' of model '{1}' is not among the AdditionalFiles{2}.</summary>
        public static readonly DiagnosticDescriptor SpecFileNotFound = new DiagnosticDescriptor("CNNG200", "Spec file not found",
            "The spec file '{0}' of model '{1}' is not among the AdditionalFiles{2}; add <AdditionalFiles Include=\"{0}\" /> to the project",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng200");

        /// <summary>CNNG201: '{0}' is not valid JSON: {3} (line {1}, column {2}).</summary>
        public static readonly DiagnosticDescriptor JsonSyntax = new DiagnosticDescriptor("CNNG201", "Invalid JSON",
            "'{0}' is not valid JSON: {3} (line {1}, column {2})",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng201");

        /// <summary>CNNG202: the file is JSON but neither a Keras model, a TF.js model.json nor a CnnGen spec.</summary>
        public static readonly DiagnosticDescriptor UnrecognizedSpec = new DiagnosticDescriptor("CNNG202", "Unrecognized spec file",
            "'{0}' is not a model CnnGen can read: {1}; expected a Keras model.to_json() of a Sequential model, a TF.js model.json or a CnnGen spec (schema/cnngen-model.schema.json)",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng202");

        /// <summary>CNNG203: Layer {0} '{1}': unknown layer class '{2}'; supported: {3}.</summary>
        public static readonly DiagnosticDescriptor UnknownLayerClass = new DiagnosticDescriptor("CNNG203", "Unknown layer class",
            "Layer {0} '{1}': unknown layer class '{2}'; supported: {3}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng203");

        /// <summary>CNNG204: a layer option CnnGen cannot compute (channels_first, groups &gt; 1, causal padding, ...).</summary>
        public static readonly DiagnosticDescriptor UnsupportedJsonOption = new DiagnosticDescriptor("CNNG204", "Unsupported option in spec",
            "Layer {0} '{1}' ({2}): {3}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng204");

        /// <summary>CNNG205: a model structure CnnGen does not generate (several inputs or outputs, a nested model, another model class, a TF.js graph model).</summary>
        public static readonly DiagnosticDescriptor UnsupportedTopology = new DiagnosticDescriptor("CNNG205", "Unsupported model structure",
            "The model '{0}' in '{1}' is not supported: {2}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng205");

        /// <summary>CNNG206: {0}: required field '{1}' is missing{2}.</summary>
        public static readonly DiagnosticDescriptor MissingField = new DiagnosticDescriptor("CNNG206", "Missing field in spec",
            "{0}: required field '{1}' is missing{2}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng206");

        /// <summary>CNNG207: {0}: field '{1}' {2} (wrong type or value).</summary>
        public static readonly DiagnosticDescriptor InvalidField = new DiagnosticDescriptor("CNNG207", "Invalid field in spec",
            "{0}: field '{1}' {2}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng207");

        /// <summary>CNNG208: {0}: unknown activation '{1}'; supported: {2}.</summary>
        public static readonly DiagnosticDescriptor UnknownActivation = new DiagnosticDescriptor("CNNG208", "Unknown activation",
            "{0}: unknown activation '{1}'; supported: {2}",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng208");

        /// <summary>CNNG209: a class with <c>Spec</c> also declares [Input] or layer attributes.</summary>
        public static readonly DiagnosticDescriptor SpecWithAttributes = new DiagnosticDescriptor("CNNG209", "Spec and layer attributes together",
            "The model '{0}' takes its input and layers from '{1}' (Spec), so it cannot also declare [{2}]; remove the attribute or the Spec",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng209");

        /// <summary>CNNG210: a field of a CnnGen spec that CnnGen does not know (a typo?) is ignored.</summary>
        public static readonly DiagnosticDescriptor UnknownField = new DiagnosticDescriptor("CNNG210", "Unknown field in spec",
            "{0}: unknown field '{1}' is ignored{2}",
            Categories.Spec, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng210");

        /// <summary>CNNG211: a Keras 3 file uses hard_sigmoid, which Keras 3 defines differently from Keras 2.</summary>
        public static readonly DiagnosticDescriptor Keras3HardSigmoid = new DiagnosticDescriptor("CNNG211", "Keras 3 hard_sigmoid",
            "{0}: this Keras 3 file uses 'hard_sigmoid', which Keras 3 computes as relu6(x + 3) / 6; CnnGen computes the Keras 2 definition clip(0.2x + 0.5, 0, 1)",
            Categories.Spec, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng211");

        /// <summary>CNNG212: the Spec path matches several AdditionalFiles equally well; the first (ordinal order) is used.</summary>
        public static readonly DiagnosticDescriptor AmbiguousSpecFile = new DiagnosticDescriptor("CNNG212", "Ambiguous spec file",
            "The spec file '{0}' of model '{1}' matches several AdditionalFiles ({2}); '{3}' is used: write the path relative to the project directory",
            Categories.Spec, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng212");

        /// <summary>CNNG213: a spec file is listed in AdditionalFiles but its text cannot be read (missing on disk?).</summary>
        public static readonly DiagnosticDescriptor SpecFileUnreadable = new DiagnosticDescriptor("CNNG213", "Spec file unreadable",
            "The spec file '{0}' is listed in AdditionalFiles but cannot be read; check that it exists",
            Categories.Spec, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng213");

        /// <summary>CNNG301: the embedded weight file does not hold the model's parameters (wrong size).</summary>
        public static readonly DiagnosticDescriptor WeightsSizeMismatch = new DiagnosticDescriptor("CNNG301", "Weight file size mismatch",
            "The weight file '{0}' holds {1} bytes, but model '{2}' expects {3} bytes: {4} parameters{5}",
            Categories.Weights, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng301");

        /// <summary>CNNG302: the Weights file is not among the AdditionalFiles (or was not described by the CnnGen targets).</summary>
        public static readonly DiagnosticDescriptor WeightsFileNotFound = new DiagnosticDescriptor("CNNG302", "Weight file not found",
            "The weight file '{0}' of model '{1}' {2}",
            Categories.Weights, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng302");

        /// <summary>CNNG303: the Weights file (or its TF.js model.json) is listed but cannot be read.</summary>
        public static readonly DiagnosticDescriptor WeightsFileUnreadable = new DiagnosticDescriptor("CNNG303", "Weight file unreadable",
            "The weight file '{0}' of model '{1}' cannot be read: {2}",
            Categories.Weights, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng303");

        /// <summary>CNNG900: the generator failed unexpectedly; the message carries the exception.</summary>
        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor("CNNG900", "CnnGen internal error",
            "CnnGen failed on '{0}': {1}. Please report this with the model declaration.",
            Categories.Internal, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng900");

        /// <summary>CNNG901: the model is larger than the unroll budget, so outer loops are kept.</summary>
        public static readonly DiagnosticDescriptor UnrollBudgetExceeded = new DiagnosticDescriptor("CNNG901", "Unroll budget reached",
            "Model '{0}' needs {1} unrolled statements, above UnrollBudget = {2}: outer loops are kept (bounds are still literals)",
            Categories.Performance, DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng901");

        /// <summary>CNNG902: the UnrollBudget asks for more unrolled code than CnnGen writes, so outer loops are kept.</summary>
        public static readonly DiagnosticDescriptor UnrollBudgetTooLarge = new DiagnosticDescriptor("CNNG902", "Unroll budget too large",
            "Model '{0}' would unroll {1} statements (about {2} MB of C#) under UnrollBudget = {3}, more than CnnGen unrolls ({4} statements; a compiler takes minutes on such a file): outer loops are kept",
            Categories.Performance, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpPage + "#cnng902");
    }
}
