using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using PureHDF;
using Xunit;
using Xunit.Abstractions;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// Seeded fuzzing of the loaders: mutated TF.js models (shard paths, shapes, dtypes, quantization entries, groups,
    /// names, short and overlong shards, damaged JSON) and raw files (random bytes, damaged HDF5 and zip) fed to
    /// <c>LoadTfjs</c>, <c>LoadKeras</c> and <c>LoadRaw</c>. Every case either loads or throws
    /// <see cref="WeightFileException"/>; nothing else escapes, nothing outside the model's folder is ever read, and
    /// no case allocates more than a generous bound. A few hundred cases per run; set <c>CNNGEN_FUZZ_CASES</c> (and
    /// optionally <c>CNNGEN_FUZZ_SEED</c>) for a longer one.
    /// </summary>
    public class LoaderFuzzTests
    {
        private const long AllocationLimit = 16L << 20;

        private readonly ITestOutputHelper _output;

        public LoaderFuzzTests(ITestOutputHelper output) => _output = output;

        private static int Cases(int normal) => CnnGen.Tests.Shared.FuzzSettings.Cases(normal);

        private static int Seed(int normal) => CnnGen.Tests.Shared.FuzzSettings.Seed(normal);

        private static readonly WeightSpec[] Specs =
        {
            new WeightSpec("conv/kernel", 3, 3, 2, 4), new WeightSpec("conv/bias", 4),
            new WeightSpec("dense/kernel", 8, 3), new WeightSpec("dense/bias", 3),
        };

        private static readonly string[] ShardNames = { "g0-a.bin", "g0-b.bin", "g1.bin" };

        /// <summary>Two groups, three shards; float32, uint8- and float16-quantized tensors, and unused int32 and bool ones.</summary>
        private static JsonNode BaseModel()
        {
            static JsonObject W(string name, int[] shape, string dtype, JsonObject? q = null)
            {
                var o = new JsonObject { ["name"] = name, ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = dtype };
                if (q != null) o["quantization"] = q;
                return o;
            }

            return new JsonObject
            {
                ["format"] = "layers-model",
                ["modelTopology"] = new JsonObject { ["class_name"] = "Sequential" },
                ["weightsManifest"] = new JsonArray(
                    new JsonObject
                    {
                        ["paths"] = new JsonArray("g0-a.bin", "g0-b.bin"),
                        ["weights"] = new JsonArray(W("conv/kernel", new[] { 3, 3, 2, 4 }, "float32"), W("conv/bias", new[] { 4 }, "float32"), W("step", new[] { 1 }, "int32")),
                    },
                    new JsonObject
                    {
                        ["paths"] = new JsonArray("g1.bin"),
                        ["weights"] = new JsonArray(
                            W("dense/kernel", new[] { 8, 3 }, "float32", new JsonObject { ["dtype"] = "uint8", ["scale"] = 0.01, ["min"] = -1.0 }),
                            W("dense/bias", new[] { 3 }, "float32", new JsonObject { ["dtype"] = "float16" }),
                            W("flags", new[] { 3 }, "bool")),
                    }),
            };
        }

        /// <summary>Group 0: 288 + 16 + 4 = 308 bytes split 100 + 208; group 1: 24 + 6 + 3 = 33 bytes.</summary>
        private static byte[][] BaseShards(Random random)
        {
            var all = new byte[308];
            for (int i = 0; i < 76; i++) BitConverter.GetBytes((float)(random.NextDouble() - 0.5)).CopyTo(all, 4 * i);
            var g1 = new byte[33];
            random.NextBytes(g1);
            g1[24] = 0x00; g1[25] = 0x3C; // 1.0 in float16
            return new[] { all.AsSpan(0, 100).ToArray(), all.AsSpan(100).ToArray(), g1 };
        }

        private static readonly JsonNode?[] PathValues =
        {
            "../g0-a.bin", "../g0-b.bin", "../g1.bin", "sub/../../g1.bin", "..\\g1.bin", "/dev/zero", "/dev/urandom", "", ".", "./", "sub", "sub/",
            "C:g1.bin", "C:\\g1.bin", "\\\\server\\share\\g1.bin", "g1.bin\u0000.txt", "./g1.bin", "sub/../g1.bin", "%2e%2e/g1.bin", "g1.bin:stream",
            "~/g1.bin", "NUL", "CON", new string('a', 300), new string('a', 5000), "g0-a.bin", "g0-b.bin", "g1.bin", "missing.bin", 7, null, new JsonArray(), new JsonObject(),
        };

        private static readonly JsonNode?[] AxisValues =
        {
            0, 1, 2, 3, 4, 8, -1, 2147483647, 2147483648L, 4294967296L, 1L << 40, long.MaxValue, 4611686018427387904L, 1.5, 1e20, "3", null, true, new JsonArray(),
        };

        private static readonly JsonNode?[] DTypes = { "float32", "int32", "bool", "complex64", "string", "float16", "uint8", "float64", "", 4, null };

        [Fact]
        public void MutatedTfjsModelsLoadOrThrowWeightFileException()
        {
            int cases = Cases(400);
            int seed = Seed(20240611);
            var random = new Random(seed);
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var failures = new List<string>();
            using var temp = new TempDir();

            for (int n = 0; n < cases && failures.Count < 10; n++)
            {
                // caseDir holds copies of the shards (what an escaping path would find, with the right sizes);
                // caseDir/model holds model.json and its shards.
                string caseDir = temp.File("c" + n);
                string modelDir = Path.Combine(caseDir, "model");
                Directory.CreateDirectory(Path.Combine(modelDir, "sub"));
                byte[][] shards = BaseShards(random);
                for (int i = 0; i < shards.Length; i++)
                {
                    File.WriteAllBytes(Path.Combine(caseDir, ShardNames[i]), shards[i]);
                }

                JsonNode model = BaseModel();
                var applied = new List<string>();
                int count = n == 0 ? 0 : 1 + random.Next(3);
                string? textDamage = null;
                for (int m = 0; m < count; m++)
                {
                    int kind = random.Next(8);
                    if (kind == 7) textDamage = "pending";
                    else applied.Add(MutateModel(model, shards, caseDir, kind, random));
                }

                for (int i = 0; i < shards.Length; i++)
                {
                    if (shards[i] != null) File.WriteAllBytes(Path.Combine(modelDir, ShardNames[i]), shards[i]);
                }

                string json = model.ToJsonString();
                if (textDamage != null)
                {
                    (json, textDamage) = DamageText(json, random);
                    applied.Add(textDamage);
                }

                File.WriteAllText(Path.Combine(modelDir, "model.json"), json);
                string what = $"case {n} (seed {seed}): {string.Join("; ", applied)}";

                Run("LoadTfjs(path)", what, outcomes, failures, () => WeightReader.LoadTfjs(Path.Combine(modelDir, "model.json"), Specs), json);
                byte[] concatenated = shards.Where(s => s != null).SelectMany(s => s).ToArray();
                Run("LoadTfjs(memory)", what, outcomes, failures, () => WeightReader.LoadTfjs(json, concatenated, Specs, "memory"), null);
                if (n == 0) Assert.True(outcomes.ContainsKey("LoadTfjs(path): loaded"), "the unmutated model must load");

                Directory.Delete(caseDir, recursive: true);
            }

            Report("TF.js", cases, seed, outcomes);
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
            Assert.True(outcomes.Where(o => o.Key.Contains("WeightFileException")).Sum(o => o.Value) > cases / 2, "most mutations should be rejected");
        }

        /// <summary>
        /// Runs one load, counting its outcome (with <paramref name="classify"/>, a refusal by the kind of its message); a
        /// load that succeeded with a path leading out of the folder is a failure too, and so is any other exception.
        /// </summary>
        private static void Run(string loader, string what, SortedDictionary<string, int> outcomes, List<string> failures, Func<float[]> load, string? json, bool classify = true)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            string outcome;
            try
            {
                float[] result = load();
                outcome = "loaded";
                if (classify && result.Length != Specs.Sum(s => s.Length)) failures.Add($"{loader} {what}: {result.Length} values");
                if (json != null && EscapingPath(json) is string escaping) failures.Add($"{loader} {what}: loaded with the shard path '{escaping}'");
            }
            catch (WeightFileException e)
            {
                outcome = classify ? "WeightFileException: " + Classify(e.Message) : "WeightFileException";
                if (string.IsNullOrEmpty(e.SourceName) || !e.Message.StartsWith(e.SourceName + ": ", StringComparison.Ordinal))
                {
                    failures.Add($"{loader} {what}: the message does not start with the source: {e.Message}");
                }
            }
            catch (Exception e)
            {
                outcome = e.GetType().Name;
                failures.Add($"{loader} {what}: {e.GetType().Name} instead of WeightFileException: {e}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationLimit) failures.Add($"{loader} {what}: allocated {allocated:N0} bytes");
            string key = loader + ": " + outcome;
            outcomes[key] = outcomes.TryGetValue(key, out int c) ? c + 1 : 1;
        }

        private static string? EscapingPath(string json)
        {
            JsonNode? root = JsonNode.Parse(json.TrimStart('\uFEFF'));
            JsonNode? manifest = root is JsonArray ? root : root?["weightsManifest"];
            foreach (JsonNode? group in manifest!.AsArray())
            {
                foreach (JsonNode? path in group!["paths"]!.AsArray())
                {
                    string p = (string)path!;
                    if (Path.IsPathRooted(p) || p.Split('/', '\\').Contains("..")) return p;
                }
            }

            return null;
        }

        private static string Classify(string message)
        {
            if (message.Contains("not valid JSON") || message.Contains("cannot be read")) return "JSON";
            if (message.Contains("a TF.js shard must be")) return "shard path refused";
            if (message.Contains("not found") || message.Contains("folder, not a file")) return "file missing";
            if (message.Contains("too short") || message.Contains("too long") || message.Contains("the weight data holds")) return "byte count";
            if (message.Contains("more than")) return "size overflow";
            if (message.Contains("dtype") || message.Contains("quantiz")) return "dtype or quantization";
            if (message.Contains("shape")) return "shape";
            if (message.Contains("weightsManifest")) return "manifest structure";
            return "other";
        }

        private void Report(string what, int cases, int seed, SortedDictionary<string, int> outcomes)
        {
            _output.WriteLine($"{what}: {cases} cases, seed {seed}");
            foreach (var o in outcomes) _output.WriteLine($"  {o.Key}: {o.Value}");
        }

        private static JsonObject Entry(JsonNode model, Random random)
        {
            // Earlier mutations may have broken the structure; then the mutation changes a detached entry.
            JsonObject[] entries = ((model as JsonObject)?["weightsManifest"] as JsonArray ?? new JsonArray())
                .SelectMany(g => (g as JsonObject)?["weights"] as JsonArray ?? new JsonArray())
                .OfType<JsonObject>().ToArray();
            return entries.Length == 0 ? new JsonObject() : entries[random.Next(entries.Length)];
        }

        private static JsonNode? Pick(JsonNode?[] values, Random random) => values[random.Next(values.Length)]?.DeepClone();

        private static string MutateModel(JsonNode model, byte[][] shards, string caseDir, int kind, Random random)
        {
            JsonArray groups = (model as JsonObject)?["weightsManifest"] as JsonArray ?? new JsonArray();
            JsonObject? group = groups.Count == 0 ? null : groups[random.Next(groups.Count)] as JsonObject;
            switch (kind)
            {
                case 0 when (group?["paths"]) is JsonArray paths && paths.Count > 0:
                {
                    int i = random.Next(paths.Count);
                    JsonNode? value = random.Next(5) == 0 ? Path.Combine(caseDir, ShardNames[random.Next(3)]) : Pick(PathValues, random);
                    if (random.Next(6) == 0) paths.Add(value); else paths[i] = value;
                    return $"path → {value?.ToJsonString() ?? "null"}";
                }

                case 1:
                {
                    JsonObject entry = Entry(model, random);
                    if (entry["shape"] is JsonArray shape && shape.Count > 0 && random.Next(4) != 0)
                    {
                        JsonNode? value = Pick(AxisValues, random);
                        if (random.Next(4) == 0) shape.Add(value); else shape[random.Next(shape.Count)] = value;
                        return $"'{entry["name"]}' axis → {value?.ToJsonString() ?? "null"}";
                    }

                    entry["shape"] = random.Next(3) switch { 0 => new JsonArray(), 1 => "3", _ => new JsonArray(2147483647, 2147483647) };
                    return $"'{entry["name"]}' shape → {entry["shape"]?.ToJsonString()}";
                }

                case 2:
                {
                    JsonObject entry = Entry(model, random);
                    entry["dtype"] = Pick(DTypes, random);
                    return $"'{entry["name"]}' dtype → {entry["dtype"]?.ToJsonString() ?? "null"}";
                }

                case 3:
                {
                    JsonObject entry = Entry(model, random);
                    JsonNode? q = random.Next(8) switch
                    {
                        0 => null,
                        1 => "uint8",
                        2 => new JsonArray(),
                        3 => new JsonObject { ["dtype"] = "uint16", ["scale"] = 1e308, ["min"] = -1e308 },
                        4 => new JsonObject { ["dtype"] = "uint8" },
                        5 => new JsonObject { ["dtype"] = Pick(new JsonNode?[] { "int8", "float32", "", 1, null }, random), ["scale"] = 1, ["min"] = 0 },
                        6 => new JsonObject { ["dtype"] = "float16", ["scale"] = "x" },
                        _ => new JsonObject { ["dtype"] = "uint8", ["scale"] = 1.0, ["min"] = 0.0 },
                    };
                    if (random.Next(5) == 0) entry.Remove("quantization"); else entry["quantization"] = q;
                    return $"'{entry["name"]}' quantization → {entry["quantization"]?.ToJsonString() ?? "none"}";
                }

                case 4:
                {
                    int op = random.Next(9);
                    switch (op)
                    {
                        case 0 when groups.Count > 0: groups.RemoveAt(random.Next(groups.Count)); return "group removed";
                        case 1 when group != null: groups.Add(group.DeepClone()); return "group duplicated";
                        case 2 when groups.Count > 1: { JsonNode g = groups[0]!; groups.RemoveAt(0); groups.Add(g); return "groups swapped"; }
                        case 3 when group != null: group["weights"] = random.Next(2) == 0 ? new JsonArray() : "x"; return "group weights emptied or not an array";
                        case 4 when group != null: group["paths"] = random.Next(2) == 0 ? new JsonArray() : "g1.bin"; return "group paths emptied or not an array";
                        case 5: model["weightsManifest"] = Pick(new JsonNode?[] { new JsonObject(), "x", new JsonArray(), new JsonArray(1), null }, random); return "weightsManifest replaced";
                        case 6 when group != null && group["weights"] is JsonArray w && w.Count > 0:
                        {
                            JsonNode moved = w[random.Next(w.Count)]!;
                            w.Remove(moved);
                            ((groups[random.Next(groups.Count)] as JsonObject)?["weights"] as JsonArray)?.Add(moved);
                            return $"entry '{moved["name"]}' moved";
                        }

                        case 7 when group != null && group["weights"] is JsonArray w2: w2.Add(new JsonObject { ["name"] = "extra", ["shape"] = new JsonArray(1 << random.Next(31)), ["dtype"] = "float32" }); return "entry added";
                        default: model.AsObject().Remove("weightsManifest"); return "weightsManifest removed";
                    }
                }

                case 5:
                {
                    JsonObject entry = Entry(model, random);
                    JsonNode? name = Pick(new JsonNode?[] { "conv/kernel", "conv/bias", "dense/kernel", "dense/bias", "model/conv/kernel", "a/dense/bias", "conv/kernel:0", "", 5, null }, random);
                    if (random.Next(6) == 0) entry.Remove("name"); else entry["name"] = name;
                    return $"'{entry["name"]}' renamed";
                }

                default:
                {
                    int i = random.Next(shards.Length);
                    byte[] s = shards[i];
                    if (s == null) return $"{ShardNames[i]} already gone";
                    switch (random.Next(6))
                    {
                        case 0: shards[i] = s.AsSpan(0, random.Next(s.Length)).ToArray(); return $"{ShardNames[i]} truncated to {shards[i].Length}";
                        case 1: shards[i] = s.Concat(new byte[1 + random.Next(64)]).ToArray(); return $"{ShardNames[i]} extended to {shards[i].Length}";
                        case 2: shards[i] = null!; return $"{ShardNames[i]} deleted";
                        case 3: shards[i] = Array.Empty<byte>(); return $"{ShardNames[i]} emptied";
                        case 4: shards[i] = null!; Directory.CreateDirectory(Path.Combine(caseDir, "model", ShardNames[i])); return $"{ShardNames[i]} a folder";
                        default: random.NextBytes(s); return $"{ShardNames[i]} random bytes";
                    }
                }
            }
        }

        private static (string Json, string What) DamageText(string json, Random random)
        {
            switch (random.Next(7))
            {
                case 0: { int at = random.Next(json.Length); return (json.Substring(0, at), $"JSON truncated at {at}"); }
                case 1: { int at = random.Next(json.Length); char c = "{}[],:\"\\0x- "[random.Next(12)]; return (json.Substring(0, at) + c + json.Substring(at + 1), $"JSON char {at} → '{c}'"); }
                case 2: return ("\uFEFF" + json, "BOM");
                case 3: return (json.Replace("conv/bias", "conv/\\ud800"), "unpaired surrogate escape");
                case 4: return (new string('[', 2000) + json, "deep nesting");
                case 5: { int at = random.Next(json.Length); return (json.Insert(at, json.Substring(at, Math.Min(40, json.Length - at))), $"JSON slice repeated at {at}"); }
                default: return (json.Replace("\"shape\":[", "\"shape\":[1e400,"), "huge number");
            }
        }

        [Fact]
        public void RawFilesLoadOrThrowWeightFileException()
        {
            int cases = Cases(300);
            int seed = Seed(7);
            var random = new Random(seed);
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var failures = new List<string>();
            using var temp = new TempDir();

            WeightSpec[] kerasSpecs = { new WeightSpec("dense_1/kernel", 16, 8), new WeightSpec("dense_1/bias", 8) };
            string h5Path = temp.File("base.h5");
            new H5File
            {
                Attributes = new Dictionary<string, object> { ["layer_names"] = new[] { "dense_1" }, ["keras_version"] = "2.1.6" },
                ["dense_1"] = new H5Group
                {
                    Attributes = new Dictionary<string, object> { ["weight_names"] = new[] { "dense_1/kernel:0", "dense_1/bias:0" } },
                    ["dense_1"] = new H5Group
                    {
                        ["kernel:0"] = new H5Dataset(Enumerable.Range(0, 128).Select(i => (float)i).ToArray(), fileDims: new ulong[] { 16, 8 }),
                        ["bias:0"] = new float[8],
                    },
                },
            }.Write(h5Path);
            byte[] h5 = File.ReadAllBytes(h5Path);
            Assert.Equal(127f, WeightReader.LoadKeras(h5Path, kerasSpecs)[127]);
            byte[] zip = Zip(h5);

            for (int n = 0; n < cases && failures.Count < 10; n++)
            {
                byte[] bytes;
                string what;
                switch (random.Next(5))
                {
                    case 0:
                        bytes = new byte[random.Next(2048)];
                        random.NextBytes(bytes);
                        what = $"{bytes.Length} random bytes";
                        break;
                    case 1:
                        bytes = Flip(h5, random, out what);
                        what = "HDF5 " + what;
                        break;
                    case 2:
                        bytes = h5.AsSpan(0, random.Next(h5.Length)).ToArray();
                        what = $"HDF5 truncated to {bytes.Length}";
                        break;
                    case 3:
                        if (random.Next(2) == 0)
                        {
                            bytes = Flip(zip, random, out what);
                            what = "zip " + what;
                        }
                        else
                        {
                            bytes = zip.AsSpan(0, random.Next(zip.Length)).ToArray();
                            what = $"zip truncated to {bytes.Length}";
                        }

                        break;
                    default:
                        bytes = new byte[random.Next(3) == 0 ? 4 * 136 : 4 * random.Next(0, 200)];
                        what = $"{bytes.Length} zero bytes";
                        break;
                }

                string file = temp.File("case.bin");
                File.WriteAllBytes(file, bytes);
                what = $"case {n} (seed {seed}): {what}";
                Run("LoadKeras", what, outcomes, failures, () => WeightReader.LoadKeras(file, kerasSpecs), json: null, classify: false);
                Run("LoadRaw", what, outcomes, failures, () => WeightReader.LoadRaw(file, kerasSpecs), json: null, classify: false);
                Run("LoadTfjs(raw file as model.json)", what, outcomes, failures, () => WeightReader.LoadTfjs(file, kerasSpecs), json: null, classify: false);
            }

            Report("Raw files", cases, seed, outcomes);
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        private static byte[] Flip(byte[] original, Random random, out string what)
        {
            byte[] bytes = (byte[])original.Clone();
            var changed = new List<string>();
            for (int k = 1 + random.Next(4); k > 0; k--)
            {
                int at = random.Next(Math.Min(bytes.Length, random.Next(2) == 0 ? 1024 : bytes.Length));
                bytes[at] = (byte)random.Next(256);
                changed.Add($"{at}={bytes[at]:X2}");
            }

            what = "bytes " + string.Join(",", changed);
            return bytes;
        }

        private static byte[] Zip(byte[] weights)
        {
            var stream = new MemoryStream();
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (Stream e = archive.CreateEntry("model.weights.h5", CompressionLevel.NoCompression).Open()) e.Write(weights, 0, weights.Length);
                using (var w = new StreamWriter(archive.CreateEntry("config.json").Open(), Encoding.UTF8)) w.Write("{\"class_name\":\"Sequential\",\"config\":{\"layers\":[]}}");
            }

            return stream.ToArray();
        }
    }
}
