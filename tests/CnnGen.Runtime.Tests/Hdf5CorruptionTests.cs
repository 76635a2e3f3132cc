using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PureHDF;
using PureHDF.VOL.Native;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// Damaged copies of the real Keras files: deterministic byte flips (single and paired, mostly in the metadata)
    /// and truncations. Each copy either loads or throws <see cref="WeightFileException"/>; nothing else escapes, and
    /// no copy makes the reader allocate much more than the file and its tensors.
    /// </summary>
    public class Hdf5CorruptionTests
    {
        public static IEnumerable<object[]> Cases() => KerasFileTests.Files()
            .Select(f => new object[] { f[0], false })
            .Append(new object[] { "k3_mnist_keras", true });

        /// <summary>
        /// <paramref name="bareHdf5"/>: mutate the <c>model.weights.h5</c> taken out of the .keras zip, so the HDF5
        /// reader rather than the zip's CRC check meets the damage.
        /// </summary>
        [SkippableTheory]
        [MemberData(nameof(Cases))]
        public void MutatedFilesLoadOrThrowWeightFileException(string folder, bool bareHdf5)
        {
            string file = KerasFileTests.ModelFile(folder);
            byte[] bytes = bareHdf5 ? Hdf5ReaderTests.Hdf5Bytes(file) : File.ReadAllBytes(file);
            Mutate(folder, bytes, WeightLayout.Create(KerasFileTests.ExpectedFromConfig(folder)), folder.Aggregate(bareHdf5 ? 7 : 17, (h, c) => h * 31 + c));
        }

        /// <summary>
        /// The structures PureHDF writes and the real files lack: superblock 3, version 2 object headers, link
        /// messages, variable-length string attributes, gzip+shuffle chunks behind a fixed array index.
        /// </summary>
        [Fact]
        public void MutatedPureHdfFileLoadsOrThrowsWeightFileException()
        {
            using var temp = new TempDir();
            float[] kernel = Enumerable.Range(0, 64 * 32).Select(i => (float)Math.Cos(i)).ToArray();
            H5Dataset Gzip(float[] values, ulong[] dims, uint[] chunks) => new H5Dataset(values, fileDims: dims, chunks: chunks,
                datasetCreation: new H5DatasetCreation { Filters = new List<PureHDF.Filters.H5Filter> { 2, 1 } });
            new H5File
            {
                Attributes = new Dictionary<string, object> { ["layer_names"] = new[] { "dense_1", "flatten_1", "dense_2" }, ["keras_version"] = "2.1.6" },
                ["dense_1"] = new H5Group
                {
                    Attributes = new Dictionary<string, object> { ["weight_names"] = new[] { "dense_1/kernel:0", "dense_1/bias:0" } },
                    ["dense_1"] = new H5Group { ["kernel:0"] = Gzip(kernel, new ulong[] { 64, 32 }, new uint[] { 16, 16 }), ["bias:0"] = new float[32] },
                },
                ["flatten_1"] = new H5Group { Attributes = new Dictionary<string, object> { ["weight_names"] = Array.Empty<double>() } },
                ["dense_2"] = new H5Group
                {
                    Attributes = new Dictionary<string, object> { ["weight_names"] = new[] { "dense_2/kernel:0", "dense_2/bias:0" } },
                    ["dense_2"] = new H5Group { ["kernel:0"] = new H5Dataset(kernel.Take(320).ToArray(), fileDims: new ulong[] { 32, 10 }), ["bias:0"] = new float[10] },
                },
            }.Write(temp.File("synthetic.h5"));
            WeightSpec[] specs =
            {
                new WeightSpec("dense_1/kernel", 64, 32), new WeightSpec("dense_1/bias", 32),
                new WeightSpec("dense_2/kernel", 32, 10), new WeightSpec("dense_2/bias", 10),
            };
            byte[] bytes = File.ReadAllBytes(temp.File("synthetic.h5"));
            Floats.Identical(kernel, WeightReader.LoadKeras(temp.File("synthetic.h5"), specs).Take(kernel.Length).ToArray(), "synthetic kernel");

            Mutate("PureHDF synthetic", bytes, WeightLayout.Create(specs), 99);
        }

        private static void Mutate(string folder, byte[] bytes, WeightLayout layout, int seed)
        {
            long allocationLimit = (64L << 20) + 4L * bytes.Length;
            var random = new Random(seed);
            int loaded = 0, rejected = 0;

            void Check(string mutation, int length)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    KerasHdf5Reader.Load(new MemoryStream(bytes, 0, length, writable: false), "mutated", layout);
                    loaded++;
                }
                catch (WeightFileException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{folder} {mutation}: {e.GetType().Name} instead of WeightFileException: {e}");
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < allocationLimit, $"{folder} {mutation}: allocated {allocated:N0} bytes (limit {allocationLimit:N0}).");
            }

            List<int> offsets = MetadataOffsets(bytes, random, 220).Concat(Enumerable.Range(0, 60).Select(_ => random.Next(bytes.Length))).ToList();
            byte[] patterns = { 0xFF, 0x00, 0x80, 0x01, 0x7F };
            foreach (int offset in offsets)
            {
                byte original = bytes[offset];
                byte pattern = patterns[random.Next(patterns.Length)];
                bytes[offset] = pattern == 0x01 ? (byte)(original + 1) : pattern == 0x80 ? (byte)(original ^ 0x80) : pattern;
                if (random.Next(3) == 0)
                {
                    // A second byte a little further on: a changed length together with a changed address.
                    int second = Math.Min(bytes.Length - 1, offset + 1 + random.Next(16));
                    byte secondOriginal = bytes[second];
                    bytes[second] = (byte)random.Next(256);
                    Check($"bytes {offset} = {bytes[offset]:X2} and {second} = {bytes[second]:X2}", bytes.Length);
                    bytes[second] = secondOriginal;
                }
                else
                {
                    Check($"byte {offset} = {bytes[offset]:X2} (was {original:X2})", bytes.Length);
                }

                bytes[offset] = original;
            }

            foreach (int length in new[] { 0, 1, 7, 8, 9, 64, 100, 511, 512, 1000, 2048, 4096 }.Concat(Enumerable.Range(0, 40).Select(_ => random.Next(bytes.Length))))
            {
                Check($"truncated to {length} bytes", Math.Min(length, bytes.Length));
            }

            Check("unchanged", bytes.Length);
            Assert.True(rejected > 30, $"{folder}: only {rejected} of {loaded + rejected} mutations were rejected; the mutations miss the metadata.");
        }

        /// <summary>
        /// Offsets in the file's metadata: the first 4 KiB (superblock, root group) and the 600 bytes after every
        /// HDF5 structure signature (object headers, B-tree nodes, heaps, symbol table nodes).
        /// </summary>
        private static IEnumerable<int> MetadataOffsets(byte[] bytes, Random random, int count)
        {
            var starts = new List<int> { 0 };
            foreach (string signature in new[] { "OHDR", "OCHK", "TREE", "SNOD", "HEAP", "GCOL", "FAHD", "FADB", "\x89HDF" })
            {
                byte[] magic = Encoding.ASCII.GetBytes(signature);
                if (signature[0] == '\x89') magic[0] = 0x89;
                for (int i = bytes.AsSpan().IndexOf(magic); i >= 0;)
                {
                    starts.Add(i);
                    int next = bytes.AsSpan(i + 1).IndexOf(magic);
                    i = next < 0 ? -1 : i + 1 + next;
                }
            }

            for (int n = 0; n < count; n++)
            {
                int start = starts[random.Next(starts.Count)];
                int window = start == 0 ? 4096 : 600;
                yield return Math.Min(bytes.Length - 1, start + random.Next(window));
            }
        }
    }
}
