using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Diagnostics
{
    /// <summary>
    /// Every diagnostic CnnGen reports. Ids: 0xx declaration, 1xx shapes, 2xx JSON specs, 3xx weights, 9xx info.
    /// Messages name the layer (index and Keras name) and, for shape errors, the expected and actual shapes.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "CnnGen";

        private static DiagnosticDescriptor Error(string id, string title, string format) =>
            new DiagnosticDescriptor(id, title, format, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                helpLinkUri: "https://github.com/cnngen/cnngen#diagnostics");

        /// <summary>CNNG001: The model class '{0}' must be declared partial (and so must every type containing it).</summary>
        public static readonly DiagnosticDescriptor NotPartial = Error("CNNG001", "Model class must be partial",
            "The model class '{0}' must be declared partial{1}");

        /// <summary>CNNG002: The model '{0}' has no [Input(...)] attribute.</summary>
        public static readonly DiagnosticDescriptor NoInput = Error("CNNG002", "Model has no input shape",
            "The model '{0}' has no [Input(...)] attribute: declare the shape of one sample, e.g. [Input(28, 28, 1)]");

        /// <summary>CNNG003: layers are declared on more than one partial declaration of the class.</summary>
        public static readonly DiagnosticDescriptor LayersSplit = Error("CNNG003", "Layers split over partial declarations",
            "The layers of model '{0}' must all be declared on one partial declaration of the class; this one also declares CnnGen attributes");

        /// <summary>CNNG004: an argument is out of range (filters, units, kernel, pool, strides, dilation, rate, input size).</summary>
        public static readonly DiagnosticDescriptor InvalidArgument = Error("CNNG004", "Invalid layer argument",
            "Layer {0} '{1}' ({2}): {3}");

        /// <summary>CNNG005: two layers have the same name.</summary>
        public static readonly DiagnosticDescriptor DuplicateName = Error("CNNG005", "Duplicate layer name",
            "Layer {0} is named '{1}', which layer {2} already uses; Keras layer names must be unique");

        /// <summary>CNNG006: the model declares no layer.</summary>
        public static readonly DiagnosticDescriptor NoLayers = Error("CNNG006", "Model has no layers",
            "The model '{0}' declares no layer: add layer attributes such as [Dense(10)] after [CnnModel]");

        /// <summary>CNNG007: the input shape attribute is invalid (rank, sizes, duplicates).</summary>
        public static readonly DiagnosticDescriptor InvalidInput = Error("CNNG007", "Invalid input shape",
            "The input of model '{0}' is invalid: {1}");

        /// <summary>CNNG008: generic model classes are not supported.</summary>
        public static readonly DiagnosticDescriptor GenericModel = Error("CNNG008", "Generic model class",
            "The model class '{0}' must not be generic");

        /// <summary>CNNG101: a kernel or pool window is larger than its (padded) input.</summary>
        public static readonly DiagnosticDescriptor WindowTooLarge = Error("CNNG101", "Window larger than input",
            "Layer {0} '{1}' ({2}): its {3} window {4} (effective {5}) is larger than its input {6}; expected an input of at least {5}");

        /// <summary>CNNG102: an output dimension would be 0 or negative.</summary>
        public static readonly DiagnosticDescriptor EmptyOutput = Error("CNNG102", "Output dimension not positive",
            "Layer {0} '{1}' ({2}): input {3} gives output {4}; every output dimension must be at least 1");

        /// <summary>CNNG103: the layer needs an input of another rank.</summary>
        public static readonly DiagnosticDescriptor WrongRank = Error("CNNG103", "Unsupported input rank",
            "Layer {0} '{1}' ({2}) expects {3}, but its input is {4}");

        /// <summary>CNNG104: dilation and strides both above 1 (Keras refuses it).</summary>
        public static readonly DiagnosticDescriptor DilationWithStrides = Error("CNNG104", "Dilation with strides",
            "Layer {0} '{1}' ({2}): dilation rate {3} together with strides {4} is not supported by Keras; one of them must be 1");

        /// <summary>CNNG105: an option that this layer kind does not support yet.</summary>
        public static readonly DiagnosticDescriptor UnsupportedOption = Error("CNNG105", "Unsupported layer option",
            "Layer {0} '{1}' ({2}): {3}");

        /// <summary>CNNG106: a Reshape whose target shape does not hold as many values as its input.</summary>
        public static readonly DiagnosticDescriptor ReshapeMismatch = Error("CNNG106", "Reshape size mismatch",
            "Layer {0} '{1}' ({2}): cannot reshape input {3} ({4} values) to target shape {5}, which needs {6} values; the total size must be unchanged");

        // 2xx: JSON specs. Every one but CNNG200 and CNNG209 is located at the offending token of the JSON file.

        private static DiagnosticDescriptor Warning(string id, string title, string format) =>
            new DiagnosticDescriptor(id, title, format, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
                helpLinkUri: "https://github.com/cnngen/cnngen#diagnostics");

        /// <summary>CNNG200: The spec file '{0}' of model '{1}' is not among the AdditionalFiles{2}.</summary>
        public static readonly DiagnosticDescriptor SpecFileNotFound = Error("CNNG200", "Spec file not found",
            "The spec file '{0}' of model '{1}' is not among the AdditionalFiles{2}; add <AdditionalFiles Include=\"{0}\" /> to the project");

        /// <summary>CNNG201: '{0}' is not valid JSON: {3} (line {1}, column {2}).</summary>
        public static readonly DiagnosticDescriptor JsonSyntax = Error("CNNG201", "Invalid JSON",
            "'{0}' is not valid JSON: {3} (line {1}, column {2})");

        /// <summary>CNNG202: the file is JSON but neither a Keras model, a TF.js model.json nor a CnnGen spec.</summary>
        public static readonly DiagnosticDescriptor UnrecognizedSpec = Error("CNNG202", "Unrecognized spec file",
            "'{0}' is not a model CnnGen can read: {1}; expected a Keras model.to_json() of a Sequential model, a TF.js model.json or a CnnGen spec (schema/cnngen-model.schema.json)");

        /// <summary>CNNG203: Layer {0} '{1}': unknown layer class '{2}'; supported: {3}.</summary>
        public static readonly DiagnosticDescriptor UnknownLayerClass = Error("CNNG203", "Unknown layer class",
            "Layer {0} '{1}': unknown layer class '{2}'; supported: {3}");

        /// <summary>CNNG204: a layer option CnnGen cannot compute (channels_first, groups &gt; 1, causal padding, ...).</summary>
        public static readonly DiagnosticDescriptor UnsupportedJsonOption = Error("CNNG204", "Unsupported option in spec",
            "Layer {0} '{1}' ({2}): {3}");

        /// <summary>CNNG205: the model is not a plain chain of layers (functional branches, another model class, a graph model).</summary>
        public static readonly DiagnosticDescriptor UnsupportedTopology = Error("CNNG205", "Unsupported model structure",
            "The model '{0}' in '{1}' is not supported: {2}");

        /// <summary>CNNG206: {0}: required field '{1}' is missing{2}.</summary>
        public static readonly DiagnosticDescriptor MissingField = Error("CNNG206", "Missing field in spec",
            "{0}: required field '{1}' is missing{2}");

        /// <summary>CNNG207: {0}: field '{1}' {2} (wrong type or value).</summary>
        public static readonly DiagnosticDescriptor InvalidField = Error("CNNG207", "Invalid field in spec",
            "{0}: field '{1}' {2}");

        /// <summary>CNNG208: {0}: unknown activation '{1}'; supported: {2}.</summary>
        public static readonly DiagnosticDescriptor UnknownActivation = Error("CNNG208", "Unknown activation",
            "{0}: unknown activation '{1}'; supported: {2}");

        /// <summary>CNNG209: a class with <c>Spec</c> also declares [Input] or layer attributes.</summary>
        public static readonly DiagnosticDescriptor SpecWithAttributes = Error("CNNG209", "Spec and layer attributes together",
            "The model '{0}' takes its input and layers from '{1}' (Spec), so it cannot also declare [{2}]; remove the attribute or the Spec");

        /// <summary>CNNG210: a field of a CnnGen spec that CnnGen does not know (a typo?) is ignored.</summary>
        public static readonly DiagnosticDescriptor UnknownField = Warning("CNNG210", "Unknown field in spec",
            "{0}: unknown field '{1}' is ignored{2}");

        /// <summary>CNNG211: a Keras 3 file uses hard_sigmoid, which Keras 3 defines differently from Keras 2.</summary>
        public static readonly DiagnosticDescriptor Keras3HardSigmoid = Warning("CNNG211", "Keras 3 hard_sigmoid",
            "{0}: this Keras 3 file uses 'hard_sigmoid', which Keras 3 computes as relu6(x + 3) / 6; CnnGen computes the Keras 2 definition clip(0.2x + 0.5, 0, 1)");

        /// <summary>CNNG212: the Spec path matches several AdditionalFiles equally well; the first (ordinal order) is used.</summary>
        public static readonly DiagnosticDescriptor AmbiguousSpecFile = Warning("CNNG212", "Ambiguous spec file",
            "The spec file '{0}' of model '{1}' matches several AdditionalFiles ({2}); '{3}' is used: write the path relative to the project directory");

        /// <summary>CNNG213: a spec file is listed in AdditionalFiles but its text cannot be read (missing on disk?).</summary>
        public static readonly DiagnosticDescriptor SpecFileUnreadable = Error("CNNG213", "Spec file unreadable",
            "The spec file '{0}' is listed in AdditionalFiles but cannot be read; check that it exists");

        /// <summary>CNNG301: the embedded weight file does not hold the model's parameters (wrong size).</summary>
        public static readonly DiagnosticDescriptor WeightsSizeMismatch = Error("CNNG301", "Weight file size mismatch",
            "The weight file '{0}' holds {1} bytes, but model '{2}' expects {3} bytes: {4} parameters{5}");

        /// <summary>CNNG302: the Weights file is not among the AdditionalFiles (or was not encoded by the CnnGen targets).</summary>
        public static readonly DiagnosticDescriptor WeightsFileNotFound = Error("CNNG302", "Weight file not found",
            "The weight file '{0}' of model '{1}' {2}");

        /// <summary>CNNG303: the Weights file (or its TF.js model.json) is listed but cannot be read.</summary>
        public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error("CNNG303", "Weight file unreadable",
            "The weight file '{0}' of model '{1}' cannot be read: {2}");

        /// <summary>CNNG900: the generator failed unexpectedly; the message carries the exception.</summary>
        public static readonly DiagnosticDescriptor InternalError = Error("CNNG900", "CnnGen internal error",
            "CnnGen failed on '{0}': {1}. Please report this with the model declaration.");

        /// <summary>CNNG901: the model is larger than the unroll budget, so outer loops are kept.</summary>
        public static readonly DiagnosticDescriptor UnrollBudgetExceeded = new DiagnosticDescriptor("CNNG901",
            "Unroll budget reached", "Model '{0}' needs {1} unrolled statements, above UnrollBudget = {2}: outer loops are kept (bounds are still literals)",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true);
    }
}
