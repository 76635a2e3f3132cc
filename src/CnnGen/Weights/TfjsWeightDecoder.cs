using System;
using System.Collections.Generic;
using System.Text;

namespace CnnGen
{
    /// <summary>
    /// Finds each expected tensor in a <see cref="TfjsManifest"/> and decodes it from the concatenated shards.
    /// </summary>
    /// <remarks>
    /// The manifest lists tensors in TF.js <c>model.weights</c> order (every trainable weight in layer order, then
    /// every non-trainable one, so BatchNormalization's moving statistics come last), which is not Keras'
    /// <c>get_weights()</c> order; tensors are therefore found by name, never by position.
    /// </remarks>
    internal static class TfjsWeightDecoder
    {
        /// <summary>
        /// Picks the manifest entry for every expected tensor and checks its dtype and shape. Nothing is decoded yet, so
        /// a mismatch anywhere fails before any work is done.
        /// </summary>
        public static TfjsManifest.Entry[] Resolve(TfjsManifest manifest, WeightLayout layout, string source)
        {
            var byName = new Dictionary<string, TfjsManifest.Entry>(StringComparer.Ordinal);
            foreach (TfjsManifest.Entry entry in manifest.Entries)
            {
                // A duplicated name would make the lookup ambiguous; TF.js itself keys weights by name, so keep the first.
                if (!byName.ContainsKey(entry.Name)) byName.Add(entry.Name, entry);
            }

            var resolved = new TfjsManifest.Entry[layout.Specs.Length];
            var used = new Dictionary<TfjsManifest.Entry, string>();
            for (int i = 0; i < resolved.Length; i++)
            {
                WeightSpec spec = layout.Specs[i];
                TfjsManifest.Entry entry = Find(manifest, byName, spec, source);

                if (used.TryGetValue(entry, out string? other))
                {
                    throw new WeightFileException(
                        source, $"tensors '{other}' and '{spec.Name}' both match the manifest entry '{entry.Name}'.", spec.Name);
                }

                used.Add(entry, spec.Name);

                if (entry.DType != "float32")
                {
                    throw new WeightFileException(
                        source,
                        $"tensor '{spec.Name}' (manifest entry '{entry.Name}') has dtype '{entry.DType}'; the model's weights are float32 only.",
                        spec.Name);
                }

                if (!ShapeText.Equal(spec.Shape, entry.Shape))
                {
                    throw new WeightFileException(
                        source,
                        $"tensor '{spec.Name}' has shape {ShapeText.Format(entry.Shape)} in the manifest (entry '{entry.Name}'), but the model expects {ShapeText.Format(spec.Shape)}.",
                        spec.Name);
                }

                resolved[i] = entry;
            }

            return resolved;
        }

        /// <summary>
        /// Decodes the resolved tensors into a fresh array, in the order of <paramref name="layout"/>, from
        /// <paramref name="shards"/>: every group's shards concatenated in manifest order (at least
        /// <see cref="TfjsManifest.TotalByteLength"/> bytes).
        /// </summary>
        public static float[] Decode(TfjsManifest manifest, TfjsManifest.Entry[] resolved, WeightLayout layout, ReadOnlySpan<byte> shards)
        {
            var result = new float[layout.TotalLength];
            for (int i = 0; i < resolved.Length; i++)
            {
                TfjsManifest.Entry entry = resolved[i];
                long start = manifest.Groups[entry.Group].ByteOffset + entry.ByteOffsetInGroup;
                ReadOnlySpan<byte> bytes = shards.Slice(checked((int)start), checked((int)entry.ByteLength));
                Span<float> destination = result.AsSpan(layout.Offsets[i], layout.Specs[i].Length);

                switch (entry.Quantization?.DType)
                {
                    case null:
                        LittleEndian.CopyFloat32(bytes, destination);
                        break;
                    case "uint8":
                        LittleEndian.DequantizeUInt8(bytes, entry.Quantization.Scale, entry.Quantization.Min, destination);
                        break;
                    case "uint16":
                        LittleEndian.DequantizeUInt16(bytes, entry.Quantization.Scale, entry.Quantization.Min, destination);
                        break;
                    case "float16":
                        LittleEndian.CopyFloat16(bytes, destination);
                        break;
                    default:
                        throw new InvalidOperationException("Unreachable: TfjsManifest admits no other quantization dtype.");
                }
            }

            return result;
        }

        private static TfjsManifest.Entry Find(TfjsManifest manifest, Dictionary<string, TfjsManifest.Entry> byName, WeightSpec spec, string source)
        {
            if (byName.TryGetValue(spec.Name, out TfjsManifest.Entry? exact)) return exact;

            // Keras 3 and some converters prefix the model name ("sequential/conv2d/kernel"), and Python-side
            // names may keep TensorFlow's ":0" output suffix.
            string suffix = "/" + spec.Name;
            var candidates = new List<TfjsManifest.Entry>();
            foreach (TfjsManifest.Entry entry in manifest.Entries)
            {
                string name = TensorNames.StripOutputIndex(entry.Name);
                if (name == spec.Name || name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    if (!candidates.Contains(entry)) candidates.Add(entry);
                }
            }

            if (candidates.Count == 1) return candidates[0];

            if (candidates.Count > 1)
            {
                throw new WeightFileException(
                    source,
                    $"tensor '{spec.Name}' {ShapeText.Format(spec.Shape)} is ambiguous: the manifest entries {Names(candidates)} all end with '{spec.Name}'.",
                    spec.Name);
            }

            throw new WeightFileException(
                source,
                $"tensor '{spec.Name}' {ShapeText.Format(spec.Shape)} is not in the weights manifest (looked for the exact name and for a name ending in '/{spec.Name}'). " +
                $"The manifest has {manifest.Entries.Length} tensors: {Names(manifest.Entries)}.",
                spec.Name);
        }

        private static string Names(IReadOnlyList<TfjsManifest.Entry> entries)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < entries.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append('\'').Append(entries[i].Name).Append("' ").Append(ShapeText.Format(entries[i].Shape));
            }

            return sb.ToString();
        }
    }
}
