using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using PureHDF;
using PureHDF.VOL.Native;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// Models declared by the config stored in real Keras files (shared/fixtures/keras-files: Keras 2.1.6 .h5 with
    /// BatchNormalization, tf.keras 2.2.4 .h5, Keras 3 .h5 and .keras), generated through [CnnModel(Spec = ...)],
    /// loaded with the generated <c>LoadKeras(model file)</c> and run on the fixture inputs. The files are read where
    /// they are (never copied into the repository); without shared/fixtures/keras-files the tests are skipped.
    /// </summary>
    public class KerasFileModelTests
    {
        private sealed record Case(Func<float[], ICnnModel> Create, Func<string, ICnnModel> LoadKeras, Func<string, ICnnModel> LoadTfjs,
            IReadOnlyList<WeightSpec> Specs, string WeightFile);

        private static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
        {
#if CNNGEN_KERAS_FILES
            ["k2_fashion_bn"] = new Case(w => new FashionBnFromKeras2(w), p => FashionBnFromKeras2.LoadKeras(p), p => FashionBnFromKeras2.LoadTfjs(p),
                FashionBnFromKeras2.WeightSpecs, "model.h5"),
            ["tfk2_cifar10_lenet"] = new Case(w => new Cifar10LeNetFromKeras2(w), p => Cifar10LeNetFromKeras2.LoadKeras(p), p => Cifar10LeNetFromKeras2.LoadTfjs(p),
                Cifar10LeNetFromKeras2.WeightSpecs, "model.h5"),
            ["k3_mnist_keras"] = new Case(w => new MnistFromKeras3(w), p => MnistFromKeras3.LoadKeras(p), p => MnistFromKeras3.LoadTfjs(p),
                MnistFromKeras3.WeightSpecs, "model.keras"),
            ["k3_fashion_h5"] = new Case(w => new FashionFromKeras3H5(w), p => FashionFromKeras3H5.LoadKeras(p), p => FashionFromKeras3H5.LoadTfjs(p),
                FashionFromKeras3H5.WeightSpecs, "model.h5"),
#endif
        };

        public static TheoryData<string> Names => new TheoryData<string>(Cases.Keys);

        internal static string Folder => Path.Combine(SharedFiles.Root, "fixtures", "keras-files");

        internal static string File(string model, string file) => Path.Combine(Folder, model, file);

        [KerasFilesFact]
        public void Every_keras_file_is_declared()
        {
            var folders = SharedFiles.ReadJson(Path.Combine(Folder, "index.json")).GetProperty("models").EnumerateArray()
                .Select(m => m.GetProperty("name").GetString()!).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(folders, Cases.Keys.OrderBy(n => n, StringComparer.Ordinal));
        }

        /// <summary>The generated LoadKeras reads the original file; the model reproduces output.bin (and output-uniform.bin).</summary>
        [KerasFilesTheory]
        [MemberData(nameof(Names))]
        public void LoadKeras_output_matches_keras_for_every_input(string model)
        {
            Case c = Cases[model];
            AssertOutputs(c.LoadKeras(File(model, c.WeightFile)), model, "after LoadKeras");
        }

        [KerasFilesTheory]
        [MemberData(nameof(Names))]
        public void Parameter_count_equals_keras(string model)
        {
            var meta = SharedFiles.ReadJson(File(model, "params.json"));
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), Cases[model].Create(new float[TotalOf(Cases[model].Specs)]).ParameterCount);
        }

        /// <summary>
        /// LoadKeras against an independent read: every dataset params.json lists, read with PureHDF at its HDF5 path
        /// (inside the zip for .keras) in Keras get_weights() order, gives the same floats, and the raw constructor fed
        /// with them the same outputs bit for bit.
        /// </summary>
        [KerasFilesTheory]
        [MemberData(nameof(Names))]
        public void LoadKeras_equals_the_raw_constructor_fed_from_PureHDF_reads(string model)
        {
            Case c = Cases[model];
            float[] raw = RawWeights(model).SelectMany(w => w.Values).ToArray();
            Assert.Equal(raw, WeightReader.LoadKeras(File(model, c.WeightFile), c.Specs));
            AssertIdentical(c.Create(raw), c.LoadKeras(File(model, c.WeightFile)), model + " raw vs LoadKeras");
        }

        /// <summary>
        /// "TF.js and Keras files give identical models". The fixtures hold no TF.js export of these files, so the test
        /// makes one as tensorflowjs_converter would: model.json (modelTopology = the file's own config, a weightsManifest
        /// in TF.js order: trainable weights first, BatchNormalization moving statistics last) and weights.bin, from the
        /// PureHDF reads, in a temporary folder. LoadTfjs of that and LoadKeras of the original give bit-identical outputs.
        /// </summary>
        [KerasFilesTheory]
        [MemberData(nameof(Names))]
        public void Tfjs_and_keras_files_give_identical_models(string model)
        {
            Case c = Cases[model];
            List<RawWeight> weights = RawWeights(model);
            List<RawWeight> manifestOrder = weights.Where(w => w.Trainable).Concat(weights.Where(w => !w.Trainable)).ToList();
            string folder = Path.Combine(Path.GetTempPath(), "cnngen-tfjs-" + model + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using (var bin = new BinaryWriter(System.IO.File.Create(Path.Combine(folder, "weights.bin"))))
                {
                    foreach (RawWeight w in manifestOrder)
                    {
                        foreach (float v in w.Values) bin.Write(v);
                    }
                }
                var json = new StringBuilder();
                json.Append("{\"format\": \"layers-model\", \"modelTopology\": ").Append(System.IO.File.ReadAllText(File(model, "keras-config.json")));
                json.Append(", \"weightsManifest\": [{\"paths\": [\"weights.bin\"], \"weights\": [");
                json.Append(string.Join(", ", manifestOrder.Select(w =>
                    $"{{\"name\": {JsonSerializer.Serialize(w.Name)}, \"shape\": [{string.Join(", ", w.Shape)}], \"dtype\": \"float32\"}}")));
                json.Append("]}]}");
                string modelJson = Path.Combine(folder, "model.json");
                System.IO.File.WriteAllText(modelJson, json.ToString());

                Assert.Equal(WeightReader.LoadKeras(File(model, c.WeightFile), c.Specs), WeightReader.LoadTfjs(modelJson, c.Specs));
                ICnnModel fromTfjs = c.LoadTfjs(modelJson);
                AssertIdentical(fromTfjs, c.LoadKeras(File(model, c.WeightFile)), model + " LoadTfjs vs LoadKeras");
                AssertOutputs(fromTfjs, model, "after LoadTfjs of the converted files");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private sealed record RawWeight(string Name, int[] Shape, bool Trainable, float[] Values);

        /// <summary>Every weight params.json lists, in its order (Keras get_weights()), read with PureHDF at its h5Path.</summary>
        private static List<RawWeight> RawWeights(string model)
        {
            Case c = Cases[model];
            string path = File(model, c.WeightFile);
            var result = new List<RawWeight>();
            MemoryStream? archived = null;
            if (path.EndsWith(".keras", StringComparison.Ordinal))
            {
                using ZipArchive zip = ZipFile.OpenRead(path);
                archived = new MemoryStream();
                using (Stream entry = zip.GetEntry("model.weights.h5")!.Open()) entry.CopyTo(archived);
                archived.Position = 0;
            }
            using NativeFile file = archived != null ? H5File.Open(archived, leaveOpen: false) : H5File.OpenRead(path);
            foreach (JsonElement layer in SharedFiles.ReadJson(File(model, "params.json")).GetProperty("layers").EnumerateArray())
            {
                string layerName = layer.GetProperty("name").GetString()!;
                foreach (JsonElement w in layer.GetProperty("weights").EnumerateArray())
                {
                    string h5Path = w.GetProperty("h5Path").GetString()!;
                    int colon = h5Path.IndexOf(".h5:", StringComparison.Ordinal);
                    if (colon >= 0) h5Path = h5Path.Substring(colon + 4);
                    int[] shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                    float[] values = file.Dataset(h5Path).Read<float[]>();
                    Assert.Equal(shape.Aggregate(1, (a, b) => a * b), values.Length);
                    result.Add(new RawWeight(layerName + "/" + w.GetProperty("name").GetString(), shape, w.GetProperty("trainable").GetBoolean(), values));
                }
            }
            return result;
        }

        private static void AssertOutputs(ICnnModel m, string model, string what)
        {
            foreach (string suffix in new[] { "", "-uniform" })
            {
                string inputPath = File(model, "input" + suffix + ".bin");
                if (!System.IO.File.Exists(inputPath)) continue;
                float[] input = SharedFiles.ReadFloats(inputPath);
                float[] expected = SharedFiles.ReadFloats(File(model, "output" + suffix + ".bin"));
                Tolerance.AssertAllClose(expected, Predict(m, input), $"{model} output{suffix} {what}");
            }
        }

        private static void AssertIdentical(ICnnModel a, ICnnModel b, string what)
        {
            foreach (string suffix in new[] { "", "-uniform" })
            {
                string inputPath = File(what.Split(' ')[0], "input" + suffix + ".bin");
                if (!System.IO.File.Exists(inputPath)) continue;
                float[] input = SharedFiles.ReadFloats(inputPath);
                Assert.True(Predict(a, input).SequenceEqual(Predict(b, input)), what + ": outputs differ for input" + suffix);
            }
        }

        private static float[] Predict(ICnnModel m, float[] input)
        {
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            return actual;
        }

        private static int TotalOf(IReadOnlyList<WeightSpec> specs)
        {
            int n = 0;
            foreach (WeightSpec s in specs) n += s.Length;
            return n;
        }
    }
}
