using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using CnnGen;
using LegacyLibrary;
using Xunit;

namespace ConsumerTests
{
    /// <summary>
    /// What a user of the CnnGen package gets: each way of declaring a model predicts what Keras predicted, element by
    /// element, within |ours - keras| &lt;= 1e-5 + 1e-4 * |keras| (the shared fixtures' outputs).
    /// </summary>
    public class ConsumerTests
    {
        private static readonly string Shared = typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CnnGenShared").Value!;

        private static string Fixture(string model, string file) => Path.Combine(Shared, "fixtures", "keras", model, file);

        private static float[] Floats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

        private static void AssertMatchesKeras(ICnnModel model, string fixture)
        {
            float[] input = Floats(Fixture(fixture, "input.bin"));
            float[] expected = Floats(Fixture(fixture, "output.bin"));
            int samples = input.Length / model.InputLength;
            Assert.Equal(samples * model.OutputLength, expected.Length);
            var output = new float[expected.Length];
            model.Predict(input, output, samples);
            for (int i = 0; i < expected.Length; i++)
            {
                double tolerance = 1e-5 + 1e-4 * Math.Abs(expected[i]);
                Assert.True(Math.Abs(output[i] - expected[i]) <= tolerance, $"{fixture} output {i}: ours {output[i]:R}, Keras {expected[i]:R}");
            }
        }

        [Fact]
        public void An_attribute_model_loads_TF_js_weights_and_predicts_what_Keras_predicted()
        {
            string summary = SeedCnn.Summary;
            Assert.Equal(File.ReadAllText(Fixture("seed_cnn", "summary-tf2.txt")).TrimEnd().Replace("\r\n", "\n"), summary);
            AssertMatchesKeras(SeedCnn.LoadTfjs(Fixture("seed_cnn", "model.json")), "seed_cnn");
        }

        [Fact]
        public void A_Spec_model_declared_by_a_Keras_config_predicts_what_Keras_predicted()
        {
            AssertMatchesKeras(BatchNormDropout.LoadTfjs(Fixture("batchnorm_dropout", "model.json")), "batchnorm_dropout");
        }

        [Fact]
        public void An_embedded_weights_model_reads_no_file_and_predicts_what_Keras_predicted()
        {
            var embedded = new EmbeddedSeedCnn();
            AssertMatchesKeras(embedded, "seed_cnn");
            // The bytes are in the assembly as they are: a manifest resource exactly the file's size.
            string resource = Assert.Single(typeof(EmbeddedSeedCnn).Assembly.GetManifestResourceNames(), n => n.EndsWith("seed_cnn_weights.bin", StringComparison.Ordinal));
            using Stream stream = typeof(EmbeddedSeedCnn).Assembly.GetManifestResourceStream(resource)!;
            Assert.Equal(new FileInfo(Fixture("seed_cnn", "weights.bin")).Length, stream.Length);
        }

        [Fact]
        public void A_20_MB_embedded_model_equals_the_same_weights_loaded_from_the_file_and_the_assembly_grows_by_their_size_only()
        {
            string path = typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BigWeights").Value!;
            long weightBytes = new FileInfo(path).Length;
            Assert.True(weightBytes >= 20_000_000, $"{weightBytes} bytes");
            var embedded = new BigDense();
            var loaded = new BigDense(WeightReader.LoadRaw(path, BigDense.WeightSpecs));
            var input = new float[BigDense.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = (i % 17 - 8) / 8f;
            var a = new float[BigDense.OutputLength];
            var b = new float[BigDense.OutputLength];
            embedded.Predict(input, a);
            loaded.Predict(input, b);
            Assert.Equal(b, a);
            Assert.Contains(a, v => v != 0);

            // Each embedded weight file is in the assembly once, as it is (a resource of exactly its size), so the assembly
            // is the weights plus the code (about 1.5 MB here: four generated models and the tests): within 1.05x the
            // weights plus 2 MB. A second copy (say, a base64 constant) would more than double it.
            long assembly = new FileInfo(typeof(BigDense).Assembly.Location).Length;
            long embeddedBytes = weightBytes + new FileInfo(Fixture("seed_cnn", "weights.bin")).Length;
            Assembly self = typeof(BigDense).Assembly;
            Assert.Equal(embeddedBytes, self.GetManifestResourceNames().Sum(n => self.GetManifestResourceStream(n)!.Length));
            Assert.True(assembly <= embeddedBytes * 1.05 + 2_000_000, $"assembly {assembly} bytes for {embeddedBytes} bytes of embedded weights");
        }

        [Fact]
        public void A_netstandard2_0_CSharp_7_3_library_model_predicts_what_Keras_predicted()
        {
            AssertMatchesKeras(LegacySeedCnn.LoadTfjs(Fixture("seed_cnn", "model.json")), "seed_cnn");
            AssertMatchesKeras(new LegacySeedDnn(), "seed_dnn");
        }
    }
}
