using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// <see cref="WeightReader.LoadTfjs(string, IReadOnlyList{WeightSpec})"/> on every TF.js fixture model. The
    /// independent check: weights.bin read directly at the offsets meta.json records, taken in the Keras order
    /// params.json lists.
    /// </summary>
    public class TfjsFixtureTests
    {
        public static IEnumerable<object[]> Models()
        {
            var rows = SharedFixtures.ModelFolders("keras").Select(m => new object[] { "keras", m })
                .Concat(SharedFixtures.ModelFolders("keras-trained").Select(m => new object[] { "keras-trained", m }))
                .ToList();
            // An empty theory would pass silently; a sentinel row fails with the reason instead.
            if (rows.Count == 0) rows.Add(new object[] { "(shared fixtures not found)", "-" });
            return rows;
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void LoadsFixtureModelInKerasOrder(string set, string model)
        {
            string dir = Path.Combine(SharedFixtures.Required(Path.Combine("fixtures", set)), model);
            WeightSpec[] expected = KerasOrderFromParams(dir);

            float[] actual = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), expected);

            float[] independent = ReadByMetaEntries(dir, expected);
            Assert.Equal(expected.Sum(s => s.Length), actual.Length);
            Floats.Identical(independent, actual, $"{set}/{model}");

            using JsonDocument parameters = SharedFixtures.Json(Path.Combine(dir, "params.json"));
            Assert.Equal(parameters.RootElement.GetProperty("totalParams").GetInt32(), actual.Length);
        }

        [Theory]
        [MemberData(nameof(Models))]
        public void LoadsFixtureModelFromMemory(string set, string model)
        {
            string dir = Path.Combine(SharedFixtures.Required(Path.Combine("fixtures", set)), model);
            WeightSpec[] expected = KerasOrderFromParams(dir);

            float[] fromFiles = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), expected);
            float[] fromMemory = WeightReader.LoadTfjs(
                File.ReadAllText(Path.Combine(dir, "model.json")), File.ReadAllBytes(Path.Combine(dir, "weights.bin")), expected, "embedded:" + model);

            Floats.Identical(fromFiles, fromMemory, $"{set}/{model} from memory");
        }

        [Fact]
        public void EveryIndexedFixtureModelIsPresent()
        {
            string root = SharedFixtures.KerasFixtures;
            using JsonDocument index = SharedFixtures.Json(Path.Combine(root, "index.json"));
            string[] listed = index.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray();

            Assert.NotEmpty(listed);
            foreach (string name in listed)
            {
                Assert.True(File.Exists(Path.Combine(root, name, "model.json")), $"fixture '{name}' listed in index.json has no model.json");
            }

            Assert.Equal(listed.OrderBy(n => n, StringComparer.Ordinal), SharedFixtures.ModelFolders("keras"));
        }

        /// <summary>
        /// batchnorm_dropout written out by hand from its keras-config.json: BatchNormalization's moving statistics
        /// must follow gamma and beta, although the manifest keeps them at the very end.
        /// </summary>
        [Fact]
        public void BatchNormalizationComesOutInKerasOrder()
        {
            string dir = Path.Combine(SharedFixtures.KerasFixtures, "batchnorm_dropout");
            var expected = new[]
            {
                new WeightSpec("conv2d/kernel", 3, 3, 3, 8),
                new WeightSpec("batch_normalization/gamma", 8),
                new WeightSpec("batch_normalization/beta", 8),
                new WeightSpec("batch_normalization/moving_mean", 8),
                new WeightSpec("batch_normalization/moving_variance", 8),
                new WeightSpec("conv2d_1/kernel", 3, 3, 8, 16),
                new WeightSpec("batch_normalization_1/gamma", 16),
                new WeightSpec("batch_normalization_1/beta", 16),
                new WeightSpec("batch_normalization_1/moving_mean", 16),
                new WeightSpec("batch_normalization_1/moving_variance", 16),
                new WeightSpec("dense/kernel", 576, 32),
                new WeightSpec("dense/bias", 32),
                new WeightSpec("batch_normalization_2/gamma", 32),
                new WeightSpec("batch_normalization_2/beta", 32),
                new WeightSpec("batch_normalization_2/moving_mean", 32),
                new WeightSpec("batch_normalization_2/moving_variance", 32),
                new WeightSpec("dense_1/kernel", 32, 4),
                new WeightSpec("dense_1/bias", 4),
            };

            float[] w = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), expected);
            byte[] bin = File.ReadAllBytes(Path.Combine(dir, "weights.bin"));

            Assert.Equal(20188, w.Length);
            // Byte offsets from meta.json: batch_normalization/moving_mean at 80304, moving_variance at 80336;
            // in Keras order they sit right after gamma (216..223) and beta (224..231).
            Floats.Identical(Floats.Read(bin, 864, 8), w.AsSpan(216, 8).ToArray(), "gamma");
            Floats.Identical(Floats.Read(bin, 896, 8), w.AsSpan(224, 8).ToArray(), "beta");
            Floats.Identical(Floats.Read(bin, 80304, 8), w.AsSpan(232, 8).ToArray(), "moving_mean");
            Floats.Identical(Floats.Read(bin, 80336, 8), w.AsSpan(240, 8).ToArray(), "moving_variance");
            // moving_variance was drawn from U(0.4, 2.0), gamma from U(0.5, 1.5): a swap would show.
            Assert.All(w.AsSpan(240, 8).ToArray(), v => Assert.InRange(v, 0.4f, 2.0f));
        }

        /// <summary>The tensors params.json lists, layer by layer: Keras get_weights() order.</summary>
        internal static WeightSpec[] KerasOrderFromParams(string dir)
        {
            using JsonDocument parameters = SharedFixtures.Json(Path.Combine(dir, "params.json"));
            var specs = new List<WeightSpec>();
            foreach (JsonElement layer in parameters.RootElement.GetProperty("layers").EnumerateArray())
            {
                foreach (JsonElement weight in layer.GetProperty("weights").EnumerateArray())
                {
                    specs.Add(new WeightSpec(
                        weight.GetProperty("name").GetString()!,
                        weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray()));
                }
            }

            Assert.NotEmpty(specs);
            return specs.ToArray();
        }

        /// <summary>weights.bin read at meta.json's recorded offsets, concatenated in the order of <paramref name="specs"/>.</summary>
        internal static float[] ReadByMetaEntries(string dir, IReadOnlyList<WeightSpec> specs)
        {
            using JsonDocument meta = SharedFixtures.Json(Path.Combine(dir, "meta.json"));
            JsonElement weights = meta.RootElement.GetProperty("weights");
            Assert.Equal("float32", weights.GetProperty("dtype").GetString());
            byte[] bin = File.ReadAllBytes(Path.Combine(dir, weights.GetProperty("file").GetString()!));

            var entries = weights.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
            var result = new List<float>();
            foreach (WeightSpec spec in specs)
            {
                JsonElement entry = entries[spec.Name];
                Assert.Equal(spec.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray());
                Assert.Equal(spec.Length * 4L, entry.GetProperty("byteLength").GetInt64());
                result.AddRange(Floats.Read(bin, entry.GetProperty("offset").GetInt64(), spec.Length));
            }

            return result.ToArray();
        }
    }
}
