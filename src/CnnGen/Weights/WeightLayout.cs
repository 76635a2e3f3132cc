using System;
using System.Collections.Generic;

namespace CnnGen
{
    /// <summary>
    /// The expected tensors, checked once: where each one starts in the flat result and how they group into layers.
    /// Every reader builds one before it looks at a file, so a bad list is an <see cref="ArgumentException"/> rather
    /// than a confusing file error.
    /// </summary>
    internal sealed class WeightLayout
    {
        private WeightLayout(WeightSpec[] specs, int[] offsets, int totalLength, LayerGroup[] layers)
        {
            Specs = specs;
            Offsets = offsets;
            TotalLength = totalLength;
            Layers = layers;
        }

        /// <summary>The expected tensors, in the caller's (Keras <c>get_weights</c>) order.</summary>
        public WeightSpec[] Specs { get; }

        /// <summary>Where each tensor starts in the flat result.</summary>
        public int[] Offsets { get; }

        /// <summary>The number of floats in the result, the sum of every <see cref="WeightSpec.Length"/>.</summary>
        public int TotalLength { get; }

        /// <summary>Consecutive tensors with the same <see cref="WeightSpec.LayerName"/>, in order.</summary>
        public LayerGroup[] Layers { get; }

        public static WeightLayout Create(IReadOnlyList<WeightSpec> expected)
        {
            if (expected is null) throw new ArgumentNullException(nameof(expected));

            var specs = new WeightSpec[expected.Count];
            var offsets = new int[expected.Count];
            var names = new HashSet<string>(StringComparer.Ordinal);
            var layers = new List<LayerGroup>();
            long total = 0;
            for (int i = 0; i < specs.Length; i++)
            {
                WeightSpec spec = expected[i] ?? throw new ArgumentException($"Expected weight #{i} is null.", nameof(expected));
                if (!names.Add(spec.Name))
                {
                    throw new ArgumentException($"Expected weight '{spec.Name}' is listed twice.", nameof(expected));
                }

                specs[i] = spec;
                offsets[i] = (int)total;
                total += spec.Length;
                if (total > int.MaxValue)
                {
                    throw new ArgumentException($"The expected weights hold more than {int.MaxValue} values.", nameof(expected));
                }

                if (layers.Count > 0 && layers[layers.Count - 1].Name == spec.LayerName)
                {
                    layers[layers.Count - 1] = layers[layers.Count - 1].WithOneMore();
                }
                else
                {
                    layers.Add(new LayerGroup(spec.LayerName, i, 1));
                }
            }

            return new WeightLayout(specs, offsets, (int)total, layers.ToArray());
        }

        /// <summary>One layer's tensors: <see cref="Count"/> specs from <see cref="First"/> on.</summary>
        public readonly struct LayerGroup
        {
            public LayerGroup(string name, int first, int count)
            {
                Name = name;
                First = first;
                Count = count;
            }

            public string Name { get; }

            public int First { get; }

            public int Count { get; }

            public LayerGroup WithOneMore() => new LayerGroup(Name, First, Count + 1);
        }
    }
}
