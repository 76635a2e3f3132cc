using System;
using System.Collections.Generic;
using System.IO;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The attribute-declared fixture models against the Keras golden files: outputs, summary text and
    /// parameter counts. Weights come from the fixture's TF.js files.
    /// </summary>
    public class FixtureModelTests
    {
        /// <summary>Fixture name → the generated model, built from flat Keras-order weights.</summary>
        public static readonly IReadOnlyDictionary<string, Func<float[], ICnnModel>> Models = new Dictionary<string, Func<float[], ICnnModel>>
        {
            // The same models declared by their JSON files ([CnnModel(Spec = ...)], Models/JsonFixtureModels.cs).
            ["seed_cnn@keras-config.json"] = w => new SeedCnnFromKeras(w),
            ["seed_cnn@model.json"] = w => new SeedCnnFromTfjs(w),
            ["seed_dnn@keras-config.json"] = w => new SeedDnnFromKeras(w),
            ["seed_dnn@model.json"] = w => new SeedDnnFromTfjs(w),
            ["same_stride@keras-config.json"] = w => new SameStrideFromKeras(w),
            ["same_stride@model.json"] = w => new SameStrideFromTfjs(w),
            ["pool_variants@keras-config.json"] = w => new PoolVariantsFromKeras(w),
            ["pool_variants@model.json"] = w => new PoolVariantsFromTfjs(w),
            ["activations@keras-config.json"] = w => new ActivationsFromKeras(w),
            ["activations@model.json"] = w => new ActivationsFromTfjs(w),
            ["rgb_blocks@keras-config.json"] = w => new RgbBlocksFromKeras(w),
            ["rgb_blocks@model.json"] = w => new RgbBlocksFromTfjs(w),
            ["nonsquare_dilated@keras-config.json"] = w => new NonsquareDilatedFromKeras(w),
            ["nonsquare_dilated@model.json"] = w => new NonsquareDilatedFromTfjs(w),
            // Declared by attributes (Models/FixtureModels.cs).
            ["seed_cnn"] = w => new SeedCnn(w),
            ["seed_dnn"] = w => new SeedDnn(w),
            ["same_stride"] = w => new SameStride(w),
            ["pool_variants"] = w => new PoolVariants(w),
            ["activations"] = w => new Activations(w),
        };

        /// <summary>"model@variant" names another declaration of the same fixture model.</summary>
        private static string Fixture(string key) => key.Split('@')[0];

        public static TheoryData<string> ModelNames => new TheoryData<string>(Models.Keys);

        /// <summary>The weights of a fixture in Keras get_weights() order (for these models, the manifest order).</summary>
        internal static float[] KerasOrderWeights(string model) => SharedFiles.ReadFloats(SharedFiles.Keras(model, "weights.bin"));

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Output_matches_keras_for_every_input(string key)
        {
            string model = Fixture(key);
            ICnnModel m = Models[key](KerasOrderWeights(model));
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras(model, "input.bin"));
            float[] expected = SharedFiles.ReadFloats(SharedFiles.Keras(model, "output.bin"));
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, model + " output");
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Single_sample_predict_equals_batch_predict(string key)
        {
            string model = Fixture(key);
            ICnnModel m = Models[key](KerasOrderWeights(model));
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras(model, "input.bin"));
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
        public void Summary_equals_keras_tf2_summary(string key)
        {
            string model = Fixture(key);
            ICnnModel m = Models[key](KerasOrderWeights(model));
            string expected = File.ReadAllText(SharedFiles.Keras(model, "summary-tf2.txt"));
            Assert.EndsWith("\n", expected);
            Assert.Equal(expected.Substring(0, expected.Length - 1), m.Summary);
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Parameter_count_equals_keras(string key)
        {
            string model = Fixture(key);
            var meta = SharedFiles.ReadJson(SharedFiles.Keras(model, "params.json"));
            ICnnModel m = Models[key](KerasOrderWeights(model));
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), m.ParameterCount);
            Assert.Equal(KerasOrderWeights(model).Length, m.ParameterCount);
        }
    }
}
