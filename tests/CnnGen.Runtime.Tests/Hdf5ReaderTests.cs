using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using CnnGen.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// CnnGen's own HDF5 reader (src/CnnGen/Weights/Hdf5) against PureHDF as an independent reader and writer: every
    /// dataset and string attribute of the real Keras files, and the storage layouts and filters PureHDF writes.
    /// </summary>
    public class Hdf5ReaderTests
    {
        public static IEnumerable<object[]> Files() => KerasFileTests.Files();

        /// <summary>The HDF5 bytes of a fixture: the file itself, or the model.weights.h5 inside a .keras zip.</summary>
        internal static byte[] Hdf5Bytes(string file)
        {
            if (!file.EndsWith(".keras", StringComparison.Ordinal)) return File.ReadAllBytes(file);
            using ZipArchive zip = ZipFile.OpenRead(file);
            using var memory = new MemoryStream();
            using (Stream entry = zip.GetEntry("model.weights.h5")!.Open()) entry.CopyTo(memory);
            return memory.ToArray();
        }

        private static Hdf5File Open(byte[] bytes) => Hdf5File.Open(new MemoryStream(bytes, writable: false), leaveOpen: false);

        /// <summary>Every object below <paramref name="group"/>, by path, as PureHDF lists them.</summary>
        private static void Walk(IH5Group group, string path, Dictionary<string, IH5Object> found)
        {
            foreach (IH5Object child in group.Children())
            {
                string childPath = path + "/" + child.Name;
                found[childPath] = child;
                if (child is IH5Group inner) Walk(inner, childPath, found);
            }
        }

        private static void Walk(Hdf5Object group, string path, Dictionary<string, Hdf5Object> found)
        {
            foreach ((string name, Hdf5Object child) in group.Children())
            {
                string childPath = path + "/" + name;
                found[childPath] = child;
                if (child.IsGroup) Walk(child, childPath, found);
            }
        }

        [SkippableTheory]
        [MemberData(nameof(Files))]
        public void EveryDatasetAndStringAttributeEqualsPureHdf(string folder)
        {
            byte[] bytes = Hdf5Bytes(KerasFileTests.ModelFile(folder));
            using NativeFile reference = H5File.Open(new MemoryStream(bytes), leaveOpen: false);
            using Hdf5File ours = Open(bytes);

            var expected = new Dictionary<string, IH5Object>();
            Walk(reference, "", expected);
            var actual = new Dictionary<string, Hdf5Object>();
            Walk(ours.Root, "", actual);
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));

            int floats = 0;
            int attributes = CompareAttributes(reference, ours.Root, "/");
            foreach ((string path, IH5Object obj) in expected)
            {
                attributes += CompareAttributes(obj, actual[path], path);
                if (obj is not IH5Dataset dataset)
                {
                    Assert.True(actual[path].IsGroup, path + " is a group");
                    continue;
                }

                Hdf5Object mine = actual[path];
                Assert.True(mine.IsDataset, path + " is a dataset");
                Assert.Equal(dataset.Space.Dimensions.Select(d => (long)d), mine.Space.Dimensions);
                Assert.Equal((uint)dataset.Type.Size, mine.Type.Size);
                Assert.Equal(dataset.Type.Class.ToString(), mine.Type.ClassName);
                if (dataset.Type.Class != H5DataTypeClass.FloatingPoint) continue;

                float[] reference32 = dataset.Type.Size == 8
                    ? dataset.Read<double[]>().Select(v => (float)v).ToArray()
                    : dataset.Read<float[]>();
                var read = new float[mine.Space.ElementCount];
                mine.ReadFloats(read);
                Floats.Identical(reference32, read, folder + path);
                floats += read.Length;
            }

            Assert.True(floats > 100_000, $"{folder}: only {floats} floats compared");
            Assert.True(attributes > 0, $"{folder}: no string attribute compared");
        }

        /// <summary>Compares every attribute PureHDF reads as strings; returns how many.</summary>
        private static int CompareAttributes(IH5Object reference, Hdf5Object ours, string path)
        {
            int compared = 0;
            foreach (IH5Attribute attribute in reference.Attributes())
            {
                Hdf5Attribute? mine = ours.Attribute(attribute.Name);
                Assert.True(mine != null, $"{path}: attribute '{attribute.Name}' is missing");
                if (attribute.Type.Class != H5DataTypeClass.String && attribute.Type.Class != H5DataTypeClass.VariableLength) continue;
                string[] expected = attribute.Space.Dimensions.Length == 0 ? new[] { attribute.Read<string>() } : attribute.Read<string[]>();
                Assert.Equal(expected.Select(s => s.TrimEnd('\0')), mine!.ReadStrings());
                compared++;
            }

            Assert.Equal(reference.Attributes().Count(), ours.Attributes.Count);
            return compared;
        }

        private static float[] Ramp(int count) => Enumerable.Range(0, count).Select(i => (float)Math.Sin(i * 0.37) * (i % 17 + 1)).ToArray();

        private static H5Dataset Chunked(Array data, ulong[] dims, uint[] chunks, params ushort[] filters) =>
            new H5Dataset(data, fileDims: dims, chunks: chunks,
                datasetCreation: new H5DatasetCreation { Filters = filters.Select(f => (PureHDF.Filters.H5Filter)f).ToList() });

        /// <summary>
        /// PureHDF writes chunked datasets with an implicit index (no filters) or a fixed array index (filters), compact
        /// datasets by default and contiguous ones when asked; chunk edges that overhang the dataset are clipped.
        /// </summary>
        [Fact]
        public void ChunkedFilteredCompactAndContiguousDatasetsReadAsWritten()
        {
            using var temp = new TempDir();
            const ushort Deflate = 1, Shuffle = 2, Fletcher32 = 3;
            float[] matrix = Ramp(37 * 23);
            float[] cube = Ramp(5 * 7 * 9);
            double[] wide = Ramp(300).Select(v => v * 1e-3).ToArray();
            var datasets = new Dictionary<string, (H5Dataset Dataset, float[] Expected)>
            {
                ["gzip_shuffle"] = (Chunked(matrix, new ulong[] { 37, 23 }, new uint[] { 8, 5 }, Shuffle, Deflate), matrix),
                ["gzip"] = (Chunked(matrix, new ulong[] { 37, 23 }, new uint[] { 16, 23 }, Deflate), matrix),
                ["shuffle_gzip_fletcher"] = (Chunked(cube, new ulong[] { 5, 7, 9 }, new uint[] { 2, 3, 4 }, Shuffle, Deflate, Fletcher32), cube),
                ["gzip_one_chunk"] = (Chunked(cube, new ulong[] { 5, 7, 9 }, new uint[] { 5, 7, 9 }, Deflate), cube),
                ["implicit"] = (Chunked(matrix, new ulong[] { 37, 23 }, new uint[] { 10, 10 }), matrix),
                ["float64_gzip"] = (Chunked(wide, new ulong[] { 300 }, new uint[] { 64 }, Shuffle, Deflate), wide.Select(v => (float)v).ToArray()),
                ["compact"] = (new H5Dataset(cube, fileDims: new ulong[] { 5, 7, 9 }), cube),
            };

            var file = new H5File();
            foreach ((string name, (H5Dataset dataset, _)) in datasets) file[name] = dataset;
            file.Write(temp.File("compact.h5"));
            new H5File { ["contiguous"] = new H5Dataset(matrix, fileDims: new ulong[] { 37, 23 }) }
                .Write(temp.File("contiguous.h5"), new H5WriteOptions(PreferCompactDatasetLayout: false));

            using (Hdf5File ours = Open(File.ReadAllBytes(temp.File("compact.h5"))))
            {
                foreach ((string name, (_, float[] expected)) in datasets)
                {
                    Hdf5Object dataset = ours.Root.Get(name)!;
                    // The filters were really written (PureHDF puts filtered chunks behind a fixed array index).
                    Assert.Equal(name.Contains("gzip"), dataset.Find(Hdf5Message.FilterPipeline) != null);
                    var read = new float[expected.Length];
                    dataset.ReadFloats(read);
                    Floats.Identical(expected, read, name);
                }
            }

            using (Hdf5File ours = Open(File.ReadAllBytes(temp.File("contiguous.h5"))))
            {
                var read = new float[matrix.Length];
                ours.Root.Get("contiguous")!.ReadFloats(read);
                Floats.Identical(matrix, read, "contiguous");
            }
        }

        /// <summary>A Keras 3 .weights.h5 whose kernels are gzip+shuffle chunked loads through LoadKeras like a plain one.</summary>
        [Fact]
        public void LoadKerasReadsCompressedChunkedWeights()
        {
            using var temp = new TempDir();
            float[] kernel = Ramp(3 * 3 * 2 * 8);
            float[] bias = Ramp(8);
            new H5File
            {
                ["layers"] = new H5Group
                {
                    ["conv2d"] = new H5Group
                    {
                        ["vars"] = new H5Group
                        {
                            ["0"] = Chunked(kernel, new ulong[] { 3, 3, 2, 8 }, new uint[] { 2, 3, 2, 4 }, 2, 1),
                            ["1"] = Chunked(bias, new ulong[] { 8 }, new uint[] { 3 }, 1),
                        },
                    },
                },
            }.Write(temp.File("model.weights.h5"));

            float[] w = WeightReader.LoadKeras(temp.File("model.weights.h5"), new[] { new WeightSpec("conv2d/kernel", 3, 3, 2, 8), new WeightSpec("conv2d/bias", 8) });

            Floats.Identical(kernel.Concat(bias).ToArray(), w, "chunked Keras 3 weights");
        }

        /// <summary>A gzip chunk whose data is damaged is a WeightFileException naming the tensor.</summary>
        [Fact]
        public void CorruptCompressedChunkIsAWeightFileException()
        {
            using var temp = new TempDir();
            float[] kernel = Ramp(64 * 32);
            new H5File
            {
                ["layers"] = new H5Group { ["dense"] = new H5Group { ["vars"] = new H5Group { ["0"] = Chunked(kernel, new ulong[] { 64, 32 }, new uint[] { 64, 32 }, 1) } } },
            }.Write(temp.File("model.weights.h5"));
            byte[] bytes = File.ReadAllBytes(temp.File("model.weights.h5"));
            // The zlib stream starts with 0x78; damage the deflate data right after it.
            int zlib = Enumerable.Range(0, bytes.Length - 1).Last(i => bytes[i] == 0x78 && new byte[] { 0x01, 0x5E, 0x9C, 0xDA }.Contains(bytes[i + 1]));
            for (int i = zlib + 2; i < zlib + 40; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(temp.File("damaged.weights.h5"), bytes);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("damaged.weights.h5"), new[] { new WeightSpec("dense/kernel", 64, 32) }));

            Assert.Equal("dense/kernel", e.TensorName);
            Assert.Contains("layers/dense/vars/0", e.Message);
        }

        /// <summary>
        /// Layout version 3 with a version 1 B-tree chunk index (h5py's default for chunked data; PureHDF never writes
        /// it), crafted from the real Keras 2.1.6 file: the contiguous layout message of dense_2/bias:0 (10 floats) is
        /// rewritten to chunks of 4 elements, indexed by a two-level B-tree appended to the file. The last chunk
        /// overhangs the dataset and its overhang holds garbage that must be clipped away.
        /// </summary>
        [SkippableFact]
        public void VersionOneBTreeChunkIndexReadsAsTheContiguousOriginal()
        {
            string original = KerasFileTests.ModelFile("k2_fashion_bn");
            WeightSpec[] specs = KerasFileTests.ExpectedFromConfig("k2_fashion_bn");
            float[] expected = WeightReader.LoadKeras(original, specs);
            byte[] bytes = File.ReadAllBytes(original);
            long header;
            float[] bias = new float[10];
            using (Hdf5File ours = Open(bytes))
            {
                Hdf5Object dataset = ours.Root.Get("model_weights/dense_2/dense_2/bias:0")!;
                header = dataset.Address;
                dataset.ReadFloats(bias);
            }

            var file = new List<byte>(bytes);
            void Put(long at, byte[] data) { for (int i = 0; i < data.Length; i++) file[(int)at + i] = data[i]; }
            byte[] U32(uint v) => BitConverter.GetBytes(v);
            byte[] U64(ulong v) => BitConverter.GetBytes(v);
            long Append(IEnumerable<byte> data)
            {
                while (file.Count % 8 != 0) file.Add(0);
                long at = file.Count;
                file.AddRange(data);
                return at;
            }

            long Chunk(int start) => Append(Enumerable.Range(start, 4).SelectMany(i => BitConverter.GetBytes(i < 10 ? bias[i] : 999f)));
            byte[] Key(uint size, ulong offset) => U32(size).Concat(U32(0)).Concat(U64(offset)).Concat(U64(0)).ToArray();
            byte[] Node(int level, params (ulong Offset, long Child)[] entries) =>
                Encoding.ASCII.GetBytes("TREE").Concat(new byte[] { 1, (byte)level }).Concat(BitConverter.GetBytes((ushort)entries.Length))
                    .Concat(U64(ulong.MaxValue)).Concat(U64(ulong.MaxValue))
                    .Concat(entries.SelectMany(e => Key(16, e.Offset).Concat(U64((ulong)e.Child)))).Concat(Key(0, 12)).ToArray();

            long left = Append(Node(0, (0, Chunk(0)), (4, Chunk(4))));
            long right = Append(Node(0, (8, Chunk(8))));
            long root = Append(Node(1, (0, left), (8, right)));

            // The version 1 object header's messages start 16 bytes in: type (2), size (2), flags (1), reserved (3), data.
            long message = header + 16;
            while (BitConverter.ToUInt16(bytes, (int)message) != 0x0008) message += 8 + BitConverter.ToUInt16(bytes, (int)message + 2);
            Assert.True(BitConverter.ToUInt16(bytes, (int)message + 2) >= 19, "room for a chunked layout message");
            Put(message + 8, new byte[] { 3, 2, 2 }.Concat(U64((ulong)root)).Concat(U32(4)).Concat(U32(4)).ToArray());

            using var temp = new TempDir();
            File.WriteAllBytes(temp.File("chunked.h5"), file.ToArray());
            Floats.Identical(expected, WeightReader.LoadKeras(temp.File("chunked.h5"), specs), "k2_fashion_bn with a chunked dense_2/bias:0");
        }
    }
}
