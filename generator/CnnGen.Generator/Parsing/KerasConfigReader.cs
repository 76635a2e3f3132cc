using System;
using System.Collections.Generic;
using CnnGen.Generator.Diagnostics;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Finds the layers of a Keras model config (<c>model.to_json()</c>, the HDF5 <c>model_config</c>, a
    /// <c>.keras</c> archive's <c>config.json</c>) or of a TF.js Layers <c>model.json</c>:
    /// <list type="bullet">
    /// <item>Keras 2.1: <c>{"class_name": "Sequential", "config": [layers]}</c> (a bare list);</item>
    /// <item>tf.keras 2.x and TF.js: <c>"config": {"name", "layers"}</c>, <c>batch_input_shape</c> on the first layer;</item>
    /// <item>Keras 3: an <c>InputLayer</c> with <c>batch_shape</c> first, <c>module</c>/<c>registered_name</c> keys, DTypePolicy objects;</item>
    /// <item>TF.js: <c>{"modelTopology": model config (or {"model_config": model config, "keras_version"}), "weightsManifest"}</c>;</item>
    /// <item>functional models (<c>Functional</c>, <c>Model</c>): one input, one output, each layer's calls with the tensors they take (<see cref="ReadGraph"/>).</item>
    /// </list>
    /// </summary>
    internal static class KerasConfigReader
    {
        /// <summary>A TF.js Layers model.json: the Keras config is its modelTopology.</summary>
        public static SpecLayout? ReadTfjs(JsonNode root, SpecFileContext file)
        {
            if (root["format"] is JsonNode format && format.Kind == JsonKind.String && format.String == "graph-model")
            {
                file.Report(DiagnosticDescriptors.UnsupportedTopology, format, "?", file.FileName,
                    "a TF.js graph model holds a TensorFlow graph, not Keras layers; convert the Keras model with --output_format=tfjs_layers_model");
                return null;
            }
            // "generatedBy": "keras v3.4.1" (Python converter) or "TensorFlow.js tfjs-layers v4.22.0".
            if (root["generatedBy"] is JsonNode by && by.Kind == JsonKind.String && by.String!.StartsWith("keras v3", StringComparison.Ordinal))
                file.Keras3 = true;
            JsonNode topology = root["modelTopology"]!;
            if (topology.Kind != JsonKind.Object)
            {
                file.Report(DiagnosticDescriptors.InvalidField, topology, "The model.json", "modelTopology", $"must be an object holding the Keras model config, got {topology.Describe()}");
                return null;
            }
            // The Python converter wraps the config: {"keras_version", "backend", "model_config": {...}, "training_config"}.
            if (topology["model_config"] is JsonNode wrapped && wrapped.Kind == JsonKind.Object)
            {
                if (topology["keras_version"] is JsonNode version && version.Kind == JsonKind.String && version.String!.StartsWith("3", StringComparison.Ordinal))
                    file.Keras3 = true;
                topology = wrapped;
            }
            if (topology["class_name"] is null)
            {
                file.ReportAtStart(DiagnosticDescriptors.UnrecognizedSpec, topology, file.FileName, "its modelTopology has no 'class_name'");
                return null;
            }
            return Read(topology, file, "tfjs");
        }

        /// <summary>A Keras model config: <c>{"class_name": "Sequential" | "Functional" | "Model", "config": ...}</c>.</summary>
        public static SpecLayout? Read(JsonNode model, SpecFileContext file, string format = "keras")
        {
            JsonNode classNode = model["class_name"]!;
            if (classNode.Kind != JsonKind.String)
            {
                file.Report(DiagnosticDescriptors.InvalidField, classNode, "The model", "class_name", $"must be a string such as \"Sequential\", got {classNode.Describe()}");
                return null;
            }
            JsonNode? config = model["config"];
            if (config is null)
            {
                file.Report(DiagnosticDescriptors.MissingField, classNode, "The model", "config", "");
                return null;
            }
            if (model["module"] != null || (config.Kind == JsonKind.Object && config["dtype"]?.Kind == JsonKind.Object)) file.Keras3 = true;

            string className = classNode.String!;
            bool functional = className == "Functional" || className == "Model";
            if (className != "Sequential" && !functional)
            {
                file.Report(DiagnosticDescriptors.UnsupportedTopology, classNode, "?", file.FileName,
                    $"the model class is '{className}'; CnnGen reads Sequential and functional (Functional, Model) models");
                return null;
            }

            SpecLayout layout;
            if (className == "Sequential" && config.Kind == JsonKind.Array)
            {
                // Keras 2.1 and earlier: the config is the list of layers, with no model name.
                layout = new SpecLayout(format, model, config);
            }
            else if (config.Kind == JsonKind.Object)
            {
                JsonNode? layers = config["layers"];
                if (layers is null)
                {
                    file.Report(DiagnosticDescriptors.MissingField, classNode, "The model", "layers", " from its config");
                    return null;
                }
                if (layers.Kind != JsonKind.Array)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, layers, "The model", "layers", $"must be a list of layers, got {layers.Describe()}");
                    return null;
                }
                layout = new SpecLayout(format, model, layers);
                JsonNode? name = config["name"];
                if (name != null && name.Kind == JsonKind.String) layout.Name = name.String;
                layout.BuildInputShape = config["build_input_shape"];
            }
            else
            {
                file.Report(DiagnosticDescriptors.InvalidField, config, "The model", "config", $"must be an object (or, for Keras 2.1 Sequential models, the list of layers), got {config.Describe()}");
                return null;
            }

            if (!ReadEntries(layout, file)) return null;
            if (functional && !ReadGraph(layout, config, file)) return null;
            return layout;
        }

        private static bool ReadEntries(SpecLayout layout, SpecFileContext file)
        {
            bool ok = true;
            for (int i = 0; i < layout.LayersNode.Items.Count; i++)
            {
                JsonNode entry = layout.LayersNode.Items[i];
                if (entry.Kind != JsonKind.Object)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, entry, $"Layer entry {i}", "layers", $"must hold layer objects ({{\"class_name\": ..., \"config\": {{...}}}}), got {entry.Describe()}");
                    ok = false;
                    continue;
                }
                if (entry["module"] != null || entry["registered_name"] != null) file.Keras3 = true;
                JsonNode? classNode = entry["class_name"];
                JsonNode? options = entry["config"];
                if (classNode is null || classNode.Kind != JsonKind.String)
                {
                    if (classNode is null) file.ReportAtStart(DiagnosticDescriptors.MissingField, entry, $"Layer entry {i}", "class_name", "");
                    else file.Report(DiagnosticDescriptors.InvalidField, classNode, $"Layer entry {i}", "class_name", $"must be a string such as \"Conv2D\", got {classNode.Describe()}");
                    ok = false;
                    continue;
                }
                if (options is null || options.Kind != JsonKind.Object)
                {
                    if (options is null) file.Report(DiagnosticDescriptors.MissingField, classNode, $"Layer entry {i} ({classNode.String})", "config", "");
                    else file.Report(DiagnosticDescriptors.InvalidField, options, $"Layer entry {i} ({classNode.String})", "config", $"must be an object, got {options.Describe()}");
                    ok = false;
                    continue;
                }
                if (options["dtype"]?.Kind == JsonKind.Object) file.Keras3 = true;
                layout.Layers.Add(new SpecLayoutLayer(classNode.String!, classNode, options, entry));
            }
            return ok;
        }

        /// <summary>
        /// A functional model's graph: each layer's calls (inbound nodes) with the tensors they take, its one InputLayer
        /// and its one output. Several inputs or outputs, a layer with several output tensors and a layer that is never
        /// called are CNNG205; names that lead nowhere, cycles and merges of the wrong shapes are found by shape inference,
        /// located on the call.
        /// </summary>
        private static bool ReadGraph(SpecLayout layout, JsonNode config, SpecFileContext file)
        {
            string model = layout.Name ?? "?";
            string? inputName = null;
            foreach (SpecLayoutLayer layer in layout.Layers)
            {
                JsonNode? nameNode = layer.Entry["name"] ?? layer.Options["name"];
                string name = nameNode?.Kind == JsonKind.String ? nameNode.String! : "";
                string subject = $"layer '{name}' ({layer.ClassName})";
                if (layer.ClassName == "InputLayer")
                {
                    if (inputName != null)
                    {
                        file.Report(DiagnosticDescriptors.UnsupportedTopology, layer.ClassNode, model, file.FileName,
                            $"it has several inputs ('{inputName}', '{name}'); CnnGen generates models with one input");
                        return false;
                    }
                    inputName = name;
                    continue;
                }
                JsonNode? inbound = layer.Entry["inbound_nodes"];
                if (inbound is null || inbound.Kind != JsonKind.Array || inbound.Items.Count == 0)
                {
                    file.Report(DiagnosticDescriptors.UnsupportedTopology, inbound ?? layer.ClassNode, model, file.FileName,
                        $"{subject} is not connected to any input (no inbound_nodes)");
                    return false;
                }
                var calls = new List<LayerCall>();
                foreach (JsonNode call in inbound.Items)
                {
                    var tensors = new List<(string Layer, int Node, int Tensor)>();
                    Sources(call, tensors);
                    var inputs = new List<Model.InboundRef>();
                    foreach (var (source, node, tensor) in tensors)
                    {
                        if (tensor != 0)
                        {
                            file.Report(DiagnosticDescriptors.UnsupportedTopology, call, model, file.FileName,
                                $"{subject} takes output {tensor} of '{source}'; CnnGen's layers have one output each");
                            return false;
                        }
                        inputs.Add(new Model.InboundRef(source, node));
                    }
                    if (inputs.Count == 0)
                    {
                        file.Report(DiagnosticDescriptors.UnsupportedTopology, call, model, file.FileName, $"{subject} has a call that takes no tensor");
                        return false;
                    }
                    calls.Add(new LayerCall(inputs, call));
                }
                layer.Calls = calls;
            }
            if (inputName is null)
            {
                file.ReportAtStart(DiagnosticDescriptors.UnsupportedTopology, layout.LayersNode, model, file.FileName,
                    "it has no InputLayer; a functional model must start from its input");
                return false;
            }
            layout.InputName = inputName;
            var named = Ends(config, "input_layers", model, file);
            if (named is null) return false;
            if (named.Count > 0 && (named.Count != 1 || named[0].Layer != inputName))
            {
                file.Report(DiagnosticDescriptors.UnsupportedTopology, config["input_layers"]!, model, file.FileName,
                    $"its inputs are {Quote(named)}; CnnGen generates models with one input, '{inputName}'");
                return false;
            }
            var outputs = Ends(config, "output_layers", model, file);
            if (outputs is null) return false;
            if (outputs.Count > 1)
            {
                file.Report(DiagnosticDescriptors.UnsupportedTopology, config["output_layers"]!, model, file.FileName,
                    $"its outputs are {Quote(outputs)}; CnnGen generates models with one output (make one model per output)");
                return false;
            }
            if (outputs.Count == 1)
            {
                layout.Output = outputs[0];
                layout.OutputNode = config["output_layers"];
            }
            return true;
        }

        /// <summary>input_layers / output_layers as [layer, node, tensor] triples (Keras 3 writes one tensor as a bare triple); null after an error.</summary>
        private static List<Model.InboundRef>? Ends(JsonNode config, string key, string model, SpecFileContext file)
        {
            var named = new List<Model.InboundRef>();
            JsonNode? node = config[key];
            if (node is null || node.Kind != JsonKind.Array) return named;
            if (node.Items.Count > 0 && node.Items[0].Kind == JsonKind.String)
            {
                named.Add(Triple(node));
                return named;
            }
            foreach (JsonNode item in node.Items)
            {
                if (item.Kind != JsonKind.Array || item.Items.Count == 0 || item.Items[0].Kind != JsonKind.String)
                {
                    file.Report(DiagnosticDescriptors.InvalidField, item, "The model", key, $"must list [layer, node, tensor] triples, got {item.Describe()}");
                    return null;
                }
                named.Add(Triple(item));
            }
            return named;
        }

        private static Model.InboundRef Triple(JsonNode triple)
        {
            int node = triple.Items.Count > 1 && triple.Items[1].Kind == JsonKind.Integer ? (int)triple.Items[1].Integer : 0;
            return new Model.InboundRef(triple.Items[0].String!, node);
        }

        /// <summary>
        /// The tensors one call (inbound node) reads. Keras 2 / TF.js: a list of [layer, node, tensor, kwargs];
        /// Keras 3: {"args": [...], "kwargs": {...}} holding <c>__keras_tensor__</c> objects with a keras_history.
        /// </summary>
        private static void Sources(JsonNode call, List<(string, int, int)> result)
        {
            if (call.Kind == JsonKind.Array)
            {
                foreach (JsonNode tensor in call.Items)
                {
                    if (tensor.Kind == JsonKind.Array && tensor.Items.Count > 0 && tensor.Items[0].Kind == JsonKind.String) result.Add(History(tensor));
                }
            }
            else
            {
                // Keras 3: only the positional arguments carry the layer's inputs (kwargs hold mask: null, training: false).
                CollectHistories(call["args"] ?? call, result, 0);
            }
        }

        private static (string, int, int) History(JsonNode triple) =>
            (triple.Items[0].String!,
             triple.Items.Count > 1 && triple.Items[1].Kind == JsonKind.Integer ? (int)triple.Items[1].Integer : 0,
             triple.Items.Count > 2 && triple.Items[2].Kind == JsonKind.Integer ? (int)triple.Items[2].Integer : 0);

        private static void CollectHistories(JsonNode node, List<(string, int, int)> result, int depth)
        {
            if (depth > 32) return;
            if (node.Kind == JsonKind.Object)
            {
                foreach (JsonProperty p in node.Properties)
                {
                    if (p.Name == "keras_history" && p.Value.Kind == JsonKind.Array && p.Value.Items.Count > 0 && p.Value.Items[0].Kind == JsonKind.String)
                        result.Add(History(p.Value));
                    else
                        CollectHistories(p.Value, result, depth + 1);
                }
            }
            else if (node.Kind == JsonKind.Array)
            {
                foreach (JsonNode item in node.Items) CollectHistories(item, result, depth + 1);
            }
        }

        private static string Quote(List<Model.InboundRef> names)
        {
            var parts = new List<string>();
            foreach (Model.InboundRef r in names) parts.Add(r.Layer);
            return Quote(parts);
        }

        private static string Quote(List<string> names) => names.Count == 0 ? "none" : "'" + string.Join("', '", names) + "'";
    }
}
