using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>The parts of the TF.js weight format the fixtures do not exercise: quantization, other dtypes, name prefixes, several shards and groups.</summary>
    public class TfjsFormatTests
    {
        [Fact]
        public void Uint8QuantizationIsDequantizedAsVTimesScalePlusMin()
        {
            string json = TfjsErrorTests.Manifest(
                ("d/kernel", new[] { 2, 2 }, "float32", new JsonObject { ["dtype"] = "uint8", ["scale"] = 0.5, ["min"] = -1.0 }));

            float[] w = WeightReader.LoadTfjs(json, new byte[] { 0, 1, 128, 255 }, new[] { new WeightSpec("d/kernel", 2, 2) }, "mem");

            Assert.Equal(new[] { -1f, -0.5f, 63f, 126.5f }, w);
        }

        [Fact]
        public void Uint16QuantizationIsDequantizedInDoubleThenRounded()
        {
            const double scale = 0.0012345678901234, min = -0.7;
            string json = TfjsErrorTests.Manifest(
                ("d/bias", new[] { 3 }, "float32", new JsonObject { ["dtype"] = "uint16", ["scale"] = scale, ["min"] = min }));
            var bytes = new byte[6];
            ushort[] raw = { 0, 1000, 65535 };
            for (int i = 0; i < 3; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), raw[i]);

            float[] w = WeightReader.LoadTfjs(json, bytes, new[] { new WeightSpec("d/bias", 3) }, "mem");

            Assert.Equal(raw.Select(v => (float)(v * scale + min)).ToArray(), w);
        }

        /// <summary>Every one of the 65,536 float16 bit patterns widens exactly as System.Half does.</summary>
        [Fact]
        public void Float16QuantizationWidensEveryHalfExactly()
        {
            string json = TfjsErrorTests.Manifest(("h/all", new[] { 65536 }, "float32", new JsonObject { ["dtype"] = "float16" }));
            var bytes = new byte[65536 * 2];
            for (int i = 0; i < 65536; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), (ushort)i);

            float[] w = WeightReader.LoadTfjs(json, bytes, new[] { new WeightSpec("h/all", 65536) }, "mem");

            for (int i = 0; i < 65536; i++)
            {
                float expected = (float)BitConverter.UInt16BitsToHalf((ushort)i);
                if (float.IsNaN(expected))
                {
                    Assert.True(float.IsNaN(w[i]), $"half 0x{i:X4} should be NaN, got {w[i]}");
                }
                else
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(w[i]), $"half 0x{i:X4}: expected {expected:R}, got {w[i]:R}");
                }
            }
        }

        /// <summary>Tensors the model does not use are skipped by their byte size, whatever their dtype.</summary>
        [Fact]
        public void UnusedTensorsOfOtherDtypesAreSkipped()
        {
            string json = TfjsErrorTests.Manifest(
                ("step", new[] { 3 }, "int32", null),
                ("flags", new[] { 5 }, "bool", null),
                ("q/kernel", new[] { 2 }, "float32", new JsonObject { ["dtype"] = "uint8", ["scale"] = 1.0, ["min"] = 0.0 }),
                ("d/kernel", new[] { 2 }, "float32", null));
            var bytes = new byte[12 + 5 + 2 + 8];
            bytes[17] = 7;
            bytes[18] = 9;
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(19), 1.5f);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(23), -2.25f);

            float[] w = WeightReader.LoadTfjs(json, bytes, new[] { new WeightSpec("d/kernel", 2), new WeightSpec("q/kernel", 2) }, "mem");

            Assert.Equal(new[] { 1.5f, -2.25f, 7f, 9f }, w);
        }

        /// <summary>
        /// Keras 3 and converters may prefix the model name and keep TensorFlow's ":0": the expected name is then found
        /// as the one manifest name ending in "/" + name.
        /// </summary>
        [Fact]
        public void PrefixedAndIndexedManifestNamesMatchBySuffix()
        {
            string dir = Path.Combine(SharedFixtures.KerasFixtures, "depthwise_separable");
            WeightSpec[] specs = TfjsFixtureTests.KerasOrderFromParams(dir);
            float[] reference = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), specs);

            using var temp = new TempDir();
            temp.Copy(Path.Combine(dir, "weights.bin"));
            JsonNode model = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "model.json")))!;
            int n = 0;
            foreach (JsonNode? weight in model["weightsManifest"]![0]!["weights"]!.AsArray())
            {
                string name = (string)weight!["name"]!;
                weight["name"] = n++ % 2 == 0 ? "sequential/" + name : "sequential_3/" + name + ":0";
            }

            File.WriteAllText(temp.File("model.json"), model.ToJsonString());

            Floats.Identical(reference, WeightReader.LoadTfjs(temp.File("model.json"), specs), "prefixed names");
        }

        /// <summary>Shards of one group are read one after the other, groups one after the other.</summary>
        [Fact]
        public void SeveralShardsAndGroupsAreConcatenatedInManifestOrder()
        {
            string dir = Path.Combine(SharedFixtures.KerasFixtures, "batchnorm_dropout");
            WeightSpec[] specs = TfjsFixtureTests.KerasOrderFromParams(dir);
            float[] reference = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), specs);

            // Split the one group into two groups at the 10th tensor, and the first group's bytes into three shards.
            JsonNode model = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "model.json")))!;
            JsonArray weights = model["weightsManifest"]![0]!["weights"]!.AsArray();
            JsonNode[] all = weights.Select(w => w!.DeepClone()).ToArray();
            int split = 10;
            int splitBytes = all.Take(split).Sum(w => w!["shape"]!.AsArray().Aggregate(4, (a, d) => a * (int)d!));
            byte[] bin = File.ReadAllBytes(Path.Combine(dir, "weights.bin"));

            using var temp = new TempDir();
            int third = splitBytes / 3;
            File.WriteAllBytes(temp.File("group1-shard1of3.bin"), bin.AsSpan(0, third).ToArray());
            File.WriteAllBytes(temp.File("group1-shard2of3.bin"), bin.AsSpan(third, third).ToArray());
            File.WriteAllBytes(temp.File("group1-shard3of3.bin"), bin.AsSpan(2 * third, splitBytes - 2 * third).ToArray());
            File.WriteAllBytes(temp.File("group2-shard1of1.bin"), bin.AsSpan(splitBytes).ToArray());
            model["weightsManifest"] = new JsonArray(
                new JsonObject
                {
                    ["paths"] = new JsonArray("group1-shard1of3.bin", "group1-shard2of3.bin", "group1-shard3of3.bin"),
                    ["weights"] = new JsonArray(all.Take(split).ToArray()),
                },
                new JsonObject
                {
                    ["paths"] = new JsonArray("group2-shard1of1.bin"),
                    ["weights"] = new JsonArray(all.Skip(split).ToArray()),
                });
            File.WriteAllText(temp.File("model.json"), model.ToJsonString());

            Floats.Identical(reference, WeightReader.LoadTfjs(temp.File("model.json"), specs), "two groups, four shards");

            // A short shard in the multi-shard group names the group's shards and both byte counts.
            File.WriteAllBytes(temp.File("group1-shard3of3.bin"), new byte[4]);
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(temp.File("model.json"), specs));
            Assert.Contains(temp.File("group1-shard3of3.bin"), e.Message);
            Assert.Contains($"needs {splitBytes} bytes", e.Message);
            Assert.Contains($"hold {2 * third + 4} bytes", e.Message);
        }

        [Fact]
        public void ABareWeightsManifestArrayIsAccepted()
        {
            string model = TfjsErrorTests.Manifest(("d/bias", new[] { 2 }, "float32", null));
            string bare = JsonNode.Parse(model)!["weightsManifest"]!.ToJsonString();

            float[] w = WeightReader.LoadTfjs(bare, Floats.Bytes(new[] { 3f, 4f }), new[] { new WeightSpec("d/bias", 2) }, "mem");

            Assert.Equal(new[] { 3f, 4f }, w);
        }
    }
}
