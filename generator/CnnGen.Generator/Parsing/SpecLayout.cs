using System.Collections.Generic;

namespace CnnGen.Generator.Parsing
{
    /// <summary>
    /// Where the parts of a model sit in a spec file, whatever its format: the model name, the layer entries in
    /// order and the candidate input shapes. Found by <see cref="KerasConfigReader"/> or the CnnGen spec reader;
    /// turned into layers by <see cref="SpecFileReader"/>.
    /// </summary>
    internal sealed class SpecLayout
    {
        public SpecLayout(string format, JsonNode root, JsonNode layersNode)
        {
            Format = format;
            Root = root;
            LayersNode = layersNode;
        }

        /// <summary>"keras", "tfjs" or "cnngen".</summary>
        public string Format { get; }

        public JsonNode Root { get; }

        /// <summary>The JSON array of layers (reported when it holds no layer).</summary>
        public JsonNode LayersNode { get; }

        /// <summary>The model name; null: Keras' default "sequential".</summary>
        public string? Name { get; set; }

        public List<SpecLayoutLayer> Layers { get; } = new List<SpecLayoutLayer>();

        /// <summary>A CnnGen spec's "input": the shape of one sample, without the batch axis.</summary>
        public JsonNode? Input { get; set; }

        /// <summary>A Keras Sequential config's build_input_shape (with the batch axis): the last resort for the input shape.</summary>
        public JsonNode? BuildInputShape { get; set; }

        /// <summary>A functional model: its InputLayer's name and its output call (set by <c>KerasConfigReader.ReadGraph</c>); null for Sequential.</summary>
        public string? InputName { get; set; }

        /// <summary>The output of a functional model, and where it is named; null: the last layer.</summary>
        public Model.InboundRef? Output { get; set; }

        public JsonNode? OutputNode { get; set; }

        /// <summary>Whether members a reader does not know are reported (CnnGen specs; Keras configs carry many that do not matter).</summary>
        public bool WarnUnknownFields { get; set; }
    }

    /// <summary>One layer entry: its class, the object holding its options, and the whole entry (its location).</summary>
    internal sealed class SpecLayoutLayer
    {
        public SpecLayoutLayer(string className, JsonNode classNode, JsonNode options, JsonNode entry)
        {
            ClassName = className;
            ClassNode = classNode;
            Options = options;
            Entry = entry;
        }

        public string ClassName { get; }

        public JsonNode ClassNode { get; }

        public JsonNode Options { get; }

        public JsonNode Entry { get; }

        /// <summary>
        /// A functional model's layer: each call (inbound node) with the tensors it takes and where that call is written.
        /// Null for a Sequential model's layer (it takes the layer before).
        /// </summary>
        public List<LayerCall>? Calls { get; set; }
    }

    /// <summary>One call of a layer in a functional model: its inputs and the JSON that lists them.</summary>
    internal sealed class LayerCall
    {
        public LayerCall(List<Model.InboundRef> inputs, JsonNode node)
        {
            Inputs = inputs;
            Node = node;
        }

        public List<Model.InboundRef> Inputs { get; }

        public JsonNode Node { get; }
    }
}
