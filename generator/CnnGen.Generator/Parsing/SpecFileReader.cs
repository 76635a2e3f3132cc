using System.Collections.Generic;
using System.Threading;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Reads a JSON spec file into a <see cref="SpecFileModel"/>: parses it (<see cref="JsonReader"/>), tells
    /// which kind of file it is, finds its layers (<see cref="KerasConfigReader"/> for Keras and TF.js files,
    /// <see cref="ReadCnnGen"/> for CnnGen's own format), then reads the input shape and each layer
    /// (<see cref="KerasLayerReader"/>). Every layer, and the input shape, keeps its location in the file so that
    /// shape errors found later point into the JSON.
    /// </summary>
    /// <remarks>
    /// The CnnGen format (schema/cnngen-model.schema.json):
    /// <code>
    /// {"$schema": "...", "name": "fashion_cnn", "input": [28, 28, 1],
    ///  "layers": [{"type": "Conv2D", "filters": 32, "kernel_size": 3, "activation": "relu"}, {"type": "Flatten"}, ...]}
    /// </code>
    /// Layer types are Keras class names and options are Keras config names, with Keras' defaults.
    /// </remarks>
    internal static class SpecFileReader
    {
        private static readonly HashSet<string> s_cnnGenModelFields = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "$schema", "$comment", "description", "name", "input", "layers", "output",
        };

        public static SpecFileModel Read(string path, string text, CancellationToken cancellation = default)
        {
            var file = new SpecFileContext(path);
            JsonNode? root = JsonReader.Parse(text, out JsonSyntaxError? error);
            if (root is null)
            {
                file.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.JsonSyntax, new LocationInfo(path, error!.Span, error.LineSpan),
                    file.FileName, error.Line, error.Column, error.Message));
                return Result(file, "json", null, null, null, new List<DeclaredLayer>());
            }
            cancellation.ThrowIfCancellationRequested();
            SpecLayout? layout = Detect(root, file);
            if (layout is null) return Result(file, "json", null, null, null, new List<DeclaredLayer>());
            return Build(layout, file, cancellation);
        }

        private static SpecLayout? Detect(JsonNode root, SpecFileContext file)
        {
            if (root.Kind != JsonKind.Object)
            {
                file.ReportAtStart(DiagnosticDescriptors.UnrecognizedSpec, root, file.FileName, $"the top level is {root.Describe()}, not an object");
                return null;
            }
            if (root["modelTopology"] != null) return KerasConfigReader.ReadTfjs(root, file);
            if (root["class_name"] != null) return KerasConfigReader.Read(root, file);
            if (root["layers"] != null || root["input"] != null || root["$schema"] != null) return ReadCnnGen(root, file);
            file.ReportAtStart(DiagnosticDescriptors.UnrecognizedSpec, root, file.FileName,
                "it has none of the members 'class_name' (Keras), 'modelTopology' (TF.js) or 'layers' (CnnGen)");
            return null;
        }

        /// <summary>CnnGen's own format: the options sit in the layer object itself, next to "type".</summary>
        private static SpecLayout? ReadCnnGen(JsonNode root, SpecFileContext file)
        {
            foreach (JsonProperty p in root.Properties)
            {
                if (!s_cnnGenModelFields.Contains(p.Name))
                    file.Report(DiagnosticDescriptors.UnknownField, p, "The model", p.Name, "; the model fields are " + string.Join(", ", s_cnnGenModelFields));
            }
            JsonNode? name = root["name"];
            if (name != null && name.Kind != JsonKind.String)
            {
                file.Report(DiagnosticDescriptors.InvalidField, name, "The model", "name", $"must be a string, got {name.Describe()}");
            }
            JsonNode? layers = root["layers"];
            if (layers is null)
            {
                file.ReportAtStart(DiagnosticDescriptors.MissingField, root, "The model", "layers", ": list the layers, e.g. \"layers\": [{\"type\": \"Dense\", \"units\": 10}]");
                return null;
            }
            if (layers.Kind != JsonKind.Array)
            {
                file.Report(DiagnosticDescriptors.InvalidField, layers, "The model", "layers", $"must be a list of layer objects, got {layers.Describe()}");
                return null;
            }
            var layout = new SpecLayout("cnngen", root, layers)
            {
                Name = name?.Kind == JsonKind.String ? name.String : null,
                Input = root["input"],
                WarnUnknownFields = true,
            };
            if (layout.Input is null)
                file.ReportAtStart(DiagnosticDescriptors.MissingField, root, "The model", "input", ": give the shape of one sample without the batch axis, e.g. \"input\": [28, 28, 1]");

            for (int i = 0; i < layers.Items.Count; i++)
            {
                JsonNode entry = layers.Items[i];
                if (entry.Kind != JsonKind.Object)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, entry, $"Layer entry {i}", "layers", $"must hold layer objects ({{\"type\": \"Dense\", ...}}), got {entry.Describe()}");
                    continue;
                }
                JsonNode? type = entry["type"];
                if (type is null)
                {
                    file.ReportAtStart(DiagnosticDescriptors.MissingField, entry, $"Layer entry {i}", "type", ": the Keras layer class, e.g. \"type\": \"Conv2D\"");
                    continue;
                }
                if (type.Kind != JsonKind.String)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, type, $"Layer entry {i}", "type", $"must be a Keras layer class name such as \"Conv2D\", got {type.Describe()}");
                    continue;
                }
                var layer = new SpecLayoutLayer(type.String!, type, entry, entry);
                JsonNode? inputs = entry["inputs"];
                if (inputs != null)
                {
                    layer.Calls = new List<LayerCall> { new LayerCall(ReadInputNames(inputs, i, file), inputs) };
                    layout.InputName = CnnGenInputName;
                }
                layout.Layers.Add(layer);
            }
            JsonNode? output = root["output"];
            if (output != null)
            {
                if (output.Kind == JsonKind.String) layout.Output = new InboundRef(output.String!);
                else file.Report(DiagnosticDescriptors.InvalidField, output, "The model", "output", $"must be the name of the layer whose output the model returns, got {output.Describe()}");
                layout.OutputNode = output;
                layout.InputName = CnnGenInputName;
            }
            if (layout.InputName != null)
            {
                // A graph: every layer without "inputs" takes the layer listed before it (the first one, the model input).
                string previous = CnnGenInputName;
                var defaultNames = new Dictionary<string, int>(System.StringComparer.Ordinal);
                foreach (SpecLayoutLayer layer in layout.Layers)
                {
                    if (layer.Calls is null) layer.Calls = new List<LayerCall> { new LayerCall(new List<InboundRef> { new InboundRef(previous) }, layer.Entry) };
                    JsonNode? named = layer.Options["name"];
                    previous = named?.Kind == JsonKind.String && named.String!.Length > 0 ? named.String! : DefaultName(layer.ClassName, defaultNames);
                }
            }
            return layout;
        }

        /// <summary>What a layer of a CnnGen spec names in "inputs" for the model's input.</summary>
        public const string CnnGenInputName = "input";

        /// <summary>A CnnGen layer's "inputs": a list of layer names ("input" is the model input), or one name.</summary>
        private static List<InboundRef> ReadInputNames(JsonNode node, int index, SpecFileContext file)
        {
            var result = new List<InboundRef>();
            if (node.Kind == JsonKind.String)
            {
                result.Add(InboundRef.Parse(node.String!));
                return result;
            }
            if (node.Kind == JsonKind.Array)
            {
                foreach (JsonNode item in node.Items)
                {
                    if (item.Kind == JsonKind.String) result.Add(InboundRef.Parse(item.String!));
                    else file.Report(DiagnosticDescriptors.InvalidField, item, $"Layer entry {index}", "inputs", $"must list layer names, got {item.Describe()}");
                }
                return result;
            }
            file.Report(DiagnosticDescriptors.InvalidField, node, $"Layer entry {index}", "inputs", $"must be a layer name or a list of layer names, got {node.Describe()}");
            return result;
        }

        /// <summary>The input shape and the layers, whatever the format.</summary>
        private static SpecFileModel Build(SpecLayout layout, SpecFileContext file, CancellationToken cancellation)
        {
            string modelName = layout.Name ?? "sequential";
            TensorShape? input = null;
            LocationInfo? inputLocation = null;
            if (layout.Input != null) input = ReadShape(layout.Input, false, "The model", "input", file, out inputLocation);

            var layers = new List<DeclaredLayer>();
            var defaultNames = new Dictionary<string, int>(System.StringComparer.Ordinal);
            int index = 0;
            for (int k = 0; k < layout.Layers.Count; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                SpecLayoutLayer entry = layout.Layers[k];
                JsonNode options = entry.Options;

                JsonNode? nameNode = options["name"];
                string? explicitName = nameNode?.Kind == JsonKind.String && nameNode.String!.Length > 0 ? nameNode.String : null;
                string name = explicitName ?? DefaultName(entry.ClassName, defaultNames);
                if (nameNode != null && nameNode.Kind != JsonKind.String && nameNode.Kind != JsonKind.Null)
                    file.Report(DiagnosticDescriptors.InvalidField, nameNode, $"Layer {index} ({entry.ClassName})", "name", $"must be a string, got {nameNode.Describe()}");

                if (entry.ClassName == "InputLayer" && layout.InputName != null)
                {
                    // A functional model's one InputLayer (KerasConfigReader checked there is one), wherever Keras lists it.
                    if (input is null) input = InputLayerShape(entry, name, file, out inputLocation);
                    continue;
                }
                if (entry.ClassName == "InputLayer")
                {
                    if (k != 0 || index != 0)
                    {
                        file.Report(DiagnosticDescriptors.UnsupportedJsonOption, entry.ClassNode, index, name, entry.ClassName,
                            "an InputLayer is only supported as the first layer");
                    }
                    else if (input is null)
                    {
                        input = InputLayerShape(entry, name, file, out inputLocation);
                    }
                    continue;
                }
                // Keras puts the input shape on the first layer (Keras 3 puts an InputLayer before it instead).
                JsonNode? batchShape = options["batch_input_shape"] ?? options["batch_shape"];
                if (index == 0 && input is null && batchShape != null && batchShape.Kind != JsonKind.Null)
                {
                    input = ReadShape(batchShape, true, $"Layer 0 '{name}' ({entry.ClassName})",
                        batchShape == options["batch_input_shape"] ? "batch_input_shape" : "batch_shape", file, out inputLocation);
                }

                if (entry.ClassName == "Sequential" || entry.ClassName == "Functional" || entry.ClassName == "Model")
                {
                    file.Report(DiagnosticDescriptors.UnsupportedTopology, entry.ClassNode, modelName, file.FileName,
                        $"layer {index} '{name}' is a nested {entry.ClassName} model; list its layers in the outer model instead");
                    index++;
                    continue;
                }
                if (!KerasLayerReader.IsKnown(entry.ClassName))
                {
                    file.Report(DiagnosticDescriptors.UnknownLayerClass, entry.ClassNode, index, name, entry.ClassName, KerasLayerReader.Supported);
                    index++;
                    continue;
                }

                var reader = new LayerOptions(file, index, name, entry.ClassName, entry.ClassNode, options);
                reader.Ignore("batch_input_shape", "batch_shape");
                LayerSpec layer = KerasLayerReader.Read(reader);
                if (layout.WarnUnknownFields)
                {
                    reader.Ignore("type", "$comment", "inputs");
                    foreach (JsonProperty unknown in reader.Unread)
                        file.Report(DiagnosticDescriptors.UnknownField, unknown, reader.Subject, unknown.Name, "");
                }
                if (entry.Calls is null)
                {
                    layers.Add(new DeclaredLayer(layer with { Name = explicitName }, file.Location(entry.Entry)));
                }
                else
                {
                    // A functional model's layer: one declared call per inbound node, each with the tensors it takes; a
                    // shared layer's later calls are located on their inbound node.
                    for (int call = 0; call < entry.Calls.Count; call++)
                    {
                        LayerCall c = entry.Calls[call];
                        layers.Add(new DeclaredLayer(layer with { Name = name, Inbound = c.Inputs.ToEquatableArray(), Call = call },
                            file.Location(call == 0 ? entry.Entry : c.Node)));
                    }
                }
                index++;
            }

            if (input is null && layout.BuildInputShape != null && layout.BuildInputShape.Kind != JsonKind.Null)
                input = ReadShape(layout.BuildInputShape, true, "The model", "build_input_shape", file, out inputLocation);
            if (index == 0 && !file.HasErrors)
            {
                file.Report(DiagnosticDescriptors.InvalidField, layout.LayersNode, $"The model '{modelName}'", "layers",
                    "holds no layer" + (layout.Layers.Count > 0 ? " besides its InputLayer" : ""));
            }
            else if (input is null && !file.HasErrors && layout.Format != "cnngen")
            {
                SpecLayoutLayer first = layout.Layers[0];
                file.Report(DiagnosticDescriptors.MissingField, first.ClassNode, $"Layer 0 '{first.Options["name"]?.String ?? first.ClassName}' ({first.ClassName})", "batch_input_shape",
                    ": the model has no input shape (no InputLayer, no batch_input_shape on its first layer, no build_input_shape)");
            }
            GraphInfo? graph = layout.InputName is null ? null : new GraphInfo(layout.InputName, layout.Output);
            return Result(file, layout.Format, layout.Name, input, inputLocation, layers) with
            {
                Graph = graph,
                OutputLocation = layout.OutputNode is null ? null : file.Location(layout.OutputNode),
            };
        }

        /// <summary>An InputLayer's shape: batch_shape (Keras 3) or batch_input_shape (Keras 2, TF.js) with the batch axis, or shape without.</summary>
        private static TensorShape? InputLayerShape(SpecLayoutLayer entry, string name, SpecFileContext file, out LocationInfo? location)
        {
            string subject = $"The InputLayer '{name}'";
            foreach (string key in new[] { "batch_shape", "batch_input_shape" })
            {
                if (entry.Options[key] is JsonNode node && node.Kind != JsonKind.Null) return ReadShape(node, true, subject, key, file, out location);
            }
            foreach (string key in new[] { "shape", "input_shape" })
            {
                if (entry.Options[key] is JsonNode node && node.Kind != JsonKind.Null) return ReadShape(node, false, subject, key, file, out location);
            }
            location = null;
            file.Report(DiagnosticDescriptors.MissingField, entry.ClassNode, subject, "batch_shape", " (or batch_input_shape)");
            return null;
        }

        /// <summary>A list of integer sizes; with <paramref name="batchAxis"/>, its first entry (null or a batch size) is dropped.</summary>
        private static TensorShape? ReadShape(JsonNode node, bool batchAxis, string subject, string key, SpecFileContext file, out LocationInfo? location)
        {
            location = file.Location(node);
            if (node.Kind != JsonKind.Array)
            {
                file.Report(DiagnosticDescriptors.InvalidField, node, subject, key, $"must be a list of sizes such as {(batchAxis ? "[null, 28, 28, 1]" : "[28, 28, 1]")}, got {node.Describe()}");
                return null;
            }
            int first = batchAxis ? 1 : 0;
            if (batchAxis && node.Items.Count > 0 && node.Items[0].Kind != JsonKind.Null && node.Items[0].Kind != JsonKind.Integer)
            {
                file.Report(DiagnosticDescriptors.InvalidField, node.Items[0], subject, key, $"must start with the batch size (null or an integer), got {node.Items[0].Describe()}");
                return null;
            }
            var dims = new List<int>();
            for (int i = first; i < node.Items.Count; i++)
            {
                JsonNode item = node.Items[i];
                if (item.Kind == JsonKind.Null)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, item, subject, key,
                        $"has a variable (null) size at position {i}; CnnGen generates code for one fixed input shape");
                    return null;
                }
                if (item.Kind != JsonKind.Integer || item.Integer < int.MinValue || item.Integer > int.MaxValue)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, item, subject, key, $"must hold integer sizes, got {item.Describe()} at position {i}");
                    return null;
                }
                dims.Add((int)item.Integer);
            }
            return TensorShape.Of(dims.ToArray());
        }

        /// <summary>Keras' default name for an unnamed layer, as ShapeInference will assign it: snake_case class, then _1, _2, ...</summary>
        internal static string DefaultName(string className, Dictionary<string, int> counts)
        {
            string stem = LayerKinds.ToSnakeCase(className);
            counts.TryGetValue(stem, out int count);
            counts[stem] = count + 1;
            return count == 0 ? stem : stem + "_" + count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static SpecFileModel Result(SpecFileContext file, string format, string? name, TensorShape? input, LocationInfo? inputLocation, List<DeclaredLayer> layers) =>
            new SpecFileModel(file.Path, format, name, input, inputLocation, layers.ToEquatableArray(), file.Diagnostics.ToEquatableArray());
    }
}
