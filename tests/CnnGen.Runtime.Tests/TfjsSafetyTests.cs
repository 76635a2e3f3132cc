using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// Hostile TF.js files: shard paths outside the model's folder, device files, shapes whose byte size overflows,
    /// shards longer than the manifest says, a byte order mark. Each one is a <see cref="WeightFileException"/>
    /// naming the file (and the tensor where it applies), found before anything is read or allocated.
    /// </summary>
    public class TfjsSafetyTests
    {
        private static readonly WeightSpec[] Two = { new WeightSpec("d/bias", 2) };

        /// <summary>A model.json with one group of one shard (<paramref name="path"/>) holding "d/bias" [2] and any more tensors.</summary>
        private static string Model(string path, params (string Name, long[] Shape, string DType)[] more)
        {
            var weights = new JsonArray(new JsonObject { ["name"] = "d/bias", ["shape"] = new JsonArray(2), ["dtype"] = "float32" });
            foreach (var w in more)
            {
                weights.Add(new JsonObject { ["name"] = w.Name, ["shape"] = new JsonArray(w.Shape.Select(d => (JsonNode)d).ToArray()), ["dtype"] = w.DType });
            }

            return new JsonObject
            {
                ["format"] = "layers-model",
                ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray(path), ["weights"] = weights }),
            }.ToJsonString();
        }

        private static string Write(TempDir temp, string json, byte[]? shard = null, string shardName = "weights.bin")
        {
            if (shard != null) File.WriteAllBytes(temp.File(shardName), shard);
            File.WriteAllText(temp.File("model.json"), json);
            return temp.File("model.json");
        }

        private static readonly byte[] TwoFloats = Floats.Bytes(new[] { 3f, 4f });

        [Fact]
        public void AShardInASubfolderIsRead()
        {
            using var temp = new TempDir();
            Directory.CreateDirectory(temp.File("shards"));
            string model = Write(temp, Model("shards/weights.bin"), TwoFloats, Path.Combine("shards", "weights.bin"));

            Assert.Equal(new[] { 3f, 4f }, WeightReader.LoadTfjs(model, Two));
        }

        [Fact]
        public void AnAbsoluteShardPathIsRefusedEvenWhenTheFileFits()
        {
            using var temp = new TempDir();
            using var elsewhere = new TempDir();
            File.WriteAllBytes(elsewhere.File("weights.bin"), TwoFloats);
            string model = Write(temp, Model(elsewhere.File("weights.bin")));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));

            Assert.Equal(model, e.SourceName);
            Assert.Contains(elsewhere.File("weights.bin"), e.Message);
            Assert.Contains("rooted", e.Message);
        }

        [Theory]
        [InlineData("../weights.bin")]
        [InlineData("sub/../../weights.bin")]
        [InlineData("..\\weights.bin")]
        [InlineData("./../weights.bin")]
        public void DotDotIsRefusedEvenWhenTheFileFits(string path)
        {
            using var outer = new TempDir();
            File.WriteAllBytes(outer.File("weights.bin"), TwoFloats);
            string inner = outer.File("model");
            Directory.CreateDirectory(inner);
            Directory.CreateDirectory(Path.Combine(inner, "sub"));
            File.WriteAllText(Path.Combine(inner, "model.json"), Model(path));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(Path.Combine(inner, "model.json"), Two));

            Assert.Equal(Path.Combine(inner, "model.json"), e.SourceName);
            Assert.Contains($"'{path}'", e.Message);
        }

        [Theory]
        [InlineData(".")]
        [InlineData("./")]
        [InlineData("sub")]
        public void TheFolderItselfOrASubfolderIsNotAShard(string path)
        {
            using var temp = new TempDir();
            Directory.CreateDirectory(temp.File("sub"));
            string model = Write(temp, Model(path));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));

            Assert.Contains(model, e.Message);
        }

        /// <summary>/dev/zero, straight or through a symlink in the model's folder, is refused before it is opened: it reports 0 bytes.</summary>
        [SkippableFact]
        public void DeviceFilesAreNeverRead()
        {
            Skip.If(OperatingSystem.IsWindows() || !File.Exists("/dev/zero"), "needs /dev/zero");
            using var temp = new TempDir();
            string model = Write(temp, Model("/dev/zero"));
            var absolute = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
            Assert.Contains("/dev/zero", absolute.Message);

            File.CreateSymbolicLink(temp.File("weights.bin"), "/dev/zero");
            long before = GC.GetAllocatedBytesForCurrentThread();
            var linked = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(Write(temp, Model("weights.bin")), Two));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
            Assert.Equal(temp.File("weights.bin"), linked.SourceName);
            Assert.True(linked.Message.Contains("needs 8 bytes, the file has 0 bytes"), linked.Message);

            // The same for model.json itself and for the raw reader, whose empty model needs 0 bytes.
            var json = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs("/dev/zero", Two));
            Assert.Equal("/dev/zero", json.SourceName);
            Assert.Empty(WeightReader.LoadRaw("/dev/zero", Array.Empty<WeightSpec>()));
            Assert.Throws<WeightFileException>(() => WeightReader.LoadRaw("/dev/zero", Two));
            Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras("/dev/zero", Two));
        }

        /// <summary>A shard that is a symbolic link (as git-annex and DVC store files) is sized and read through the link.</summary>
        [SkippableFact]
        public void ASymlinkedShardIsSizedByItsTarget()
        {
            Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
            using var temp = new TempDir();
            using var store = new TempDir();
            File.WriteAllBytes(store.File("object"), TwoFloats);
            File.CreateSymbolicLink(temp.File("weights.bin"), store.File("object"));
            string model = Write(temp, Model("weights.bin"));

            Assert.Equal(new[] { 3f, 4f }, WeightReader.LoadTfjs(model, Two));

            File.WriteAllBytes(store.File("object"), new byte[12]);
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
            Assert.Contains("has 12 bytes", e.Message);

            File.Delete(store.File("object"));
            Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
        }

        /// <summary>A named pipe, straight or through a symlink, is never opened (opening one would block until a writer comes).</summary>
        [SkippableFact]
        public void NamedPipesAreNeverOpened()
        {
            Skip.If(OperatingSystem.IsWindows(), "needs mkfifo");
            using var temp = new TempDir();
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", temp.File("pipe")))
            {
                mkfifo.WaitForExit();
                Skip.If(mkfifo.ExitCode != 0, "mkfifo failed");
            }

            File.CreateSymbolicLink(temp.File("link.bin"), temp.File("pipe"));
            foreach (string shard in new[] { "pipe", "link.bin" })
            {
                var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(Write(temp, Model(shard)), Two));
                Assert.Contains("needs 8 bytes, the file has 0 bytes", e.Message);
            }

            Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(temp.File("pipe"), Two));
            Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("link.bin"), Two));
            Assert.Throws<WeightFileException>(() => WeightReader.LoadRaw(temp.File("pipe"), Two));
        }

        [Fact]
        public void AFolderAsModelJsonIsAWeightFileException()
        {
            using var temp = new TempDir();
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(temp.Path, Two));
            Assert.Contains("folder", e.Message);
        }

        [Theory]
        [InlineData(2147483647L, 2147483647L)]
        [InlineData(4611686018427387904L, 2L)]
        [InlineData(9223372036854775807L, 1L)]
        public void AShapeWhoseByteSizeOverflowsNamesTheFileAndTensor(long a, long b)
        {
            using var temp = new TempDir();
            string json = Model("weights.bin", ("d/huge", new[] { a, b }, "float32"));
            string model = Write(temp, json, TwoFloats);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "nothing large is allocated");

            Assert.Equal(model, e.SourceName);
            Assert.Contains("'d/huge'", e.Message);
            Assert.Equal("d/huge", e.TensorName);

            var m = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(json, TwoFloats, Two, "mem"));
            Assert.StartsWith("mem: ", m.Message);
        }

        /// <summary>Entries that fit one by one but not together: the running offset must not wrap around.</summary>
        [Fact]
        public void EntriesWhoseSumOverflowsAreAnError()
        {
            long half = long.MaxValue / 8;
            string json = Model("weights.bin", ("a", new[] { half }, "float32"), ("b", new[] { half }, "float32"), ("c", new[] { half }, "float32"));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(json, TwoFloats, Two, "mem"));

            Assert.Contains("'b'", e.Message + e.TensorName);
        }

        [Fact]
        public void AHugeButFiniteManifestFailsOnSizeBeforeAllocating()
        {
            using var temp = new TempDir();
            string model = Write(temp, Model("weights.bin", ("d/huge", new[] { 1L << 40 }, "float32")), TwoFloats);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);

            Assert.Contains($"needs {8 + (4L << 40)} bytes, the file has 8 bytes", e.Message);
        }

        [Fact]
        public void AShardLongerThanTheManifestNamesFileExpectedAndActualBytes()
        {
            using var temp = new TempDir();
            string model = Write(temp, Model("weights.bin"), Floats.Bytes(new[] { 3f, 4f, 5f }));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));

            Assert.Equal(temp.File("weights.bin"), e.SourceName);
            Assert.Contains("too long", e.Message);
            Assert.Contains("needs 8 bytes", e.Message);
            Assert.Contains("has 12 bytes", e.Message);
        }

        /// <summary>float32 data under a uint8 quantization entry: the sizes disagree, so it is an error, not wrong outputs.</summary>
        [Fact]
        public void AMisdeclaredQuantizationIsCaughtByTheExactLength()
        {
            string json = TfjsErrorTests.Manifest(("d/bias", new[] { 2 }, "float32", new JsonObject { ["dtype"] = "uint8", ["scale"] = 1.0, ["min"] = 0.0 }));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(json, TwoFloats, Two, "mem"));

            Assert.StartsWith("mem: ", e.Message);
            Assert.Contains("8 bytes", e.Message);
            Assert.Contains("needs 2 bytes", e.Message);
        }

        [Fact]
        public void ANonObjectQuantizationIsAnError()
        {
            string json = Model("weights.bin").Replace("\"dtype\":\"float32\"", "\"dtype\":\"float32\",\"quantization\":\"uint8\"");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(json, TwoFloats, Two, "mem"));

            Assert.Contains("quantization", e.Message);
            Assert.Equal("d/bias", e.TensorName);
        }

        [Fact]
        public void ManyShardsMustAddUpExactly()
        {
            using var temp = new TempDir();
            var json = JsonNode.Parse(Model("a.bin"))!;
            json["weightsManifest"]![0]!["paths"] = new JsonArray("a.bin", "b.bin");
            File.WriteAllBytes(temp.File("a.bin"), TwoFloats.AsSpan(0, 4).ToArray());
            File.WriteAllBytes(temp.File("b.bin"), TwoFloats);
            string model = Write(temp, json.ToJsonString());

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(model, Two));
            Assert.Contains("too long", e.Message);
            Assert.Contains("hold 12 bytes", e.Message);
            Assert.Contains(temp.File("a.bin") + "' 4 bytes", e.Message);

            File.WriteAllBytes(temp.File("b.bin"), TwoFloats.AsSpan(4).ToArray());
            Assert.Equal(new[] { 3f, 4f }, WeightReader.LoadTfjs(model, Two));
        }

        [Fact]
        public void ConcatenatedShardsLongerThanTheManifestAreAnError()
        {
            var e = Assert.Throws<WeightFileException>(
                () => WeightReader.LoadTfjs(Model("weights.bin"), new byte[12], Two, "resource:x"));

            Assert.StartsWith("resource:x: ", e.Message);
            Assert.Contains("12 bytes", e.Message);
            Assert.Contains("needs 8 bytes", e.Message);
        }

        [Fact]
        public void AnEmbeddedShardMustHoldExactlyTheManifestsBytes()
        {
            var assembly = typeof(TfjsSafetyTests).Assembly;
            WeightSpec[] three = { new WeightSpec("d/bias", 3) };
            string json3 = TfjsErrorTests.Manifest(("d/bias", new[] { 3 }, "float32", null));
            Assert.Equal(new[] { 1.5f, -2f, 3.25f }, WeightReader.LoadTfjsResource(json3, assembly, "three-floats.bin", three, "w.bin (embedded)"));

            var longer = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjsResource(Model("w.bin"), assembly, "three-floats.bin", Two, "w.bin (embedded)"));
            Assert.StartsWith("w.bin (embedded): ", longer.Message);
            Assert.Contains("12 bytes", longer.Message);
            Assert.Contains("needs 8 bytes", longer.Message);

            string json4 = TfjsErrorTests.Manifest(("d/bias", new[] { 4 }, "float32", null));
            var shorter = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjsResource(json4, assembly, "three-floats.bin", new[] { new WeightSpec("d/bias", 4) }, "w.bin (embedded)"));
            Assert.Contains("needs 16 bytes", shorter.Message);
        }

        [Fact]
        public void AByteOrderMarkIsAccepted()
        {
            using var temp = new TempDir();
            File.WriteAllBytes(temp.File("weights.bin"), TwoFloats);
            File.WriteAllText(temp.File("model.json"), Model("weights.bin"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal(0xEF, File.ReadAllBytes(temp.File("model.json"))[0]);

            Assert.Equal(new[] { 3f, 4f }, WeightReader.LoadTfjs(temp.File("model.json"), Two));
            Assert.Equal(new[] { 3f, 4f }, WeightReader.LoadTfjs("\uFEFF" + Model("weights.bin"), TwoFloats, Two, "mem"));
        }

        [Fact]
        public void AnUnpairedSurrogateEscapeIsAWeightFileException()
        {
            string json = Model("weights.bin").Replace("d/bias", "d/\\ud800");

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadTfjs(json, TwoFloats, Two, "mem"));

            Assert.StartsWith("mem: ", e.Message);
        }
    }
}
