using System.Collections.Generic;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// The options of one layer in a JSON spec (a Keras <c>config</c> object, or a CnnGen layer object), read by
    /// Keras name with Keras defaults. A missing or mistyped value is reported at its token, naming the layer,
    /// and replaced by the default so that reading goes on and every problem of the file shows at once.
    /// Remembers which keys were read, so that a CnnGen spec can warn about the others.
    /// </summary>
    internal sealed class LayerOptions
    {
        private readonly SpecFileContext _file;
        private readonly HashSet<string> _read = new HashSet<string>(System.StringComparer.Ordinal);

        public LayerOptions(SpecFileContext file, int index, string name, string className, JsonNode classNode, JsonNode options)
        {
            _file = file;
            Index = index;
            Name = name;
            ClassName = className;
            ClassNode = classNode;
            Options = options;
            _read.Add("name");
        }

        /// <summary>The layer's index among the model's layers (an InputLayer does not count, as in Keras' model.layers).</summary>
        public int Index { get; }

        /// <summary>The layer's name: the file's, or the Keras default it will get.</summary>
        public string Name { get; }

        public string ClassName { get; }

        /// <summary>The token naming the class: where problems of the layer as a whole are reported.</summary>
        public JsonNode ClassNode { get; }

        public JsonNode Options { get; }

        public SpecFileContext File => _file;

        /// <summary>"Layer 3 'dense' (Dense)": the subject of every message about this layer.</summary>
        public string Subject => $"Layer {Index} '{Name}' ({ClassName})";

        /// <summary>Members of the options object no reader asked for.</summary>
        public IEnumerable<JsonProperty> Unread
        {
            get
            {
                foreach (JsonProperty p in Options.Properties)
                {
                    if (!_read.Contains(p.Name)) yield return p;
                }
            }
        }

        /// <summary>Marks keys as known although they do not change inference (initializers, regularizers, ...).</summary>
        public void Ignore(params string[] keys)
        {
            foreach (string key in keys) _read.Add(key);
        }

        /// <summary>The value of <paramref name="key"/>, or null when absent; marks the key as read.</summary>
        public JsonNode? Get(string key)
        {
            _read.Add(key);
            return Options[key];
        }

        /// <summary>A required integer.</summary>
        public int Int(string key)
        {
            JsonNode? node = Get(key);
            if (node is null)
            {
                Missing(key);
                return 0;
            }
            return IntValue(key, node, 0);
        }

        /// <summary>An optional integer; absent or null gives <paramref name="fallback"/>.</summary>
        public int Int(string key, int fallback)
        {
            JsonNode? node = Get(key);
            return node is null || node.Kind == JsonKind.Null ? fallback : IntValue(key, node, fallback);
        }

        /// <summary>A required (height, width) pair, written as one integer or a list of two (Keras' normalize_tuple).</summary>
        public (int Height, int Width) Pair(string key)
        {
            JsonNode? node = Get(key);
            if (node is null)
            {
                Missing(key);
                return (0, 0);
            }
            return PairValue(key, node, (0, 0));
        }

        /// <summary>An optional pair; absent or null gives <paramref name="fallback"/>.</summary>
        public (int Height, int Width) Pair(string key, (int, int) fallback)
        {
            JsonNode? node = Get(key);
            return node is null || node.Kind == JsonKind.Null ? fallback : PairValue(key, node, fallback);
        }

        /// <summary>A 1-D size: one integer or a list of one (Keras writes [3] for Conv1D's kernel_size); absent or null gives <paramref name="fallback"/>.</summary>
        public int Single(string key, int? fallback)
        {
            JsonNode? node = Get(key);
            if (node is null || node.Kind == JsonKind.Null)
            {
                if (fallback is null) Missing(key);
                return fallback ?? 0;
            }
            if (node.Kind == JsonKind.Integer) return IntValue(key, node, fallback ?? 0);
            if (node.Kind == JsonKind.Array && node.Items.Count == 1 && node.Items[0].Kind == JsonKind.Integer) return IntValue(key, node.Items[0], fallback ?? 0);
            Invalid(key, node, $"must be an integer or a list of one integer, got {node.Describe()}");
            return fallback ?? 0;
        }

        /// <summary>
        /// ZeroPadding2D padding / Cropping2D cropping: one integer for every side, [rows, columns] (symmetric), or
        /// [[top, bottom], [left, right]]; absent or null gives <paramref name="fallback"/> on every side.
        /// </summary>
        public (int Top, int Bottom, int Left, int Right) Edges(string key, int fallback)
        {
            JsonNode? node = Get(key);
            if (node is null || node.Kind == JsonKind.Null) return (fallback, fallback, fallback, fallback);
            if (node.Kind == JsonKind.Integer)
            {
                int v = IntValue(key, node, fallback);
                return (v, v, v, v);
            }
            if (node.Kind == JsonKind.Array && node.Items.Count == 2)
            {
                JsonNode rows = node.Items[0], columns = node.Items[1];
                if (rows.Kind == JsonKind.Integer && columns.Kind == JsonKind.Integer)
                {
                    int h = IntValue(key, rows, fallback), w = IntValue(key, columns, fallback);
                    return (h, h, w, w);
                }
                if (IsIntPair(rows) && IsIntPair(columns))
                {
                    return (IntValue(key, rows.Items[0], fallback), IntValue(key, rows.Items[1], fallback),
                            IntValue(key, columns.Items[0], fallback), IntValue(key, columns.Items[1], fallback));
                }
            }
            Invalid(key, node, $"must be an integer, [rows, columns] or [[top, bottom], [left, right]], got {node.Describe()}");
            return (fallback, fallback, fallback, fallback);
        }

        /// <summary>A required list of integers (Reshape target_shape).</summary>
        public int[] IntList(string key)
        {
            JsonNode? node = Get(key);
            if (node is null)
            {
                Missing(key);
                return new int[0];
            }
            if (node.Kind == JsonKind.Array)
            {
                var values = new int[node.Items.Count];
                bool ok = true;
                for (int i = 0; i < values.Length && ok; i++)
                {
                    if (node.Items[i].Kind == JsonKind.Integer) values[i] = IntValue(key, node.Items[i], 0);
                    else ok = false;
                }
                if (ok) return values;
            }
            Invalid(key, node, $"must be a list of integers, got {node.Describe()}");
            return new int[0];
        }

        /// <summary>An axis: an integer, or a list of one (tf.keras 2 writes BatchNormalization's axis as [3]).</summary>
        public int Axis(string key, int fallback)
        {
            JsonNode? node = Get(key);
            if (node is null || node.Kind == JsonKind.Null) return fallback;
            if (node.Kind == JsonKind.Integer) return IntValue(key, node, fallback);
            if (node.Kind == JsonKind.Array && node.Items.Count == 1 && node.Items[0].Kind == JsonKind.Integer) return IntValue(key, node.Items[0], fallback);
            Invalid(key, node, node.Kind == JsonKind.Array
                ? $"must be one axis; normalizing over several axes ({node.Describe()}) is not supported"
                : $"must be an integer, got {node.Describe()}");
            return fallback;
        }

        private static bool IsIntPair(JsonNode node) =>
            node.Kind == JsonKind.Array && node.Items.Count == 2 && node.Items[0].Kind == JsonKind.Integer && node.Items[1].Kind == JsonKind.Integer;

        /// <summary>A required number.</summary>
        public double Double(string key)
        {
            JsonNode? node = Get(key);
            if (node is null)
            {
                Missing(key);
                return 0;
            }
            return DoubleValue(key, node, 0);
        }

        /// <summary>An optional number; absent or null gives <paramref name="fallback"/>.</summary>
        public double Double(string key, double fallback)
        {
            JsonNode? node = Get(key);
            return node is null || node.Kind == JsonKind.Null ? fallback : DoubleValue(key, node, fallback);
        }

        /// <summary>An optional number that may be null (ReLU max_value).</summary>
        public double? NullableDouble(string key)
        {
            JsonNode? node = Get(key);
            return node is null || node.Kind == JsonKind.Null ? null : DoubleValue(key, node, 0);
        }

        public bool Bool(string key, bool fallback)
        {
            JsonNode? node = Get(key);
            if (node is null || node.Kind == JsonKind.Null) return fallback;
            if (node.IsBoolean) return node.Kind == JsonKind.True;
            Invalid(key, node, "must be true or false");
            return fallback;
        }

        /// <summary>'valid' (default) or 'same'; 'causal' (Conv1D only) is reported as unsupported.</summary>
        public PaddingKind Padding()
        {
            JsonNode? node = Get("padding");
            if (node is null || node.Kind == JsonKind.Null) return PaddingKind.Valid;
            if (node.Kind == JsonKind.String)
            {
                string value = node.String!.ToLowerInvariant();
                if (value == "valid") return PaddingKind.Valid;
                if (value == "same") return PaddingKind.Same;
                if (value == "causal")
                {
                    Unsupported(node, "padding 'causal' is not supported (Keras allows it only for Conv1D); use 'valid' or 'same'");
                    return PaddingKind.Valid;
                }
            }
            Invalid("padding", node, "must be \"valid\" or \"same\"");
            return PaddingKind.Valid;
        }

        /// <summary>An activation by Keras name (or a Keras 3 serialized function); <paramref name="required"/> reports a missing one.</summary>
        public ActivationKind Activation(string key, bool required = false)
        {
            JsonNode? node = Get(key);
            if (node is null)
            {
                if (required) Missing(key);
                return ActivationKind.Linear;
            }
            if (node.Kind == JsonKind.Null) return ActivationKind.Linear;

            // Keras 3 may serialize a built-in as {"module": "keras.activations", "class_name": "function", "config": "relu", ...}.
            JsonNode named = node.Kind == JsonKind.Object && node["config"] is JsonNode inner && inner.Kind == JsonKind.String ? inner : node;
            if (named.Kind != JsonKind.String)
            {
                Invalid(key, node, $"must be an activation name such as \"relu\", got {node.Describe()}");
                return ActivationKind.Linear;
            }
            if (!ActivationNames.TryGet(named.String!, out ActivationKind kind))
            {
                _file.Report(DiagnosticDescriptors.UnknownActivation, named, Subject, named.String!, ActivationNames.Supported);
                return ActivationKind.Linear;
            }
            if (kind == ActivationKind.HardSigmoid && _file.Keras3) _file.Report(DiagnosticDescriptors.Keras3HardSigmoid, named, Subject);
            return kind;
        }

        /// <summary>Reports data_format 'channels_first': CnnGen computes NHWC only.</summary>
        public void RequireChannelsLast()
        {
            JsonNode? node = Get("data_format");
            if (node is null || node.Kind == JsonKind.Null) return;
            if (node.Kind == JsonKind.String && node.String == "channels_last") return;
            if (node.Kind == JsonKind.String && node.String == "channels_first")
            {
                Unsupported(node, "data_format 'channels_first' is not supported; CnnGen computes channels_last (NHWC) tensors as Keras does by default");
                return;
            }
            Invalid("data_format", node, "must be \"channels_last\"");
        }

        /// <summary>Reports grouped convolution (groups &gt; 1).</summary>
        public void RequireSingleGroup()
        {
            JsonNode? node = Get("groups");
            if (node is null || node.Kind == JsonKind.Null) return;
            if (node.Kind != JsonKind.Integer)
            {
                Invalid("groups", node, $"must be an integer, got {node.Describe()}");
                return;
            }
            if (node.Integer != 1) Unsupported(node, $"groups = {node.RawNumber} (grouped convolution) is not supported; only groups = 1");
        }

        public void Missing(string key) =>
            _file.Report(DiagnosticDescriptors.MissingField, ClassNode, Subject, key, "");

        public void Invalid(string key, JsonNode node, string problem) =>
            _file.Report(DiagnosticDescriptors.InvalidField, node, Subject, key, problem);

        public void Unsupported(JsonNode node, string problem) =>
            _file.Report(DiagnosticDescriptors.UnsupportedJsonOption, node, Index, Name, ClassName, problem);

        private int IntValue(string key, JsonNode node, int fallback)
        {
            if (node.Kind == JsonKind.Integer && node.Integer >= int.MinValue && node.Integer <= int.MaxValue) return (int)node.Integer;
            Invalid(key, node, node.Kind == JsonKind.Integer ? $"is out of range: {node.RawNumber}" : $"must be an integer, got {node.Describe()}");
            return fallback;
        }

        private (int, int) PairValue(string key, JsonNode node, (int, int) fallback)
        {
            if (node.Kind == JsonKind.Integer)
            {
                int v = IntValue(key, node, 0);
                return (v, v);
            }
            if (node.Kind == JsonKind.Array && node.Items.Count == 1 && node.Items[0].Kind == JsonKind.Integer)
            {
                int v = IntValue(key, node.Items[0], 0);
                return (v, v);
            }
            if (node.Kind == JsonKind.Array && node.Items.Count == 2 && node.Items[0].Kind == JsonKind.Integer && node.Items[1].Kind == JsonKind.Integer)
            {
                return (IntValue(key, node.Items[0], 0), IntValue(key, node.Items[1], 0));
            }
            Invalid(key, node, $"must be an integer or a list of two integers, got {node.Describe()}");
            return fallback;
        }

        private double DoubleValue(string key, JsonNode node, double fallback)
        {
            if (node.IsNumber) return node.Number;
            Invalid(key, node, $"must be a number, got {node.Describe()}");
            return fallback;
        }
    }
}
