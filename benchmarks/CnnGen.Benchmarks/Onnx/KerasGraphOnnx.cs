using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// Builds, in code, the ONNX model (opset 13) of a Keras <b>functional</b> model: its config (the tf.keras 2
/// <c>to_json()</c> layout of <c>keras-config.json</c>, or a TF.js <c>model.json</c>'s <c>modelTopology</c>) and its
/// TF.js weights (<see cref="TfjsWeights"/>, matched by name).
/// <para>
/// The graph: input <c>"input"</c> [N, H, W, C] (NHWC, as Keras), one Transpose to NCHW, every spatial tensor NCHW
/// from there on (ORT's Conv and pooling layout), output <c>"output"</c> in Keras order ([N, units], or NHWC
/// transposed back). Layers are converted in the config's order, which Keras makes topological; each call (node) of a
/// layer gets its own ONNX value, so shared layers work (their weights are stored once).
/// </para>
/// <para>
/// Layers: InputLayer, Conv2D, DepthwiseConv2D (Conv with group = C), BatchNormalization, ReLU (max_value → Clip),
/// Activation, MaxPooling2D, AveragePooling2D (padding excluded from the mean, as Keras), GlobalAverage/MaxPooling2D
/// ([N, C] as Keras), Flatten (NHWC order: a Transpose back first), Dense (Gemm), Dropout and SpatialDropout2D
/// (identity), Add, Subtract, Multiply, Average, Maximum, Minimum (equal shapes), Concatenate. Keras 'same' padding
/// becomes explicit <c>pads</c> [top, left, bottom, right] with the smaller half before (exact, also when it is
/// asymmetric); auto_pad is never used. Anything else (other layers, channels_first, merges that broadcast, Keras 3
/// node layout, several inputs or outputs) throws <see cref="NotSupportedException"/> naming the layer.
/// </para>
/// </summary>
internal sealed class KerasGraphOnnx
{
    /// <summary>The graph input's name: [N, ...Keras input shape].</summary>
    public const string InputName = "input";

    /// <summary>The graph output's name: [N, ...Keras output shape].</summary>
    public const string OutputName = "output";

    private readonly List<KerasLayer> _layers;
    private readonly InboundRef _input;
    private readonly InboundRef _output;
    private readonly TfjsWeights _weights;

    private KerasGraphOnnx(string name, List<KerasLayer> layers, InboundRef input, InboundRef output, TfjsWeights weights)
    {
        Name = name;
        _layers = layers;
        _input = input;
        _output = output;
        _weights = weights;
        // A first build checks every layer and gives the output shape.
        OutputShape = Translate(new OnnxGraph()).Shape;
    }

    /// <summary>The model's name in its config.</summary>
    public string Name { get; }

    /// <summary>The input shape without the batch axis, Keras order (e.g. [32, 32, 3]).</summary>
    public int[] InputShape => _layers.First(l => l.Name == _input.Layer).InputShape!;

    /// <summary>The output shape without the batch axis, Keras order (e.g. [10]).</summary>
    public int[] OutputShape { get; }

    /// <summary>Floats in one input sample.</summary>
    public int InputLength => Product(InputShape);

    /// <summary>Floats in one output sample.</summary>
    public int OutputLength => Product(OutputShape);

    /// <summary>The layers in config (topological) order, as "name (ClassName)".</summary>
    public IEnumerable<string> Layers => _layers.Select(l => $"{l.Name} ({l.ClassName})");

    /// <summary>A Keras fixture folder: <c>keras-config.json</c> for the graph, <c>model.json</c> + shards for the weights.</summary>
    public static KerasGraphOnnx FromFixture(string directory) =>
        Load(Path.Combine(directory, "keras-config.json"), Path.Combine(directory, "model.json"));

    /// <summary>
    /// Reads a functional model's config from <paramref name="configPath"/> (a tf.keras 2 <c>to_json()</c> file, or a TF.js
    /// <c>model.json</c>) and its weights from the TF.js <paramref name="tfjsModelJsonPath"/>.
    /// </summary>
    public static KerasGraphOnnx Load(string configPath, string tfjsModelJsonPath)
    {
        JsonObject root = JsonNode.Parse(File.ReadAllText(configPath))?.AsObject()
            ?? throw new InvalidDataException($"{configPath}: not a JSON object.");
        if (root["modelTopology"] is JsonObject topology)
        {
            root = topology["model_config"] as JsonObject ?? topology;
        }

        string className = Text(root, "class_name", configPath);
        if (className != "Functional" && className != "Model")
        {
            throw new NotSupportedException($"{configPath}: a {className} model; this builder reads functional models (class_name Functional or Model).");
        }

        JsonObject config = root["config"] as JsonObject ?? throw new InvalidDataException($"{configPath}: no config object.");
        var layers = new List<KerasLayer>();
        foreach (JsonNode? node in config["layers"]?.AsArray() ?? throw new InvalidDataException($"{configPath}: no config.layers."))
        {
            layers.Add(KerasLayer.Parse(node!.AsObject(), configPath));
        }

        InboundRef input = SingleRef(config["input_layers"], "input_layers", configPath);
        InboundRef output = SingleRef(config["output_layers"], "output_layers", configPath);
        KerasLayer? inputLayer = layers.FirstOrDefault(l => l.Name == input.Layer);
        if (inputLayer?.ClassName != "InputLayer" || inputLayer.InputShape == null)
        {
            throw new InvalidDataException($"{configPath}: input_layers names '{input.Layer}', which is not an InputLayer with a batch_input_shape.");
        }

        return new KerasGraphOnnx(Text(config, "name", configPath), layers, input, output, TfjsWeights.Load(tfjsModelJsonPath));
    }

    /// <summary>The serialized ModelProto for a fixed batch size (static shapes, so ORT can specialize on them).</summary>
    public byte[] Build(int batchSize)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        }

        var graph = new OnnxGraph();
        Translate(graph);
        return graph.ToModel(Name,
            InputName, [batchSize, .. InputShape.Select(d => (long)d)],
            OutputName, [batchSize, .. OutputShape.Select(d => (long)d)]);
    }

    /// <summary>Adds the whole model to <paramref name="graph"/>; returns the output value (already named <see cref="OutputName"/>).</summary>
    private Value Translate(OnnxGraph graph)
    {
        _weights.ResetUsage();
        var translator = new Translator(graph, _weights);
        var values = new Dictionary<(string Layer, int Node), Value>();
        foreach (KerasLayer layer in _layers)
        {
            if (layer.ClassName == "InputLayer")
            {
                if (layer.Name != _input.Layer)
                {
                    throw new NotSupportedException($"Layer '{layer.Name}': a second InputLayer; this builder reads single-input models.");
                }

                values[(layer.Name, 0)] = translator.Input(layer);
                continue;
            }

            for (int node = 0; node < layer.Nodes.Count; node++)
            {
                var inputs = new List<Value>();
                foreach (InboundRef inbound in layer.Nodes[node])
                {
                    if (inbound.Tensor != 0)
                    {
                        throw new NotSupportedException($"Layer '{layer.Name}' reads output {inbound.Tensor} of '{inbound.Layer}'; only single-output layers are supported.");
                    }

                    if (!values.TryGetValue((inbound.Layer, inbound.Node), out Value? value))
                    {
                        throw new InvalidDataException($"Layer '{layer.Name}' reads '{inbound.Layer}' node {inbound.Node}, which is not computed before it (unknown layer, or the config is not in topological order).");
                    }

                    inputs.Add(value);
                }

                string valueName = node == 0 ? layer.Name : $"{layer.Name}@{node}";
                values[(layer.Name, node)] = translator.Layer(layer, inputs, valueName);
            }
        }

        if (!values.TryGetValue((_output.Layer, _output.Node), out Value? output))
        {
            throw new InvalidDataException($"output_layers names '{_output.Layer}' node {_output.Node}, which the model does not compute.");
        }

        if (output.Shape.Length == 3)
        {
            graph.AddNode("Transpose", [output.Name], OutputName, OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        }
        else if (output.Name == InputName)
        {
            graph.AddNode("Identity", [output.Name], OutputName);
        }
        else
        {
            graph.RenameValue(output.Name, OutputName);
        }

        string[] unused = _weights.Unused().ToArray();
        if (unused.Length > 0)
        {
            throw new InvalidDataException($"Weights no layer uses (a naming mismatch?): {string.Join(", ", unused)}.");
        }

        return output with { Name = OutputName };
    }

    private static InboundRef SingleRef(JsonNode? node, string what, string path)
    {
        // tf.keras 2: [["input_1", 0, 0]]; Keras 3 may write a flat ["input_1", 0, 0].
        JsonArray refs = node as JsonArray ?? throw new InvalidDataException($"{path}: no config.{what}.");
        if (refs.Count > 0 && refs[0] is JsonValue)
        {
            refs = [refs.DeepClone()];
        }

        if (refs.Count != 1)
        {
            throw new NotSupportedException($"{path}: {refs.Count} {what}; this builder reads models with one input and one output.");
        }

        return InboundRef.Parse(refs[0], path);
    }

    private static string Text(JsonObject o, string key, string path) =>
        o[key]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: no '{key}'.");

    private static int Product(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>One ONNX value: its name and its Keras shape without the batch axis. Rank-3 values are stored NCHW.</summary>
    private sealed record Value(string Name, int[] Shape)
    {
        public int Height => Shape[0];

        public int Width => Shape[1];

        public int Channels => Shape[^1];
    }

    /// <summary>An inbound reference: [layer, node_index, tensor_index] (the kwargs of tf.keras 2 are ignored).</summary>
    private sealed record InboundRef(string Layer, int Node, int Tensor)
    {
        public static InboundRef Parse(JsonNode? node, string path)
        {
            if (node is JsonObject)
            {
                throw new NotSupportedException($"{path}: Keras 3 node layout (args/kwargs with keras_history); use the tf.keras 2 config (keras-config.json) or the TF.js model.json.");
            }

            if (node is not JsonArray { Count: >= 3 } a || a[0] is not JsonValue)
            {
                throw new InvalidDataException($"{path}: an inbound reference is not [layer, node_index, tensor_index]: {node?.ToJsonString()}");
            }

            return new InboundRef(a[0]!.GetValue<string>(), a[1]!.GetValue<int>(), a[2]!.GetValue<int>());
        }
    }

    /// <summary>A layer of the config: class, name, config object and its calls (nodes), each a list of inbound references.</summary>
    private sealed record KerasLayer(string ClassName, string Name, JsonObject Config, List<List<InboundRef>> Nodes, int[]? InputShape)
    {
        public static KerasLayer Parse(JsonObject layer, string path)
        {
            string className = Text(layer, "class_name", path);
            JsonObject config = layer["config"] as JsonObject ?? throw new InvalidDataException($"{path}: a {className} layer without config.");
            string name = layer["name"]?.GetValue<string>() ?? Text(config, "name", path);
            var nodes = new List<List<InboundRef>>();
            foreach (JsonNode? node in layer["inbound_nodes"] as JsonArray ?? [])
            {
                if (node is not JsonArray refs)
                {
                    throw new NotSupportedException($"{path}: layer '{name}' has a Keras 3 inbound node ({{args, kwargs}}); use the tf.keras 2 config (keras-config.json) or the TF.js model.json.");
                }

                nodes.Add(refs.Select(r => InboundRef.Parse(r, path)).ToList());
            }

            int[]? inputShape = null;
            if (className == "InputLayer" && (config["batch_input_shape"] ?? config["batch_shape"]) is JsonArray batchShape)
            {
                inputShape = batchShape.Skip(1).Select(d => d?.GetValue<int>()
                    ?? throw new NotSupportedException($"{path}: input '{name}' has a dimension of unknown size.")).ToArray();
            }

            if (className != "InputLayer" && nodes.Count == 0)
            {
                throw new InvalidDataException($"{path}: layer '{name}' has no inbound nodes.");
            }

            return new KerasLayer(className, name, config, nodes, inputShape);
        }
    }

    /// <summary>Converts one layer call at a time into ONNX nodes of one graph.</summary>
    private sealed class Translator(OnnxGraph graph, TfjsWeights weights)
    {
        private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);

        /// <summary>The graph input, transposed to NCHW when it is an image.</summary>
        public Value Input(KerasLayer layer)
        {
            int[] shape = layer.InputShape!;
            switch (shape.Length)
            {
                case 3:
                    graph.AddNode("Transpose", [InputName], layer.Name, OnnxAttribute.Ints("perm", 0, 3, 1, 2));
                    return new Value(layer.Name, shape);
                case 1:
                    return new Value(InputName, shape);
                default:
                    throw new NotSupportedException($"Input '{layer.Name}' has shape [{string.Join(", ", shape)}]; images (H, W, C) and vectors are supported.");
            }
        }

        /// <summary>One call of <paramref name="layer"/> on <paramref name="inputs"/>; its result is named <paramref name="name"/> (unless the layer is an identity).</summary>
        public Value Layer(KerasLayer layer, List<Value> inputs, string name)
        {
            JsonObject config = layer.Config;
            if (config["data_format"] is JsonNode format && format.GetValue<string>() != "channels_last")
            {
                throw Unsupported(layer, $"data_format {format.GetValue<string>()}");
            }

            switch (layer.ClassName)
            {
                case "Conv2D":
                    return Conv2D(layer, Single(layer, inputs, 3), name);
                case "DepthwiseConv2D":
                    return DepthwiseConv2D(layer, Single(layer, inputs, 3), name);
                case "BatchNormalization":
                    return BatchNormalization(layer, Single(layer, inputs), name);
                case "ReLU":
                    return ReLU(layer, Single(layer, inputs), name);
                case "Activation":
                    return Activation(layer, Single(layer, inputs), Str(config, "activation"), name);
                case "MaxPooling2D":
                case "AveragePooling2D":
                    return Pooling(layer, Single(layer, inputs, 3), name);
                case "GlobalAveragePooling2D":
                case "GlobalMaxPooling2D":
                    return GlobalPooling(layer, Single(layer, inputs, 3), name);
                case "Flatten":
                    return Flatten(Single(layer, inputs), name);
                case "Dense":
                    return Dense(layer, Single(layer, inputs, 1), name);
                case "Dropout":
                case "SpatialDropout2D":
                    return Single(layer, inputs); // inference: identity
                case "Add":
                case "Subtract":
                case "Multiply":
                case "Average":
                case "Maximum":
                case "Minimum":
                    return Merge(layer, inputs, name);
                case "Concatenate":
                    return Concatenate(layer, inputs, name);
                default:
                    throw Unsupported(layer, "this layer class");
            }
        }

        private Value Conv2D(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            if (c["groups"] is JsonNode groups && groups.GetValue<int>() != 1)
            {
                throw Unsupported(layer, "groups != 1");
            }

            int filters = Int(c, "filters");
            (int kh, int kw) = Pair(c, "kernel_size");
            (int sh, int sw) = Pair(c, "strides", 1);
            (int dh, int dw) = Pair(c, "dilation_rate", 1);
            bool same = Padding(layer);
            float[] kernel = weights.Get(layer.Name, "kernel", kh, kw, x.Channels, filters);
            string w = Initializer(layer.Name + "/W", () => HwioToOihw(kernel, kh, kw, x.Channels, filters), filters, x.Channels, kh, kw);
            return Convolution(layer, x, name, w, filters, 1, (kh, kw), (sh, sw), (dh, dw), same);
        }

        private Value DepthwiseConv2D(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            int multiplier = c["depth_multiplier"]?.GetValue<int>() ?? 1;
            (int kh, int kw) = Pair(c, "kernel_size");
            (int sh, int sw) = Pair(c, "strides", 1);
            (int dh, int dw) = Pair(c, "dilation_rate", 1);
            bool same = Padding(layer);
            int channels = x.Channels, outChannels = channels * multiplier;
            float[] kernel = weights.Get(layer.Name, "depthwise_kernel", kh, kw, channels, multiplier);

            // Keras [kh, kw, C, M] → ONNX [C·M, 1, kh, kw]; output channel c·M + m (Keras' order) is group c.
            string w = Initializer(layer.Name + "/W", () =>
            {
                var oihw = new float[kernel.Length];
                for (int y = 0; y < kh; y++)
                {
                    for (int xk = 0; xk < kw; xk++)
                    {
                        for (int ch = 0; ch < channels; ch++)
                        {
                            for (int m = 0; m < multiplier; m++)
                            {
                                oihw[((ch * multiplier + m) * kh + y) * kw + xk] = kernel[((y * kw + xk) * channels + ch) * multiplier + m];
                            }
                        }
                    }
                }

                return oihw;
            }, outChannels, 1, kh, kw);
            return Convolution(layer, x, name, w, outChannels, channels, (kh, kw), (sh, sw), (dh, dw), same);
        }

        /// <summary>A Conv node (plus bias and activation) with Keras' padding made explicit.</summary>
        private Value Convolution(KerasLayer layer, Value x, string name, string w, int outChannels, int group,
            (int H, int W) kernel, (int H, int W) strides, (int H, int W) dilation, bool same)
        {
            (int outH, int top, int bottom) = Window(layer, x.Height, kernel.H, strides.H, dilation.H, same);
            (int outW, int left, int right) = Window(layer, x.Width, kernel.W, strides.W, dilation.W, same);
            var inputs = new List<string> { x.Name, w };
            if (layer.Config["use_bias"]?.GetValue<bool>() ?? true)
            {
                float[] bias = weights.Get(layer.Name, "bias", outChannels);
                inputs.Add(Initializer(layer.Name + "/B", () => bias, outChannels));
            }

            string activation = Str(layer.Config, "activation", "linear");
            string convOutput = activation == "linear" ? name : name + "/conv";
            graph.AddNode("Conv", inputs.ToArray(), convOutput,
                OnnxAttribute.Ints("kernel_shape", kernel.H, kernel.W),
                OnnxAttribute.Ints("strides", strides.H, strides.W),
                OnnxAttribute.Ints("dilations", dilation.H, dilation.W),
                OnnxAttribute.Ints("pads", top, left, bottom, right),
                OnnxAttribute.Int("group", group));
            return Activation(layer, new Value(convOutput, [outH, outW, outChannels]), activation, name);
        }

        private Value BatchNormalization(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            int axis = c["axis"] is JsonArray axes
                ? (axes.Count == 1 ? axes[0]!.GetValue<int>() : throw Unsupported(layer, "several axes"))
                : c["axis"]?.GetValue<int>() ?? -1;
            if (axis != -1 && axis != x.Shape.Length)
            {
                throw Unsupported(layer, $"axis {axis} (only the channel axis, -1)");
            }

            int n = x.Channels;
            float[] gamma = (c["scale"]?.GetValue<bool>() ?? true) ? weights.Get(layer.Name, "gamma", n) : Filled(n, 1f);
            float[] beta = (c["center"]?.GetValue<bool>() ?? true) ? weights.Get(layer.Name, "beta", n) : new float[n];
            float[] mean = weights.Get(layer.Name, "moving_mean", n);
            float[] variance = weights.Get(layer.Name, "moving_variance", n);
            float epsilon = c["epsilon"]?.GetValue<float>() ?? 1e-3f;
            string[] inputs =
            [
                x.Name,
                Initializer(layer.Name + "/gamma", () => gamma, n),
                Initializer(layer.Name + "/beta", () => beta, n),
                Initializer(layer.Name + "/mean", () => mean, n),
                Initializer(layer.Name + "/variance", () => variance, n),
            ];
            graph.AddNode("BatchNormalization", inputs, name, OnnxAttribute.Float("epsilon", epsilon));
            return new Value(name, x.Shape);
        }

        private Value ReLU(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            if ((c["negative_slope"]?.GetValue<float>() ?? 0f) != 0f || (c["threshold"]?.GetValue<float>() ?? 0f) != 0f)
            {
                throw Unsupported(layer, "negative_slope or threshold != 0");
            }

            if (c["max_value"] is JsonNode max)
            {
                graph.AddNode("Clip", [x.Name, Scalar(0f), Scalar(max.GetValue<float>())], name);
            }
            else
            {
                graph.AddNode("Relu", [x.Name], name);
            }

            return new Value(name, x.Shape);
        }

        /// <summary>
        /// A Keras activation by name on <paramref name="x"/>; the result is named <paramref name="name"/> (linear returns
        /// <paramref name="x"/> itself). Softmax is over the channel axis: the last Keras axis, ONNX axis 1 of NCHW.
        /// </summary>
        private Value Activation(KerasLayer layer, Value x, string activation, string name)
        {
            switch (activation)
            {
                case "linear":
                    return x;
                case "relu":
                    graph.AddNode("Relu", [x.Name], name);
                    break;
                case "relu6":
                    graph.AddNode("Clip", [x.Name, Scalar(0f), Scalar(6f)], name);
                    break;
                case "sigmoid":
                    graph.AddNode("Sigmoid", [x.Name], name);
                    break;
                case "tanh":
                    graph.AddNode("Tanh", [x.Name], name);
                    break;
                case "softmax":
                    graph.AddNode("Softmax", [x.Name], name, OnnxAttribute.Int("axis", x.Shape.Length == 3 ? 1 : -1));
                    break;
                default:
                    throw Unsupported(layer, $"activation '{activation}'");
            }

            return x with { Name = name };
        }

        private Value Pooling(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            (int ph, int pw) = Pair(c, "pool_size", 2);
            (int sh, int sw) = c["strides"] is null ? (ph, pw) : Pair(c, "strides"); // null: the pool size
            bool same = Padding(layer);
            (int outH, int top, int bottom) = Window(layer, x.Height, ph, sh, 1, same);
            (int outW, int left, int right) = Window(layer, x.Width, pw, sw, 1, same);
            bool max = layer.ClassName == "MaxPooling2D";
            var attributes = new List<OnnxAttribute>
            {
                OnnxAttribute.Ints("kernel_shape", ph, pw),
                OnnxAttribute.Ints("strides", sh, sw),
                OnnxAttribute.Ints("pads", top, left, bottom, right),
            };
            if (!max)
            {
                attributes.Add(OnnxAttribute.Int("count_include_pad", 0)); // Keras averages the cells inside the image only
            }

            graph.AddNode(max ? "MaxPool" : "AveragePool", [x.Name], name, attributes.ToArray());
            return new Value(name, [outH, outW, x.Channels]);
        }

        private Value GlobalPooling(KerasLayer layer, Value x, string name)
        {
            bool keepDims = layer.Config["keepdims"]?.GetValue<bool>() ?? false;
            string op = layer.ClassName == "GlobalMaxPooling2D" ? "GlobalMaxPool" : "GlobalAveragePool";
            if (keepDims)
            {
                graph.AddNode(op, [x.Name], name); // [N, C, 1, 1] = Keras [1, 1, C] stored NCHW
                return new Value(name, [1, 1, x.Channels]);
            }

            // [N, C, 1, 1] → [N, C]: Keras' order already, no transpose.
            graph.AddNode(op, [x.Name], name + "/pool");
            graph.AddNode("Flatten", [name + "/pool"], name, OnnxAttribute.Int("axis", 1));
            return new Value(name, [x.Channels]);
        }

        /// <summary>Keras flattens NHWC (channels fastest): an image goes back from NCHW to NHWC first.</summary>
        private Value Flatten(Value x, string name)
        {
            if (x.Shape.Length == 1)
            {
                return x;
            }

            graph.AddNode("Transpose", [x.Name], name + "/nhwc", OnnxAttribute.Ints("perm", 0, 2, 3, 1));
            graph.AddNode("Flatten", [name + "/nhwc"], name, OnnxAttribute.Int("axis", 1));
            return new Value(name, [Product(x.Shape)]);
        }

        private Value Dense(KerasLayer layer, Value x, string name)
        {
            JsonObject c = layer.Config;
            int units = Int(c, "units"), inputs = x.Channels;
            float[] kernel = weights.Get(layer.Name, "kernel", inputs, units);
            var gemmInputs = new List<string> { x.Name, Initializer(layer.Name + "/W", () => kernel, inputs, units) };
            if (c["use_bias"]?.GetValue<bool>() ?? true)
            {
                float[] bias = weights.Get(layer.Name, "bias", units);
                gemmInputs.Add(Initializer(layer.Name + "/B", () => bias, units));
            }

            string activation = Str(c, "activation", "linear");
            string gemmOutput = activation == "linear" ? name : name + "/gemm";
            graph.AddNode("Gemm", gemmInputs.ToArray(), gemmOutput); // Keras kernel [in, out] is Gemm's B as it is
            return Activation(layer, new Value(gemmOutput, [units]), activation, name);
        }

        private Value Merge(KerasLayer layer, List<Value> inputs, string name)
        {
            if (inputs.Count < 2 || (layer.ClassName == "Subtract" && inputs.Count != 2))
            {
                throw Unsupported(layer, $"{inputs.Count} inputs");
            }

            if (inputs.Any(v => !v.Shape.AsSpan().SequenceEqual(inputs[0].Shape)))
            {
                throw Unsupported(layer, "inputs of different shapes (broadcasting): " + string.Join(" vs ", inputs.Select(v => $"[{string.Join(", ", v.Shape)}]")));
            }

            string[] names = inputs.Select(v => v.Name).ToArray();
            switch (layer.ClassName)
            {
                case "Add":
                    graph.AddNode(names.Length == 2 ? "Add" : "Sum", names, name);
                    break;
                case "Subtract":
                    graph.AddNode("Sub", names, name);
                    break;
                case "Multiply":
                    // Mul is binary: a chain.
                    string product = names[0];
                    for (int i = 1; i < names.Length; i++)
                    {
                        string next = i == names.Length - 1 ? name : $"{name}/mul{i}";
                        graph.AddNode("Mul", [product, names[i]], next);
                        product = next;
                    }

                    break;
                case "Average":
                    graph.AddNode("Mean", names, name);
                    break;
                case "Maximum":
                    graph.AddNode("Max", names, name);
                    break;
                default:
                    graph.AddNode("Min", names, name);
                    break;
            }

            return new Value(name, inputs[0].Shape);
        }

        private Value Concatenate(KerasLayer layer, List<Value> inputs, string name)
        {
            int rank = inputs[0].Shape.Length;
            int axis = layer.Config["axis"]?.GetValue<int>() ?? -1;
            int kerasAxis = axis < 0 ? axis + rank + 1 : axis; // counting the batch axis, as Keras does
            if (kerasAxis < 1 || kerasAxis > rank || inputs.Any(v => v.Shape.Length != rank))
            {
                throw Unsupported(layer, $"axis {axis} on inputs of rank {rank}");
            }

            int total = 0;
            foreach (Value v in inputs)
            {
                for (int d = 0; d < rank; d++)
                {
                    if (d != kerasAxis - 1 && v.Shape[d] != inputs[0].Shape[d])
                    {
                        throw Unsupported(layer, "inputs that differ outside the concatenation axis");
                    }
                }

                total += v.Shape[kerasAxis - 1];
            }

            // Keras (N, H, W, C) axes 1, 2, 3 are NCHW axes 2, 3, 1.
            int onnxAxis = rank == 3 ? kerasAxis % 3 + 1 : kerasAxis;
            graph.AddNode("Concat", inputs.Select(v => v.Name).ToArray(), name, OnnxAttribute.Int("axis", onnxAxis));
            int[] shape = (int[])inputs[0].Shape.Clone();
            shape[kerasAxis - 1] = total;
            return new Value(name, shape);
        }

        /// <summary>
        /// Output size and padding of one spatial axis, as Keras computes them. 'valid': no padding. 'same': output
        /// ceil(in / stride), total padding max((out − 1)·stride + effective kernel − in, 0), the smaller half before.
        /// </summary>
        private static (int Output, int Before, int After) Window(KerasLayer layer, int input, int kernel, int stride, int dilation, bool same)
        {
            int effective = (kernel - 1) * dilation + 1;
            if (!same)
            {
                if (input < effective)
                {
                    throw new InvalidDataException($"Layer '{layer.Name}': input size {input} is smaller than its window {effective} (padding valid).");
                }

                return ((input - effective) / stride + 1, 0, 0);
            }

            int output = (input + stride - 1) / stride;
            int total = Math.Max((output - 1) * stride + effective - input, 0);
            return (output, total / 2, total - total / 2);
        }

        /// <summary>True for 'same', false for 'valid'; anything else is not supported.</summary>
        private static bool Padding(KerasLayer layer) => Str(layer.Config, "padding", "valid") switch
        {
            "same" => true,
            "valid" => false,
            string other => throw Unsupported(layer, $"padding '{other}'"),
        };

        private static Value Single(KerasLayer layer, List<Value> inputs, int rank = 0)
        {
            if (inputs.Count != 1)
            {
                throw Unsupported(layer, $"{inputs.Count} inputs");
            }

            if (rank != 0 && inputs[0].Shape.Length != rank)
            {
                throw Unsupported(layer, $"an input of shape [{string.Join(", ", inputs[0].Shape)}] (rank {rank} expected)");
            }

            return inputs[0];
        }

        /// <summary>Adds an initializer once (a shared layer's calls use the same one).</summary>
        private string Initializer(string name, Func<float[]> values, params long[] dims)
        {
            if (_initializers.Add(name))
            {
                graph.AddInitializer(name, values(), dims);
            }

            return name;
        }

        private string Scalar(float value) =>
            Initializer("scalar/" + value.ToString("R", CultureInfo.InvariantCulture), () => [value]);

        private static float[] HwioToOihw(float[] hwio, int kh, int kw, int inChannels, int outChannels)
        {
            var oihw = new float[hwio.Length];
            for (int y = 0; y < kh; y++)
            {
                for (int x = 0; x < kw; x++)
                {
                    for (int ci = 0; ci < inChannels; ci++)
                    {
                        for (int co = 0; co < outChannels; co++)
                        {
                            oihw[((co * inChannels + ci) * kh + y) * kw + x] = hwio[((y * kw + x) * inChannels + ci) * outChannels + co];
                        }
                    }
                }
            }

            return oihw;
        }

        private static float[] Filled(int count, float value)
        {
            var values = new float[count];
            Array.Fill(values, value);
            return values;
        }

        private static int Int(JsonObject config, string key) =>
            config[key]?.GetValue<int>() ?? throw new InvalidDataException($"Layer '{config["name"]}': no '{key}'.");

        private static string Str(JsonObject config, string key, string? fallback = null) =>
            config[key]?.GetValue<string>() ?? fallback ?? throw new InvalidDataException($"Layer '{config["name"]}': no '{key}'.");

        /// <summary>A Keras pair ([h, w], or one int for both); <paramref name="fallback"/> when the key is missing or null.</summary>
        private static (int, int) Pair(JsonObject config, string key, int? fallback = null) => config[key] switch
        {
            JsonArray { Count: 2 } a => (a[0]!.GetValue<int>(), a[1]!.GetValue<int>()),
            JsonValue v => (v.GetValue<int>(), v.GetValue<int>()),
            null when fallback is int f => (f, f),
            var other => throw new InvalidDataException($"Layer '{config["name"]}': '{key}' is {other?.ToJsonString() ?? "missing"}, not a pair of ints."),
        };

        private static NotSupportedException Unsupported(KerasLayer layer, string what) =>
            new($"Layer '{layer.Name}' ({layer.ClassName}): {what} is not supported by the ONNX builder.");
    }
}
