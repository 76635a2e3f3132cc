using System;
using System.Collections.Generic;
using System.Text.Json;

namespace CnnGen
{
    /// <summary>
    /// The <c>weightsManifest</c> of a TF.js Layers <c>model.json</c>: which tensors the shards hold, in which
    /// order, with which dtype and quantization.
    /// </summary>
    /// <remarks>
    /// Layout as TF.js reads it (tfjs-core <c>src/io/types.ts</c> <c>WeightsManifestEntry</c>, <c>src/io/io_utils.ts</c>
    /// <c>decodeWeights</c>): the shards of every group, concatenated in manifest order, hold the tensors back to back
    /// in entry order with no padding; a tensor takes <c>elements * size(dtype)</c> bytes, or
    /// <c>elements * size(quantization.dtype)</c> when quantized.
    /// </remarks>
    internal sealed class TfjsManifest
    {
        private TfjsManifest(Group[] groups, Entry[] entries, long totalByteLength)
        {
            Groups = groups;
            Entries = entries;
            TotalByteLength = totalByteLength;
        }

        /// <summary>The manifest's groups, each a list of shard files.</summary>
        public Group[] Groups { get; }

        /// <summary>Every tensor in manifest order (TF.js: trainable weights first, non-trainable last).</summary>
        public Entry[] Entries { get; }

        /// <summary>The bytes all groups need together: the size of the concatenated shards.</summary>
        public long TotalByteLength { get; }

        /// <summary>Reads the manifest from <c>model.json</c> text (or from a bare <c>weightsManifest</c> array).</summary>
        /// <exception cref="WeightFileException">The text is not JSON or not a TF.js weights manifest.</exception>
        public static TfjsManifest Parse(string json, string source)
        {
            // A UTF-8 byte order mark, decoded, is U+FEFF; the generator accepts such a file as a Spec, so accept it here.
            if (json.Length > 0 && json[0] == '\uFEFF') json = json.Substring(1);

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                throw new WeightFileException(source, "not valid JSON: " + e.Message, innerException: e);
            }

            using (document)
            {
                try
                {
                    return Parse(document.RootElement, source);
                }
                catch (Exception e) when (e is InvalidOperationException || e is FormatException)
                {
                    // System.Text.Json's answer to a string with an unpaired surrogate escape ("\ud800") and the like.
                    throw new WeightFileException(source, "the weights manifest holds a value that cannot be read: " + e.Message, innerException: e);
                }
            }
        }

        private static TfjsManifest Parse(JsonElement root, string source)
        {
            JsonElement manifest;
            if (root.ValueKind == JsonValueKind.Array)
            {
                // weights_manifest.json, as tensorflowjs_converter writes next to a graph model.
                manifest = root;
            }
            else if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("weightsManifest", out manifest)
                || manifest.ValueKind != JsonValueKind.Array)
            {
                throw new WeightFileException(source, "no 'weightsManifest' array, so not a TF.js model.json.");
            }

            var groups = new List<Group>();
            var entries = new List<Entry>();
            long total = 0;
            int groupIndex = 0;
            foreach (JsonElement groupJson in manifest.EnumerateArray())
            {
                string where = $"weightsManifest[{groupIndex}]";
                string[] paths = ReadPaths(groupJson, where, source);
                JsonElement weights = Property(groupJson, "weights", JsonValueKind.Array, where, source);

                long groupStart = total;
                long offsetInGroup = 0;
                int weightIndex = 0;
                foreach (JsonElement weight in weights.EnumerateArray())
                {
                    string entryWhere = $"{where}.weights[{weightIndex}]";
                    Entry entry = ReadEntry(weight, entryWhere, groupIndex, offsetInGroup, source);
                    entries.Add(entry);
                    offsetInGroup = AddBytes(offsetInGroup, entry.ByteLength, $"{entryWhere} ('{entry.Name}') ends past {long.MaxValue} bytes", source, entry.Name);
                    weightIndex++;
                }

                groups.Add(new Group(groupIndex, paths, groupStart, offsetInGroup));
                total = AddBytes(total, offsetInGroup, $"{where} ends past {long.MaxValue} bytes", source, null);
                groupIndex++;
            }

            return new TfjsManifest(groups.ToArray(), entries.ToArray(), total);
        }

        private static string[] ReadPaths(JsonElement group, string where, string source)
        {
            JsonElement paths = Property(group, "paths", JsonValueKind.Array, where, source);
            var result = new List<string>();
            foreach (JsonElement path in paths.EnumerateArray())
            {
                if (path.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(path.GetString()))
                {
                    throw new WeightFileException(source, $"{where}.paths holds something other than a shard file name.");
                }

                result.Add(path.GetString()!);
            }

            return result.ToArray();
        }

        private static Entry ReadEntry(JsonElement weight, string where, int group, long offsetInGroup, string source)
        {
            string name = Property(weight, "name", JsonValueKind.String, where, source).GetString()!;
            string dtype = Property(weight, "dtype", JsonValueKind.String, where, source).GetString()!;

            JsonElement shapeJson = Property(weight, "shape", JsonValueKind.Array, where, source);
            var shape = new List<long>();
            long elements = 1;
            foreach (JsonElement axis in shapeJson.EnumerateArray())
            {
                if (axis.ValueKind != JsonValueKind.Number || !axis.TryGetInt64(out long size) || size < 0)
                {
                    throw new WeightFileException(source, $"{where} ('{name}') has a shape axis that is not a non-negative integer: {shapeJson.GetRawText()}.");
                }

                shape.Add(size);
                if (size != 0 && elements > long.MaxValue / size)
                {
                    throw new WeightFileException(
                        source, $"{where} ('{name}') has shape {shapeJson.GetRawText()}, more than {long.MaxValue} values.", name);
                }

                elements *= size;
            }

            Quantization? quantization = null;
            if (weight.TryGetProperty("quantization", out JsonElement q) && q.ValueKind != JsonValueKind.Null)
            {
                if (q.ValueKind != JsonValueKind.Object)
                {
                    throw new WeightFileException(source, $"{where} ('{name}') has a 'quantization' that is not an object: {Excerpt(q)}.", name);
                }

                quantization = ReadQuantization(q, where, name, source);
            }

            int valueSize;
            if (quantization != null)
            {
                valueSize = quantization.ValueSize;
            }
            else
            {
                switch (dtype)
                {
                    case "float32":
                    case "int32":
                        valueSize = 4;
                        break;
                    case "bool":
                        valueSize = 1;
                        break;
                    case "complex64":
                        valueSize = 8;
                        break;
                    default:
                        // 'string' tensors have a length prefix per element, so nothing after one could be located
                        // without decoding it; a CNN has none.
                        throw new WeightFileException(
                            source, $"tensor '{name}' has dtype '{dtype}', which CnnGen cannot read (float32, int32, bool, complex64, or quantized float32 only).", name);
                }
            }

            if (elements > long.MaxValue / valueSize)
            {
                throw new WeightFileException(
                    source, $"{where} ('{name}') has shape {shapeJson.GetRawText()}, more than {long.MaxValue} bytes.", name);
            }

            return new Entry(name, shape.ToArray(), elements, dtype, quantization, group, offsetInGroup, elements * valueSize);
        }

        /// <summary><paramref name="a"/> + <paramref name="b"/> (both non-negative), or an error naming the place instead of an overflow.</summary>
        private static long AddBytes(long a, long b, string what, string source, string? tensor)
        {
            if (a > long.MaxValue - b) throw new WeightFileException(source, what + ".", tensor);
            return a + b;
        }

        private static string Excerpt(JsonElement value)
        {
            string text = value.GetRawText();
            return text.Length <= 60 ? text : text.Substring(0, 60) + "...";
        }

        private static Quantization ReadQuantization(JsonElement q, string where, string name, string source)
        {
            string dtype = Property(q, "dtype", JsonValueKind.String, where + ".quantization", source).GetString()!;
            switch (dtype)
            {
                case "uint8":
                case "uint16":
                    if (!q.TryGetProperty("scale", out JsonElement scale) || scale.ValueKind != JsonValueKind.Number || !scale.TryGetDouble(out double scaleValue)
                        || !q.TryGetProperty("min", out JsonElement min) || min.ValueKind != JsonValueKind.Number || !min.TryGetDouble(out double minValue)
                        || double.IsInfinity(scaleValue) || double.IsInfinity(minValue))
                    {
                        throw new WeightFileException(source, $"tensor '{name}' is quantized to {dtype} but its quantization lacks a finite numeric 'scale' or 'min'.", name);
                    }

                    return new Quantization(dtype, dtype == "uint8" ? 1 : 2, scaleValue, minValue);
                case "float16":
                    return new Quantization(dtype, 2, 1, 0);
                default:
                    throw new WeightFileException(source, $"tensor '{name}' uses quantization dtype '{dtype}'; TF.js defines uint8, uint16 and float16.", name);
            }
        }

        private static JsonElement Property(JsonElement obj, string name, JsonValueKind kind, string where, string source)
        {
            if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out JsonElement value) || value.ValueKind != kind)
            {
                throw new WeightFileException(source, $"{where} has no '{name}' ({kind.ToString().ToLowerInvariant()}), so it is not a TF.js weights manifest.");
            }

            return value;
        }

        /// <summary>One <c>weightsManifest</c> group: shard files read one after the other.</summary>
        internal sealed class Group
        {
            public Group(int index, string[] paths, long byteOffset, long byteLength)
            {
                Index = index;
                Paths = paths;
                ByteOffset = byteOffset;
                ByteLength = byteLength;
            }

            public int Index { get; }

            /// <summary>Shard file names, relative to the folder of <c>model.json</c>.</summary>
            public string[] Paths { get; }

            /// <summary>Where the group starts in the concatenation of every group's shards.</summary>
            public long ByteOffset { get; }

            /// <summary>The bytes the group's tensors take.</summary>
            public long ByteLength { get; }
        }

        /// <summary>One tensor of the manifest.</summary>
        internal sealed class Entry
        {
            public Entry(string name, long[] shape, long elementCount, string dtype, Quantization? quantization, int group, long byteOffsetInGroup, long byteLength)
            {
                Name = name;
                Shape = shape;
                ElementCount = elementCount;
                DType = dtype;
                Quantization = quantization;
                Group = group;
                ByteOffsetInGroup = byteOffsetInGroup;
                ByteLength = byteLength;
            }

            public string Name { get; }

            public long[] Shape { get; }

            public long ElementCount { get; }

            /// <summary>The tensor's dtype (the dequantized one when <see cref="Quantization"/> is set).</summary>
            public string DType { get; }

            public Quantization? Quantization { get; }

            public int Group { get; }

            public long ByteOffsetInGroup { get; }

            public long ByteLength { get; }

            public override string ToString() => Name + " " + ShapeText.Format(Shape) + (Quantization is null ? " " + DType : " " + DType + "<-" + Quantization.DType);
        }

        /// <summary>A tensor stored as uint8/uint16 (<c>v * scale + min</c>) or float16.</summary>
        internal sealed class Quantization
        {
            public Quantization(string dtype, int valueSize, double scale, double min)
            {
                DType = dtype;
                ValueSize = valueSize;
                Scale = scale;
                Min = min;
            }

            public string DType { get; }

            public int ValueSize { get; }

            public double Scale { get; }

            public double Min { get; }
        }
    }
}
