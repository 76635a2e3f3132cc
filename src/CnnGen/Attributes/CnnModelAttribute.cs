using System;

namespace CnnGen
{
    /// <summary>
    /// Marks a <c>partial class</c> as a Keras-style sequential model. The layers are the CnnGen layer attributes
    /// that follow, in source order, on the same declaration; <see cref="InputAttribute"/> gives the shape of one
    /// sample. The CnnGen source generator adds the inference code, the Keras summary and shape constants.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class CnnModelAttribute : Attribute
    {
        /// <summary>The Keras model name shown by the summary; default <c>"sequential"</c>.</summary>
        public string Name { get; set; } = "sequential";

        /// <summary>
        /// Above this many unrolled statements (one per multiply-add, compare or activation the model computes),
        /// the generated code keeps its outer loops (with literal bounds) instead of unrolling everything.
        /// Default 4096.
        /// </summary>
        public int UnrollBudget { get; set; } = DefaultUnrollBudget;

        /// <summary>
        /// A JSON file that declares the input shape and the layers instead of <see cref="InputAttribute"/> and the
        /// layer attributes: a Keras <c>model.to_json()</c> (or the <c>model_config</c> of an .h5 file, or the
        /// <c>config.json</c> of a .keras file), a TensorFlow.js <c>model.json</c>, or a CnnGen spec
        /// (<c>schema/cnngen-model.schema.json</c>). The path is relative to the project directory, and the file
        /// must be listed as <c>&lt;AdditionalFiles Include="..." /&gt;</c>. Layer names and the model name come
        /// from the file (an explicit <see cref="Name"/> here wins over the file's).
        /// </summary>
        public string? Spec { get; set; }

        /// <summary>
        /// A weight file to embed in the assembly at compile time, so that the generated parameterless constructor
        /// <c>new M()</c> needs no file at run time (AOT, embedded targets). Either a TensorFlow.js shard
        /// (<c>.bin</c>) with its <c>model.json</c> in the same folder (both listed as AdditionalFiles; tensors are
        /// matched by name, as <see cref="WeightReader.LoadTfjs(string, System.Collections.Generic.IReadOnlyList{WeightSpec})"/>
        /// does), or raw little-endian float32 in Keras <c>get_weights()</c> order. The path is relative to the
        /// project directory and the file must be listed as <c>&lt;AdditionalFiles Include="..." /&gt;</c>; the
        /// CnnGen build targets add each <c>.bin</c> AdditionalFile to the assembly as a manifest resource (its bytes
        /// as they are, no size limit) and tell the generator its size. A file of the wrong size is compile-time error
        /// CNNG301.
        /// </summary>
        public string? Weights { get; set; }

        /// <summary>The default of <see cref="UnrollBudget"/>.</summary>
        public const int DefaultUnrollBudget = 4096;
    }

    /// <summary>The shape of one sample: (height, width, channels) for images, (steps, features), or (length).</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares the input shape, batch axis excluded (NHWC for images).</summary>
        /// <param name="shape">The dimensions of one sample, without the batch axis: (height, width, channels) for an image (NHWC), (steps, features) for a sequence, or (length) for a vector; each at least 1.</param>
        public InputAttribute(params int[] shape) => Shape = shape;

        /// <summary>The declared shape.</summary>
        public int[] Shape { get; }

        /// <summary>
        /// The input's name, as layers' <see cref="LayerAttribute.Inputs"/> name it and a functional model's summary prints it
        /// (its InputLayer); default <c>"input"</c>.
        /// </summary>
        public string? Name { get; set; }
    }

    /// <summary>
    /// Base of every layer attribute: the layers of a model are these, in source order. By default a layer takes the output
    /// of the layer declared before it (the first one, the model input); <see cref="Inputs"/> names others, which makes the
    /// model a Keras functional model (a graph: branches, merges, shortcuts).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public abstract class LayerAttribute : Attribute
    {
        /// <summary>The Keras layer name; default: snake_case of the class, then _1, _2, ... per class.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// The layers whose outputs this layer takes, by name (<c>"input"</c> is the model input); default: the layer declared
        /// before. Merge layers (<see cref="AddAttribute"/>, <see cref="ConcatenateAttribute"/>, ...) take two or more.
        /// </summary>
        public string[]? Inputs { get; set; }
    }
}
