using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// The weights of a TF.js Layers model: <c>model.json</c>'s <c>weightsManifest</c> (groups of shard paths, each listing
/// its tensors in storage order) over the shards (raw little-endian float32), looked up by name
/// (<c>layer/weight</c>, e.g. <c>conv2d/kernel</c>, <c>batch_normalization/moving_mean</c>).
/// </summary>
internal sealed class TfjsWeights
{
    private readonly Dictionary<string, (int[] Shape, float[] Values)> _tensors;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private TfjsWeights(Dictionary<string, (int[] Shape, float[] Values)> tensors) => _tensors = tensors;

    /// <summary>Reads the manifest of <paramref name="modelJsonPath"/> and its shards (paths relative to the model.json).</summary>
    public static TfjsWeights Load(string modelJsonPath)
    {
        JsonObject root = JsonNode.Parse(File.ReadAllText(modelJsonPath))?.AsObject()
            ?? throw new InvalidDataException($"{modelJsonPath}: not a JSON object.");
        JsonArray manifest = root["weightsManifest"] as JsonArray
            ?? throw new InvalidDataException($"{modelJsonPath}: no weightsManifest (not a TF.js Layers model.json).");
        string directory = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        var tensors = new Dictionary<string, (int[], float[])>(StringComparer.Ordinal);
        foreach (JsonNode? group in manifest)
        {
            var bytes = new List<byte>();
            foreach (JsonNode? path in group!["paths"]!.AsArray())
            {
                bytes.AddRange(File.ReadAllBytes(Path.Combine(directory, path!.GetValue<string>())));
            }

            byte[] data = bytes.ToArray();
            int offset = 0;
            foreach (JsonNode? entry in group["weights"]!.AsArray())
            {
                string name = entry!["name"]!.GetValue<string>();
                string dtype = entry["dtype"]?.GetValue<string>() ?? "float32";
                if (dtype != "float32" || entry["quantization"] != null)
                {
                    throw new NotSupportedException($"{modelJsonPath}: weight '{name}' is {dtype}{(entry["quantization"] != null ? ", quantized" : "")}; only plain float32 is read.");
                }

                int[] shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray();
                int count = shape.Aggregate(1, (a, b) => a * b);
                if (offset + count * 4 > data.Length)
                {
                    throw new InvalidDataException($"{modelJsonPath}: weight '{name}' runs past the end of its shards ({data.Length} bytes).");
                }

                var values = new float[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset + i * 4, 4));
                }

                if (!tensors.TryAdd(name, (shape, values)))
                {
                    throw new InvalidDataException($"{modelJsonPath}: weight '{name}' listed twice.");
                }

                offset += count * 4;
            }

            if (offset != data.Length)
            {
                throw new InvalidDataException($"{modelJsonPath}: the manifest lists {offset} bytes, the shards hold {data.Length}.");
            }
        }

        return new TfjsWeights(tensors);
    }

    /// <summary>Whether the model has weight <paramref name="weight"/> of layer <paramref name="layer"/>.</summary>
    public bool Contains(string layer, string weight) => Find(layer, weight) != null;

    /// <summary>
    /// Weight <paramref name="weight"/> of layer <paramref name="layer"/>, which must have shape <paramref name="shape"/>.
    /// The name is <c>layer/weight</c>, or ends with <c>/layer/weight</c> (a name scope in front) in exactly one entry.
    /// </summary>
    public float[] Get(string layer, string weight, params int[] shape)
    {
        string name = Find(layer, weight)
            ?? throw new InvalidDataException($"Weight '{layer}/{weight}' is not in the TF.js manifest.");
        (int[] actual, float[] values) = _tensors[name];
        if (!actual.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidDataException($"Weight '{name}' has shape [{string.Join(", ", actual)}]; layer '{layer}' needs [{string.Join(", ", shape)}].");
        }

        _used.Add(name);
        return values;
    }

    /// <summary>The weights no <see cref="Get"/> has asked for (a layer the builder skipped, or a naming mismatch).</summary>
    public IEnumerable<string> Unused() => _tensors.Keys.Where(name => !_used.Contains(name));

    /// <summary>Forgets which weights were used (before building the graph again).</summary>
    public void ResetUsage() => _used.Clear();

    private string? Find(string layer, string weight)
    {
        string exact = layer + "/" + weight;
        if (_tensors.ContainsKey(exact))
        {
            return exact;
        }

        string[] scoped = _tensors.Keys.Where(name => name.EndsWith("/" + exact, StringComparison.Ordinal)).ToArray();
        return scoped.Length == 1 ? scoped[0] : null;
    }
}
