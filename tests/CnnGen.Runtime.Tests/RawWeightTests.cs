using System;
using System.IO;
using System.Linq;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary><see cref="WeightReader.LoadRaw(string, System.Collections.Generic.IReadOnlyList{WeightSpec})"/> and its in-memory form.</summary>
    public class RawWeightTests
    {
        private static readonly WeightSpec[] Specs =
        {
            new WeightSpec("conv2d/kernel", 3, 3, 1, 2),
            new WeightSpec("conv2d/bias", 2),
            new WeightSpec("dense/kernel", 8, 3),
            new WeightSpec("dense/bias", 3),
        };

        private static float[] Values(int count) => Enumerable.Range(0, count).Select(i => (i - 20) * 0.125f).ToArray();

        [Fact]
        public void ReadsAFileOfExactlyTheExpectedSize()
        {
            using var temp = new TempDir();
            float[] values = Values(18 + 2 + 24 + 3);
            File.WriteAllBytes(temp.File("w.bin"), Floats.Bytes(values));

            float[] w = WeightReader.LoadRaw(temp.File("w.bin"), Specs);

            Floats.Identical(values, w, "raw file");
        }

        [Fact]
        public void ReadsBytesInMemoryIntoAFreshArray()
        {
            float[] values = Values(47);
            byte[] bytes = Floats.Bytes(values);

            float[] first = WeightReader.LoadRaw(bytes, Specs, "resource:w.bin");
            float[] second = WeightReader.LoadRaw(bytes, Specs, "resource:w.bin");

            Floats.Identical(values, first, "raw bytes");
            Assert.NotSame(first, second);
        }

        [Fact]
        public void WrongFileSizeNamesExpectedAndActualBytesAndTheFloatCount()
        {
            using var temp = new TempDir();
            File.WriteAllBytes(temp.File("w.bin"), Floats.Bytes(Values(46)));

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadRaw(temp.File("w.bin"), Specs));

            Assert.StartsWith(temp.File("w.bin") + ": ", e.Message);
            Assert.Contains("184 bytes", e.Message);
            Assert.Contains("188 bytes", e.Message);
            Assert.Contains("47 float32 values", e.Message);
            Assert.Contains("4 tensors", e.Message);
        }

        [Fact]
        public void WrongByteCountInMemoryNamesTheSource()
        {
            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadRaw(new byte[190], Specs, "resource:w.bin"));

            Assert.StartsWith("resource:w.bin: ", e.Message);
            Assert.Contains("190 bytes", e.Message);
            Assert.Contains("188 bytes", e.Message);
            Assert.Contains("not even a multiple of 4", e.Message);
        }

        [Fact]
        public void MissingRawFileNamesIt()
        {
            using var temp = new TempDir();

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadRaw(temp.File("nope.bin"), Specs));

            Assert.Contains(temp.File("nope.bin"), e.Message);
            Assert.IsAssignableFrom<FileNotFoundException>(e.InnerException);
        }

        [Fact]
        public void AnEmptyModelReadsAnEmptyFile()
        {
            Assert.Empty(WeightReader.LoadRaw(ReadOnlySpan<byte>.Empty, Array.Empty<WeightSpec>(), "empty"));
        }

        /// <summary>The raw form of a TF.js fixture, written in Keras order, reads back to the same values.</summary>
        [Fact]
        public void RoundTripsAFixtureModelInKerasOrder()
        {
            string dir = Path.Combine(SharedFixtures.KerasFixtures, "rgb_blocks");
            WeightSpec[] specs = TfjsFixtureTests.KerasOrderFromParams(dir);
            float[] w = WeightReader.LoadTfjs(Path.Combine(dir, "model.json"), specs);

            Floats.Identical(w, WeightReader.LoadRaw(Floats.Bytes(w), specs, "rgb_blocks.bin"), "raw round trip");
        }
    }
}
