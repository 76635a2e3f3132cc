using System.Collections.Generic;

namespace CnnGen
{
    /// <summary>
    /// What a Keras weight file holds, format-neutral: its layers in file order, each with its weights' names,
    /// shapes and a handle to read them. <see cref="KerasLayerMatcher"/> matches it against the expected tensors
    /// without touching the file.
    /// </summary>
    internal sealed class KerasWeightCatalog
    {
        public KerasWeightCatalog(string source, string format, IReadOnlyList<Layer> layers, bool inModelOrder)
        {
            Source = source;
            Format = format;
            Layers = layers;
            InModelOrder = inModelOrder;
        }

        /// <summary>The file, for error messages.</summary>
        public string Source { get; }

        /// <summary>A short description of the layout, for error messages (for example "Keras 2 HDF5 (model_weights)").</summary>
        public string Format { get; }

        /// <summary>Every layer the file has, weightless ones included.</summary>
        public IReadOnlyList<Layer> Layers { get; }

        /// <summary>
        /// Whether <see cref="Layers"/> is in the model's layer order (legacy <c>layer_names</c>, or a <c>.keras</c>
        /// config). A Keras 3 <c>.weights.h5</c> alone only has HDF5's name-sorted order.
        /// </summary>
        public bool InModelOrder { get; }

        /// <summary>One layer of the file.</summary>
        internal sealed class Layer
        {
            public Layer(string name, IReadOnlyList<string> aliases, string path, IReadOnlyList<Weight> weights)
            {
                Name = name;
                Aliases = aliases;
                Path = path;
                Weights = weights;
            }

            /// <summary>The layer's name as the file states it (legacy group name, or the Keras 3 path's last part).</summary>
            public string Name { get; }

            /// <summary>Every name an expected layer may match by: <see cref="Name"/> and, in newer Keras 3 files, the <c>vars</c> group's <c>name</c> attribute.</summary>
            public IReadOnlyList<string> Aliases { get; }

            /// <summary>The HDF5 path of the layer's group, for error messages.</summary>
            public string Path { get; }

            /// <summary>The layer's weights in the order Keras saved them.</summary>
            public IReadOnlyList<Weight> Weights { get; }

            public override string ToString() => Name;
        }

        /// <summary>One weight of a layer.</summary>
        internal sealed class Weight
        {
            public Weight(string? shortName, string path, long[] shape, object handle)
            {
                ShortName = shortName;
                Path = path;
                Shape = shape;
                Handle = handle;
            }

            /// <summary>The weight's own name (<c>kernel</c>, <c>gamma</c>...) where the file names it; null for Keras 3's numbered vars.</summary>
            public string? ShortName { get; }

            /// <summary>The HDF5 path of the dataset, for error messages.</summary>
            public string Path { get; }

            public long[] Shape { get; }

            /// <summary>What the reader needs to fetch the values (the HDF5 dataset).</summary>
            public object Handle { get; }

            public override string ToString() => (ShortName ?? Path) + " " + ShapeText.Format(Shape);
        }
    }
}
