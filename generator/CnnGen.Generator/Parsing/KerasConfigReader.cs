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
    /// <item>functional models (<c>Functional</c>, <c>Model</c>) only when they are a plain chain: each layer takes the previous one's output.</item>
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
                    $"the model class is '{className}'; CnnGen reads Sequential models, and functional models (Functional, Model) that are a plain chain of layers");
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
            if (functional && !IsChain(layout, config, file)) return null;
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
        /// A functional model is accepted when it is a Sequential model in disguise: an InputLayer first, then
        /// layers each called once on the previous layer's output, the last layer being the only output.
        /// </summary>
        private static bool IsChain(SpecLayout layout, JsonNode config, SpecFileContext file)
        {
            string model = layout.Name ?? "?";
            List<SpecLayoutLayer> layers = layout.Layers;
            var names = new string[layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                JsonNode? name = layers[i].Entry["name"] ?? layers[i].Options["name"];
                names[i] = name?.Kind == JsonKind.String ? name.String! : "";
            }
            for (int i = 0; i < layers.Count; i++)
            {
                SpecLayoutLayer layer = layers[i];
                JsonNode? inbound = layer.Entry["inbound_nodes"];
                int calls = inbound?.Kind == JsonKind.Array ? inbound.Items.Count : 0;
                string subject = $"layer '{names[i]}' ({layer.ClassName})";
                if (i == 0)
                {
                    if (layer.ClassName != "InputLayer")
                    {
                        file.Report(DiagnosticDescriptors.UnsupportedTopology, layer.ClassNode, model, file.FileName,
                            $"its first {subject} is not an InputLayer; a functional model must start from its input");
                        return false;
                    }
                    continue;
                }
                if (calls != 1)
                {
                    file.Report(DiagnosticDescriptors.UnsupportedTopology, inbound ?? layer.ClassNode, model, file.FileName,
                        calls == 0 ? $"{subject} is not connected to any input; only a plain chain of layers is supported"
                                   : $"{subject} is called {calls} times (a shared layer); only a plain chain of layers, each called once, is supported");
                    return false;
                }
                List<string> sources = Sources(inbound!.Items[0]);
                if (sources.Count != 1)
                {
                    file.Report(DiagnosticDescriptors.UnsupportedTopology, inbound, model, file.FileName,
                        $"{subject} takes {sources.Count} inputs ({Quote(sources)}); only a plain chain of layers, each taking the previous layer's output, is supported");
                    return false;
                }
                if (sources[0] != names[i - 1])
                {
                    file.Report(DiagnosticDescriptors.UnsupportedTopology, inbound, model, file.FileName,
                        $"{subject} takes its input from '{sources[0]}', not from the layer before it ('{names[i - 1]}'); only a plain chain of layers is supported");
                    return false;
                }
            }
            return Ends(config, "input_layers", names.Length > 0 ? names[0] : "", model, file)
                && Ends(config, "output_layers", names.Length > 0 ? names[names.Length - 1] : "", model, file);
        }

        /// <summary>input_layers / output_layers must name exactly the chain's first / last layer.</summary>
        private static bool Ends(JsonNode config, string key, string expected, string model, SpecFileContext file)
        {
            JsonNode? node = config[key];
            if (node is null) return true;
            var named = new List<string>();
            if (node.Kind == JsonKind.Array && node.Items.Count > 0 && node.Items[0].Kind == JsonKind.String)
            {
                // Keras 3 writes a single tensor as one [name, node, index] triple.
                named.Add(node.Items[0].String!);
            }
            else
            {
                foreach (JsonNode item in node.Items)
                {
                    if (item.Kind == JsonKind.Array && item.Items.Count > 0 && item.Items[0].Kind == JsonKind.String) named.Add(item.Items[0].String!);
                }
            }
            if (named.Count == 1 && named[0] == expected) return true;
            string what = key == "input_layers" ? "inputs" : "outputs";
            file.Report(DiagnosticDescriptors.UnsupportedTopology, node, model, file.FileName,
                $"its {what} are {Quote(named)}; a chain has exactly one, '{expected}'");
            return false;
        }

        /// <summary>
        /// The layers one call (inbound node) reads from. Keras 2 / TF.js: a list of [layer, node, tensor, kwargs];
        /// Keras 3: {"args": [...], "kwargs": {...}} holding <c>__keras_tensor__</c> objects with a keras_history.
        /// </summary>
        private static List<string> Sources(JsonNode call)
        {
            var result = new List<string>();
            if (call.Kind == JsonKind.Array)
            {
                foreach (JsonNode tensor in call.Items)
                {
                    if (tensor.Kind == JsonKind.Array && tensor.Items.Count > 0 && tensor.Items[0].Kind == JsonKind.String) result.Add(tensor.Items[0].String!);
                }
            }
            else
            {
                CollectHistories(call, result, 0);
            }
            return result;
        }

        private static void CollectHistories(JsonNode node, List<string> result, int depth)
        {
            if (depth > 32) return;
            if (node.Kind == JsonKind.Object)
            {
                foreach (JsonProperty p in node.Properties)
                {
                    if (p.Name == "keras_history" && p.Value.Kind == JsonKind.Array && p.Value.Items.Count > 0 && p.Value.Items[0].Kind == JsonKind.String)
                        result.Add(p.Value.Items[0].String!);
                    else
                        CollectHistories(p.Value, result, depth + 1);
                }
            }
            else if (node.Kind == JsonKind.Array)
            {
                foreach (JsonNode item in node.Items) CollectHistories(item, result, depth + 1);
            }
        }

        private static string Quote(List<string> names) => names.Count == 0 ? "none" : "'" + string.Join("', '", names) + "'";
    }
}
