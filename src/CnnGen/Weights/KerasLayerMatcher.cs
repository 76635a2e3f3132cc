using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CnnGen
{
    /// <summary>
    /// Decides which weight of a Keras file feeds each expected tensor, checking counts and shapes, before anything
    /// is read.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Layers match by name only when <em>every</em> expected layer name names exactly one weighted layer of the
    /// file. A partial match is not trusted: Keras numbers default names per session, so a Keras 2.1.6 file whose
    /// convolutions are <c>conv2d_1</c>, <c>conv2d_2</c> loaded into a model that calls them <c>conv2d</c>,
    /// <c>conv2d_1</c> would otherwise feed the model's second convolution with the file's first.
    /// </para>
    /// <para>
    /// Otherwise the layers that own weights are paired in model order, as Keras'
    /// <c>load_weights_from_hdf5_group</c> does (keras/src/legacy/saving/legacy_h5_format.py; Keras 2:
    /// keras/src/saving/legacy/hdf5_format.py): the counts must agree and shapes must fit. When the file's order is
    /// not the model's (a Keras 3 <c>.weights.h5</c> without its config lists layers sorted by name), each expected
    /// layer takes the first unused file layer whose weights have its shapes; same-class layers keep their relative
    /// order because their saved names (<c>dense</c>, <c>dense_1</c>, ...) sort by their per-class counter.
    /// </para>
    /// </remarks>
    internal static class KerasLayerMatcher
    {
        /// <summary>Returns, for every expected tensor, the file weight to read into it.</summary>
        public static KerasWeightCatalog.Weight[] Match(KerasWeightCatalog file, WeightLayout layout)
        {
            WeightLayout.LayerGroup[] expected = layout.Layers;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (WeightLayout.LayerGroup group in expected)
            {
                if (!seen.Add(group.Name))
                {
                    throw new ArgumentException(
                        $"The weights of layer '{group.Name}' are not listed one after the other; Keras order lists each layer's weights together.",
                        nameof(layout));
                }
            }

            KerasWeightCatalog.Layer[] weighted = file.Layers.Where(l => l.Weights.Count > 0).ToArray();
            KerasWeightCatalog.Layer[] pairing = MatchByName(expected, weighted) ?? MatchByOrder(file, layout, weighted);

            var result = new KerasWeightCatalog.Weight[layout.Specs.Length];
            for (int i = 0; i < expected.Length; i++)
            {
                KerasWeightCatalog.Weight[]? weights = PairWeights(layout, expected[i], pairing[i], out string? problem, out string? tensor);
                if (weights is null) throw new WeightFileException(file.Source, problem!, tensor);

                weights.CopyTo(result, expected[i].First);
            }

            return result;
        }

        private static KerasWeightCatalog.Layer[]? MatchByName(WeightLayout.LayerGroup[] expected, KerasWeightCatalog.Layer[] weighted)
        {
            var pairing = new KerasWeightCatalog.Layer[expected.Length];
            var used = new HashSet<KerasWeightCatalog.Layer>();
            for (int i = 0; i < expected.Length; i++)
            {
                string name = expected[i].Name;
                KerasWeightCatalog.Layer[] hits = weighted.Where(l => l.Aliases.Contains(name, StringComparer.Ordinal)).ToArray();
                if (name.Length == 0 || hits.Length != 1 || !used.Add(hits[0])) return null;
                pairing[i] = hits[0];
            }

            return pairing;
        }

        private static KerasWeightCatalog.Layer[] MatchByOrder(KerasWeightCatalog file, WeightLayout layout, KerasWeightCatalog.Layer[] weighted)
        {
            WeightLayout.LayerGroup[] expected = layout.Layers;
            string[] unmatched = expected.Select(g => g.Name)
                .Where(n => weighted.Count(l => l.Aliases.Contains(n, StringComparer.Ordinal)) != 1)
                .ToArray();
            string why = $"the layer names do not all match (not found: {string.Join(", ", unmatched.Select(n => "'" + n + "'"))}), so layers are matched in order";

            if (weighted.Length != expected.Length)
            {
                throw new WeightFileException(
                    file.Source,
                    $"{why}, but the file ({file.Format}) has {weighted.Length} layers with weights ({DescribeLayers(weighted)}) " +
                    $"and the model expects {expected.Length} ({DescribeExpected(layout, expected)}).");
            }

            if (file.InModelOrder) return weighted;

            // Only HDF5's name-sorted order is known: take, for each expected layer, the first unused file layer whose
            // weights have its shapes.
            var pairing = new KerasWeightCatalog.Layer[expected.Length];
            var free = new List<KerasWeightCatalog.Layer>(weighted);
            for (int i = 0; i < expected.Length; i++)
            {
                KerasWeightCatalog.Layer? hit = free.FirstOrDefault(l => PairWeights(layout, expected[i], l, out _, out _) != null);
                if (hit is null)
                {
                    throw new WeightFileException(
                        file.Source,
                        $"{why}; the file ({file.Format}) does not record the model's layer order, and no remaining layer with weights has the shapes of layer '{expected[i].Name}' " +
                        $"({DescribeExpected(layout, new[] { expected[i] })}). Remaining file layers: {DescribeLayers(free)}.",
                        layout.Specs[expected[i].First].Name);
                }

                free.Remove(hit);
                pairing[i] = hit;
            }

            return pairing;
        }

        /// <summary>
        /// Pairs one expected layer's tensors with one file layer's weights: by weight name when the file names them
        /// all, else by position; null (with <paramref name="problem"/> and the <paramref name="tensor"/> it is about) when counts or shapes disagree.
        /// </summary>
        private static KerasWeightCatalog.Weight[]? PairWeights(WeightLayout layout, WeightLayout.LayerGroup expected, KerasWeightCatalog.Layer layer, out string? problem, out string? tensor)
        {
            tensor = layout.Specs[expected.First].Name;
            bool sameName = expected.Name == layer.Name;
            string which = sameName ? $"layer '{layer.Name}'" : $"model layer '{expected.Name}', matched by order to file layer '{layer.Name}' ({layer.Path}),";
            if (layer.Weights.Count != expected.Count)
            {
                problem = $"{which} has {layer.Weights.Count} weights in the file ({string.Join(", ", layer.Weights)}), " +
                          $"but the model expects {expected.Count} ({DescribeExpected(layout, new[] { expected })}).";
                return null;
            }

            var weights = new KerasWeightCatalog.Weight[expected.Count];
            bool byName = true;
            for (int k = 0; k < expected.Count && byName; k++)
            {
                string shortName = layout.Specs[expected.First + k].ShortName;
                KerasWeightCatalog.Weight[] hits = layer.Weights.Where(w => w.ShortName == shortName).ToArray();
                byName = hits.Length == 1 && Array.IndexOf(weights, hits[0]) < 0;
                if (byName) weights[k] = hits[0];
            }

            if (!byName)
            {
                for (int k = 0; k < expected.Count; k++) weights[k] = layer.Weights[k];
            }

            for (int k = 0; k < expected.Count; k++)
            {
                WeightSpec spec = layout.Specs[expected.First + k];
                if (!ShapeText.Equal(spec.Shape, weights[k].Shape))
                {
                    tensor = spec.Name;
                    problem = $"tensor '{spec.Name}' has shape {ShapeText.Format(weights[k].Shape)} in the file ({weights[k].Path}), " +
                              $"but the model expects {ShapeText.Format(spec.Shape)}" +
                              (sameName ? "." : $" (model layer '{expected.Name}' was matched by order to file layer '{layer.Name}').");
                    return null;
                }
            }

            problem = null;
            tensor = null;
            return weights;
        }

        private static string DescribeLayers(IEnumerable<KerasWeightCatalog.Layer> layers)
        {
            var sb = new StringBuilder();
            foreach (KerasWeightCatalog.Layer layer in layers)
            {
                if (sb.Length > 0) sb.Append("; ");
                sb.Append('\'').Append(layer.Name).Append("': ").Append(string.Join(", ", layer.Weights.Select(w => ShapeText.Format(w.Shape))));
            }

            return sb.ToString();
        }

        private static string DescribeExpected(WeightLayout layout, IEnumerable<WeightLayout.LayerGroup> groups)
        {
            var sb = new StringBuilder();
            foreach (WeightLayout.LayerGroup group in groups)
            {
                if (sb.Length > 0) sb.Append("; ");
                sb.Append('\'').Append(group.Name).Append("': ");
                for (int k = 0; k < group.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    WeightSpec spec = layout.Specs[group.First + k];
                    sb.Append(spec.ShortName).Append(' ').Append(ShapeText.Format(spec.Shape));
                }
            }

            return sb.ToString();
        }
    }
}
