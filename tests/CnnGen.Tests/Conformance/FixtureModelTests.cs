using System;
using System.Collections.Generic;
using System.IO;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The fixture models against the Keras golden files: outputs, summary text and parameter counts. Each is
    /// declared by attributes (key = fixture name) and by its JSON files (key = fixture/file: Keras
    /// keras-config.json and TF.js model.json, through [CnnModel(Spec = ...)]). Weights come from the fixture's
    /// TF.js files.
    /// </summary>
    public class FixtureModelTests
    {
        /// <summary>Fixture name (or fixture/spec file) → the generated model, built from flat Keras-order weights.</summary>
        public static readonly IReadOnlyDictionary<string, Func<float[], ICnnModel>> Models = new Dictionary<string, Func<float[], ICnnModel>>
        {
            ["seed_cnn"] = w => new SeedCnn(w),
            ["seed_dnn"] = w => new SeedDnn(w),
            ["same_stride"] = w => new SameStride(w),
            ["pool_variants"] = w => new PoolVariants(w),
            ["activations"] = w => new Activations(w),
            ["seed_cnn/keras-config.json"] = w => new SeedCnnFromKeras(w),
            ["seed_cnn/model.json"] = w => new SeedCnnFromTfjs(w),
            ["seed_dnn/keras-config.json"] = w => new SeedDnnFromKeras(w),
            ["seed_dnn/model.json"] = w => new SeedDnnFromTfjs(w),
            ["same_stride/keras-config.json"] = w => new SameStrideFromKeras(w),
            ["same_stride/model.json"] = w => new SameStrideFromTfjs(w),
            ["pool_variants/keras-config.json"] = w => new PoolVariantsFromKeras(w),
            ["pool_variants/model.json"] = w => new PoolVariantsFromTfjs(w),
            ["activations/keras-config.json"] = w => new ActivationsFromKeras(w),
            ["activations/model.json"] = w => new ActivationsFromTfjs(w),
            ["rgb_blocks/keras-config.json"] = w => new RgbBlocksFromKeras(w),
            ["rgb_blocks/model.json"] = w => new RgbBlocksFromTfjs(w),
            ["nonsquare_dilated/keras-config.json"] = w => new NonsquareDilatedFromKeras(w),
            ["nonsquare_dilated/model.json"] = w => new NonsquareDilatedFromTfjs(w),
        };

        /// <summary>The fixture folder of a key: "seed_cnn/model.json" → "seed_cnn".</summary>
        internal static string Fixture(string key) => key.Split('/')[0];

        public static TheoryData<string> ModelNames => new TheoryData<string>(Models.Keys);

        /// <summary>The weights of a fixture in Keras get_weights() order (for these models, the manifest order).</summary>
        internal static float[] KerasOrderWeights(string model) => SharedFiles.ReadFloats(SharedFiles.Keras(Fixture(model), "weights.bin"));

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Output_matches_keras_for_every_input(string model)
        {
            ICnnModel m = Models[model](KerasOrderWeights(Fixture(model)));
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras(Fixture(model), "input.bin"));
            float[] expected = SharedFiles.ReadFloats(SharedFiles.Keras(Fixture(model), "output.bin"));
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, model + " output");
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Single_sample_predict_equals_batch_predict(string model)
        {
            ICnnModel m = Models[model](KerasOrderWeights(Fixture(model)));
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras(Fixture(model), "input.bin"));
            int n = input.Length / m.InputLength;
            var batch = new float[n * m.OutputLength];
            m.Predict(input, batch, n);
            var one = new float[m.OutputLength];
            for (int i = 0; i < n; i++)
            {
                m.Predict(input.AsSpan(i * m.InputLength, m.InputLength), one);
                Assert.Equal(batch.AsSpan(i * m.OutputLength, m.OutputLength).ToArray(), one);
            }
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Summary_equals_keras_tf2_summary(string model)
        {
            ICnnModel m = Models[model](KerasOrderWeights(Fixture(model)));
            string expected = File.ReadAllText(SharedFiles.Keras(Fixture(model), "summary-tf2.txt"));
            Assert.EndsWith("\n", expected);
            Assert.Equal(expected.Substring(0, expected.Length - 1), m.Summary);
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Parameter_count_equals_keras(string model)
        {
            var meta = SharedFiles.ReadJson(SharedFiles.Keras(Fixture(model), "params.json"));
            ICnnModel m = Models[model](KerasOrderWeights(Fixture(model)));
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), m.ParameterCount);
            Assert.Equal(KerasOrderWeights(Fixture(model)).Length, m.ParameterCount);
        }
    }
}
