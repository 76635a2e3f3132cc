using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using PureHDF;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>
    /// <see cref="WeightReader.LoadKeras"/> on the four real Keras files in shared/fixtures/keras-files. The expected
    /// tensors are written by hand from each folder's keras-config.json; the values are checked against PureHDF
    /// reading the datasets meta.json names directly.
    /// </summary>
    public class KerasFileTests
    {
        public static IEnumerable<object[]> Files() => new[]
        {
            new object[] { "k2_fashion_bn" },
            new object[] { "tfk2_cifar10_lenet" },
            new object[] { "k3_mnist_keras" },
            new object[] { "k3_fashion_h5" },
        };

        /// <summary>Each model's tensors in Keras get_weights() order, named as in its keras-config.json.</summary>
        internal static WeightSpec[] ExpectedFromConfig(string folder) => folder switch
        {
            // Keras 2.1.6: 3 x (Conv2D 3x3, BatchNormalization), Dense 300, Dense 10; 28 -> 26 -> 13 -> 11 -> 6 -> 4 -> 2, so 2*2*128 = 512 features.
            "k2_fashion_bn" =>
            [
                new WeightSpec("conv2d_1/kernel", 3, 3, 1, 32), new WeightSpec("conv2d_1/bias", 32),
                .. BatchNorm("batch_normalization_1", 32),
                new WeightSpec("conv2d_2/kernel", 3, 3, 32, 64), new WeightSpec("conv2d_2/bias", 64),
                .. BatchNorm("batch_normalization_2", 64),
                new WeightSpec("conv2d_3/kernel", 3, 3, 64, 128), new WeightSpec("conv2d_3/bias", 128),
                .. BatchNorm("batch_normalization_3", 128),
                new WeightSpec("dense_1/kernel", 512, 300), new WeightSpec("dense_1/bias", 300),
                new WeightSpec("dense_2/kernel", 300, 10), new WeightSpec("dense_2/bias", 10),
            ],
            // tf.keras 2.2.4: 32 -> 30 -> 15 -> 13 -> 6, so 6*6*32 = 1152 features.
            "tfk2_cifar10_lenet" => new[]
            {
                new WeightSpec("conv2d/kernel", 3, 3, 3, 16), new WeightSpec("conv2d/bias", 16),
                new WeightSpec("conv2d_1/kernel", 3, 3, 16, 32), new WeightSpec("conv2d_1/bias", 32),
                new WeightSpec("dense/kernel", 1152, 120), new WeightSpec("dense/bias", 120),
                new WeightSpec("dense_1/kernel", 120, 84), new WeightSpec("dense_1/bias", 84),
                new WeightSpec("dense_2/kernel", 84, 10), new WeightSpec("dense_2/bias", 10),
            },
            // Keras 3.14: 28 -> 26 -> 13 -> 11 -> 5, so 5*5*64 = 1600 features.
            "k3_mnist_keras" => Mnist("conv2d", "conv2d_1", "dense", "dense_1"),
            "k3_fashion_h5" => Mnist("conv2d_2", "conv2d_3", "dense_2", "dense_3"),
            _ => throw new ArgumentOutOfRangeException(nameof(folder)),
        };

        internal static WeightSpec[] Mnist(string conv1, string conv2, string dense1, string dense2) => new[]
        {
            new WeightSpec(conv1 + "/kernel", 3, 3, 1, 32), new WeightSpec(conv1 + "/bias", 32),
            new WeightSpec(conv2 + "/kernel", 3, 3, 32, 64), new WeightSpec(conv2 + "/bias", 64),
            new WeightSpec(dense1 + "/kernel", 1600, 128), new WeightSpec(dense1 + "/bias", 128),
            new WeightSpec(dense2 + "/kernel", 128, 10), new WeightSpec(dense2 + "/bias", 10),
        };

        internal static WeightSpec[] BatchNorm(string layer, int channels) => new[]
        {
            new WeightSpec(layer + "/gamma", channels), new WeightSpec(layer + "/beta", channels),
            new WeightSpec(layer + "/moving_mean", channels), new WeightSpec(layer + "/moving_variance", channels),
        };

        /// <summary>The model file of a keras-files folder; skips the test when the folder or file is absent.</summary>
        internal static string ModelFile(string folder)
        {
            string? root = SharedFixtures.KerasFiles;
            Skip.If(root is null, "shared/fixtures/keras-files is absent: " + SharedFixtures.Describe);
            string dir = Path.Combine(root!, folder);
            string? file = new[] { "model.h5", "model.keras" }.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists);
            Skip.If(file is null, $"{dir} holds no model.h5 or model.keras.");
            return file!;
        }

        [SkippableTheory]
        [MemberData(nameof(Files))]
        public void LoadsEveryTensorAsAnIndependentHdf5ReadGivesIt(string folder)
        {
            string file = ModelFile(folder);
            WeightSpec[] expected = ExpectedFromConfig(folder);

            float[] w = WeightReader.LoadKeras(file, expected);

            string dir = Path.GetDirectoryName(file)!;
            using JsonDocument parameters = SharedFixtures.Json(Path.Combine(dir, "params.json"));
            Assert.Equal(parameters.RootElement.GetProperty("totalParams").GetInt32(), w.Length);
            Assert.Equal(expected.Sum(s => s.Length), w.Length);
            Floats.Identical(IndependentRead(file, expected), w, folder);
        }

        /// <summary>
        /// Keras 3's legacy .h5 names its layers conv2d_2, conv2d_3, dense_2, dense_3 (a second model in the same
        /// session); a model naming them conv2d, conv2d_1, dense, dense_1 gets them by order.
        /// </summary>
        [SkippableFact]
        public void LegacyKeras3FileMatchesRenamedLayersByOrder()
        {
            string file = ModelFile("k3_fashion_h5");
            float[] byName = WeightReader.LoadKeras(file, ExpectedFromConfig("k3_fashion_h5"));

            float[] byOrder = WeightReader.LoadKeras(file, Mnist("conv2d", "conv2d_1", "dense", "dense_1"));

            Floats.Identical(byName, byOrder, "k3_fashion_h5 by order");
        }

        /// <summary>
        /// The Keras 2.1.6 file counts from 1 (conv2d_1, conv2d_2, conv2d_3); a model with Keras 3 default names
        /// (conv2d, conv2d_1, conv2d_2) shares some names with it that mean other layers. Matching must not trust
        /// those partial hits: the file's first convolution feeds the model's first.
        /// </summary>
        [SkippableFact]
        public void PartlyOverlappingNamesDoNotMisassignLayers()
        {
            string file = ModelFile("k2_fashion_bn");
            float[] byName = WeightReader.LoadKeras(file, ExpectedFromConfig("k2_fashion_bn"));
            WeightSpec[] keras3Names =
            [
                new WeightSpec("conv2d/kernel", 3, 3, 1, 32), new WeightSpec("conv2d/bias", 32),
                .. BatchNorm("batch_normalization", 32),
                new WeightSpec("conv2d_1/kernel", 3, 3, 32, 64), new WeightSpec("conv2d_1/bias", 64),
                .. BatchNorm("batch_normalization_1", 64),
                new WeightSpec("conv2d_2/kernel", 3, 3, 64, 128), new WeightSpec("conv2d_2/bias", 128),
                .. BatchNorm("batch_normalization_2", 128),
                new WeightSpec("dense/kernel", 512, 300), new WeightSpec("dense/bias", 300),
                new WeightSpec("dense_1/kernel", 300, 10), new WeightSpec("dense_1/bias", 10),
            ];

            float[] byOrder = WeightReader.LoadKeras(file, keras3Names);

            Floats.Identical(byName, byOrder, "k2_fashion_bn with Keras 3 names");
        }

        /// <summary>In a .keras archive, layer order comes from config.json, so any names work.</summary>
        [SkippableFact]
        public void KerasArchiveMatchesUnrelatedNamesInConfigOrder()
        {
            string file = ModelFile("k3_mnist_keras");
            float[] byName = WeightReader.LoadKeras(file, ExpectedFromConfig("k3_mnist_keras"));

            float[] byOrder = WeightReader.LoadKeras(file, Mnist("features_a", "features_b", "head_a", "head_b"));

            Floats.Identical(byName, byOrder, "k3_mnist_keras renamed");
        }

        /// <summary>The archive's model.weights.h5 on its own is a Keras 3 .weights.h5 (no config, layers in name order).</summary>
        [SkippableFact]
        public void BareWeightsH5FromTheArchiveLoadsTheSame()
        {
            string file = ModelFile("k3_mnist_keras");
            float[] reference = WeightReader.LoadKeras(file, ExpectedFromConfig("k3_mnist_keras"));
            using var temp = new TempDir();
            using (ZipArchive zip = ZipFile.OpenRead(file))
            {
                zip.GetEntry("model.weights.h5")!.ExtractToFile(temp.File("model.weights.h5"));
            }

            Floats.Identical(reference, WeightReader.LoadKeras(temp.File("model.weights.h5"), ExpectedFromConfig("k3_mnist_keras")), "by name");
            Floats.Identical(reference, WeightReader.LoadKeras(temp.File("model.weights.h5"), Mnist("c1", "c2", "d1", "d2")), "by shape");
        }

        [SkippableFact]
        public void WrongShapeNamesFileTensorAndBothShapes()
        {
            string file = ModelFile("tfk2_cifar10_lenet");
            WeightSpec[] expected = ExpectedFromConfig("tfk2_cifar10_lenet");
            expected[4] = new WeightSpec("dense/kernel", 1600, 120);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(file, expected));

            Assert.StartsWith(file + ": ", e.Message);
            Assert.Contains("'dense/kernel'", e.Message);
            Assert.Contains("[1600, 120]", e.Message);
            Assert.Contains("[1152, 120]", e.Message);
            Assert.Equal("dense/kernel", e.TensorName);
        }

        [SkippableFact]
        public void WrongShapeWhenMatchedByOrderSaysSo()
        {
            string file = ModelFile("k3_fashion_h5");
            WeightSpec[] expected = Mnist("conv2d", "conv2d_1", "dense", "dense_1");
            expected[2] = new WeightSpec("conv2d_1/kernel", 5, 5, 32, 64);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(file, expected));

            Assert.Contains("'conv2d_1/kernel'", e.Message);
            Assert.Contains("[5, 5, 32, 64]", e.Message);
            Assert.Contains("[3, 3, 32, 64]", e.Message);
            Assert.Contains("conv2d_3", e.Message);
        }

        [SkippableFact]
        public void MissingLayerWhenMatchingByOrderReportsBothLayerLists()
        {
            string file = ModelFile("k3_fashion_h5");
            WeightSpec[] expected = Mnist("conv2d", "conv2d_1", "dense", "dense_1").Take(6).ToArray();

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(file, expected));

            Assert.Contains("4 layers with weights", e.Message);
            Assert.Contains("expects 3", e.Message);
            Assert.Contains("'dense_3'", e.Message);
        }

        [SkippableFact]
        public void MissingBiasWhenMatchingByNameIsAnError()
        {
            string file = ModelFile("tfk2_cifar10_lenet");
            WeightSpec[] expected = ExpectedFromConfig("tfk2_cifar10_lenet").Where(s => s.Name != "dense_2/bias").ToArray();

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(file, expected));

            Assert.Contains("'dense_2'", e.Message);
            Assert.Contains("2 weights", e.Message);
            Assert.Contains("expects 1", e.Message);
        }

        [Fact]
        public void MissingKerasFileNamesIt()
        {
            using var temp = new TempDir();

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("model.h5"), Mnist("a", "b", "c", "d")));

            Assert.Contains(temp.File("model.h5"), e.Message);
            Assert.IsAssignableFrom<FileNotFoundException>(e.InnerException);
        }

        [Fact]
        public void AFileThatIsNotHdf5IsRejected()
        {
            using var temp = new TempDir();
            File.WriteAllBytes(temp.File("model.h5"), new byte[4096]);

            var e = Assert.Throws<WeightFileException>(() => WeightReader.LoadKeras(temp.File("model.h5"), Mnist("a", "b", "c", "d")));

            Assert.StartsWith(temp.File("model.h5") + ": ", e.Message);
            Assert.Contains("HDF5", e.Message);
        }

        /// <summary>Each expected tensor read straight from the dataset meta.json names for it, with PureHDF.</summary>
        private static float[] IndependentRead(string file, WeightSpec[] expected)
        {
            using JsonDocument meta = SharedFixtures.Json(Path.Combine(Path.GetDirectoryName(file)!, "meta.json"));
            var h5Paths = meta.RootElement.GetProperty("weights").EnumerateArray().ToDictionary(
                w => w.GetProperty("layer").GetString() + "/" + w.GetProperty("name").GetString(),
                w => w.GetProperty("h5Path").GetString()!);

            Stream stream;
            if (file.EndsWith(".keras", StringComparison.Ordinal))
            {
                using ZipArchive zip = ZipFile.OpenRead(file);
                var memory = new MemoryStream();
                using (Stream entry = zip.GetEntry("model.weights.h5")!.Open()) entry.CopyTo(memory);
                memory.Position = 0;
                stream = memory;
            }
            else
            {
                stream = File.OpenRead(file);
            }

            using var h5 = H5File.Open(stream, leaveOpen: false);
            var result = new List<float>();
            foreach (WeightSpec spec in expected)
            {
                string path = h5Paths[spec.Name];
                int colon = path.IndexOf(".h5:", StringComparison.Ordinal);
                if (colon >= 0) path = path.Substring(colon + 4);
                IH5Dataset dataset = h5.Dataset(path);
                Assert.Equal(spec.Shape.Select(d => (ulong)d).ToArray(), dataset.Space.Dimensions);
                result.AddRange(dataset.Read<float[]>());
            }

            return result.ToArray();
        }
    }
}
