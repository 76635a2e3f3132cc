using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>Every way a TF.js model can be broken, each on a broken copy of a fixture in a temp folder.</summary>
    public class TfjsErrorTests
    {
        private static string SeedCnn => Path.Combine(SharedFixtures.KerasFixtures, "seed_cnn");

        private static WeightSpec[] SeedCnnSpecs() => TfjsFixtureTests.KerasOrderFromParams(SeedCnn);

        /// <summary>A copy of seed_cnn (model.json + weights.bin) to break.</summary>
        private static string CopySeedCnn(TempDir temp)
        {
            temp.Copy(Path.Combine(SeedCnn, "weights.bin"));
            return temp.Copy(Path.Combine(SeedCnn, "model.json"));
        }

        [Fact]
        public void MissingModelJsonNamesTheFile()
        {
            using var temp = new TempDir();
            string path = temp.File("model.json");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(path, SeedCnnSpecs()));

            Assert.Contains(path, e.Message);
            Assert.Contains("not found", e.Message);
            Assert.IsAssignableFrom<FileNotFoundException>(e.InnerException);
            Assert.Equal(path, e.SourceName);
        }

        [Fact]
        public void MissingShardNamesTheShardPath()
        {
            using var temp = new TempDir();
            string model = CopySeedCnn(temp);
            File.Delete(temp.File("weights.bin"));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, SeedCnnSpecs()));

            Assert.Contains(temp.File("weights.bin"), e.Message);
            Assert.Contains("not found", e.Message);
            Assert.Equal(temp.File("weights.bin"), e.SourceName);
        }

        [Fact]
        public void ShortShardNamesFileExpectedAndActualBytes()
        {
            using var temp = new TempDir();
            string model = CopySeedCnn(temp);
            byte[] bin = File.ReadAllBytes(temp.File("weights.bin"));
            Assert.Equal(243786 * 4, bin.Length);
            File.WriteAllBytes(temp.File("weights.bin"), bin.AsSpan(0, 1000).ToArray());

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, SeedCnnSpecs()));

            Assert.Contains(temp.File("weights.bin"), e.Message);
            Assert.Contains("975144 bytes", e.Message);
            Assert.Contains("1000 bytes", e.Message);
        }

        /// <summary>
        /// Nothing is half-loaded: a shard four bytes short, so that only the last value of the last tensor is
        /// missing, still fails as a whole instead of returning an array with a zero at the end.
        /// </summary>
        [Fact]
        public void ShardShortByOneValueFailsAsAWhole()
        {
            using var temp = new TempDir();
            string model = CopySeedCnn(temp);
            byte[] bin = File.ReadAllBytes(temp.File("weights.bin"));
            File.WriteAllBytes(temp.File("weights.bin"), bin.AsSpan(0, bin.Length - 4).ToArray());

            float[]? result = null;
            var e = Assert.Throws<WeightFileException>(() => result = WeightReader.LoadTfjs(model, SeedCnnSpecs()));

            Assert.Null(result);
            Assert.Contains($"{bin.Length} bytes", e.Message);
            Assert.Contains($"{bin.Length - 4} bytes", e.Message);
        }

        [Fact]
        public void MissingTensorIsNamedWithTheAvailableNames()
        {
            WeightSpec[] specs = SeedCnnSpecs().Append(new WeightSpec("conv2d_7/kernel", 3, 3, 64, 64)).ToArray();
            string model = Path.Combine(SeedCnn, "model.json");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, specs));

            Assert.Contains(model, e.Message);
            Assert.Contains("'conv2d_7/kernel'", e.Message);
            Assert.Equal("conv2d_7/kernel", e.TensorName);
            foreach (string available in new[] { "conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "dense/kernel", "dense_1/bias" })
            {
                Assert.Contains($"'{available}'", e.Message);
            }
        }

        [Fact]
        public void WrongShapeNamesTensorExpectedAndActualShape()
        {
            WeightSpec[] specs = SeedCnnSpecs();
            int i = Array.FindIndex(specs, s => s.Name == "conv2d_1/kernel");
            specs[i] = new WeightSpec("conv2d_1/kernel", 3, 3, 64, 32);
            string model = Path.Combine(SeedCnn, "model.json");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, specs));

            Assert.Contains(model, e.Message);
            Assert.Contains("'conv2d_1/kernel'", e.Message);
            Assert.Contains("[3, 3, 64, 32]", e.Message);
            Assert.Contains("[3, 3, 64, 64]", e.Message);
            Assert.Equal("conv2d_1/kernel", e.TensorName);
        }

        /// <summary>Nothing is half-loaded: a mismatch in the very last tensor fails the whole load.</summary>
        [Fact]
        public void WrongShapeInTheLastTensorFailsTheWholeLoad()
        {
            WeightSpec[] specs = SeedCnnSpecs();
            Assert.Equal("dense_1/bias", specs[^1].Name);
            specs[^1] = new WeightSpec("dense_1/bias", 11);

            float[]? result = null;
            var e = Assert.Throws<WeightFileException>(() => result = WeightReader.LoadTfjs(Path.Combine(SeedCnn, "model.json"), specs));

            Assert.Null(result);
            Assert.Contains("[11]", e.Message);
            Assert.Contains("[10]", e.Message);
        }

        [Fact]
        public void MalformedModelJsonNamesTheFile()
        {
            using var temp = new TempDir();
            string model = temp.File("model.json");
            File.WriteAllText(model, "{ \"weightsManifest\": [ { \"paths\": [\"weights.bin\"], ");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, SeedCnnSpecs()));

            Assert.Contains(model, e.Message);
            Assert.Contains("not valid JSON", e.Message);
        }

        [Fact]
        public void JsonWithoutManifestIsRejected()
        {
            using var temp = new TempDir();
            string config = temp.Copy(Path.Combine(SeedCnn, "keras-config.json"), "model.json");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(config, SeedCnnSpecs()));

            Assert.Contains(config, e.Message);
            Assert.Contains("weightsManifest", e.Message);
        }

        [Fact]
        public void ConcatenatedShardsTooShortNameSourceAndSizes()
        {
            string json = File.ReadAllText(Path.Combine(SeedCnn, "model.json"));
            byte[] bin = File.ReadAllBytes(Path.Combine(SeedCnn, "weights.bin"));

            var e = Assert.Throws<WeightFileException>(
                () => WeightReader.LoadTfjs(json, bin.AsSpan(0, 4096), SeedCnnSpecs(), "resource:seed_cnn"));

            Assert.StartsWith("resource:seed_cnn: ", e.Message);
            Assert.Contains("4096 bytes", e.Message);
            Assert.Contains("975144 bytes", e.Message);
        }

        [Fact]
        public void Int32TensorIsAnErrorNamingIt()
        {
            string json = Manifest(("conv/kernel", new[] { 2 }, "int32", null));
            var e = Assert.Throws<WeightFileException>(
                () => WeightReader.LoadTfjs(json, new byte[8], new[] { new WeightSpec("conv/kernel", 2) }, "mem"));

            Assert.Contains("'conv/kernel'", e.Message);
            Assert.Contains("int32", e.Message);
            Assert.Equal("conv/kernel", e.TensorName);
        }

        [Fact]
        public void AmbiguousSuffixIsAnError()
        {
            string json = Manifest(
                ("a/dense/kernel", new[] { 2 }, "float32", null),
                ("b/dense/kernel", new[] { 2 }, "float32", null));

            var e = Assert.Throws<WeightFileException>(
                () => WeightReader.LoadTfjs(json, new byte[16], new[] { new WeightSpec("dense/kernel", 2) }, "mem"));

            Assert.Contains("ambiguous", e.Message);
            Assert.Contains("'a/dense/kernel'", e.Message);
            Assert.Contains("'b/dense/kernel'", e.Message);
        }

        [Fact]
        public void DuplicateExpectedNamesAreAnArgumentError()
        {
            var specs = new[] { new WeightSpec("dense/bias", 10), new WeightSpec("dense/bias", 10) };
            Assert.Throws<ArgumentException>(() => WeightReader.LoadRaw(new byte[80], specs, "mem"));
        }

        /// <summary>A model.json with one group holding the given tensors.</summary>
        internal static string Manifest(params (string Name, int[] Shape, string DType, JsonObject? Quantization)[] weights)
        {
            var list = new JsonArray();
            foreach (var w in weights)
            {
                var entry = new JsonObject
                {
                    ["name"] = w.Name,
                    ["shape"] = new JsonArray(w.Shape.Select(d => (JsonNode)d).ToArray()),
                    ["dtype"] = w.DType,
                };
                if (w.Quantization != null) entry["quantization"] = w.Quantization;
                list.Add(entry);
            }

            var root = new JsonObject
            {
                ["format"] = "layers-model",
                ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("weights.bin"), ["weights"] = list }),
            };
            return root.ToJsonString();
        }
    }
}
