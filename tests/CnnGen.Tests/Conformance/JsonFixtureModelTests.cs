using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The fixture models declared by their JSON files ([CnnModel(Spec = ...)], Models/JsonFixtureModels.cs): both
    /// the Keras model.to_json() form and the TF.js model.json form give Keras' outputs, summary and counts.
    /// </summary>
    public class JsonFixtureModelTests
    {
        /// <summary>"fixture@file" → the model generated from that file of the fixture.</summary>
        public static readonly IReadOnlyDictionary<string, Func<float[], ICnnModel>> Models = new Dictionary<string, Func<float[], ICnnModel>>
        {
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
            ["batchnorm_dropout@keras-config.json"] = w => new BatchnormDropoutFromKeras(w),
            ["batchnorm_dropout@model.json"] = w => new BatchnormDropoutFromTfjs(w),
            ["global_pools@keras-config.json"] = w => new GlobalPoolsFromKeras(w),
            ["global_pools@model.json"] = w => new GlobalPoolsFromTfjs(w),
            ["global_pools_max@keras-config.json"] = w => new GlobalPoolsMaxFromKeras(w),
            ["global_pools_max@model.json"] = w => new GlobalPoolsMaxFromTfjs(w),
            ["depthwise_separable@keras-config.json"] = w => new DepthwiseSeparableFromKeras(w),
            ["depthwise_separable@model.json"] = w => new DepthwiseSeparableFromTfjs(w),
            ["reshape_misc@keras-config.json"] = w => new ReshapeMiscFromKeras(w),
            ["reshape_misc@model.json"] = w => new ReshapeMiscFromTfjs(w),
        };

        public static TheoryData<string> Keys => new TheoryData<string>(Models.Keys);

        /// <summary>Every (model key, layer index) pair.</summary>
        public static TheoryData<string, int> KeyLayers
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (string key in Models.Keys)
                {
                    for (int i = 0; i < KerasFixture.LayerCount(Fixture(key)); i++) data.Add(key, i);
                }
                return data;
            }
        }

        private static string Fixture(string key) => key.Split('@')[0];

        private static ICnnModel Create(string key) => Models[key](KerasFixture.KerasOrderWeights(Fixture(key)));

        [Theory]
        [MemberData(nameof(Keys))]
        public void Output_matches_keras_for_every_input(string key) =>
            FixtureModelTests.AssertOutputMatches(Create(key), Fixture(key), key + " output");

        [Fact]
        public void Every_fixture_is_declared_through_both_files()
        {
            var expected = FixtureModelTests.Models.Keys.SelectMany(f => new[] { f + "@keras-config.json", f + "@model.json" }).OrderBy(k => k, StringComparer.Ordinal);
            Assert.Equal(expected, Models.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        /// <summary>The generated LoadTfjs reads the fixture's model.json + weights.bin (TF.js manifest order, matched by name).</summary>
        [Theory]
        [MemberData(nameof(Keys))]
        public void LoadTfjs_gives_the_keras_output(string key)
        {
            Type type = Models[key](KerasFixture.KerasOrderWeights(Fixture(key))).GetType();
            ICnnModel loaded = GeneratedModel.LoadTfjs(type, SharedFiles.Keras(Fixture(key), "model.json"));
            FixtureModelTests.AssertOutputMatches(loaded, Fixture(key), key + " output after LoadTfjs");
        }

        [Theory]
        [MemberData(nameof(KeyLayers))]
        public void Layer_output_matches_keras(string key, int layer)
        {
            ICnnModel m = Create(key);
            string fixture = Fixture(key);
            float[] input = KerasFixture.Input(fixture);
            float[] expected = KerasFixture.LayerOutput(fixture, layer);
            int n = input.Length / m.InputLength;
            int length = expected.Length / n;
            var actual = new float[expected.Length];
            GeneratedModel.PredictThrough through = GeneratedModel.Through(m);
            for (int i = 0; i < n; i++)
            {
                if (!through(layer, input.AsSpan(i * m.InputLength, m.InputLength), actual.AsSpan(i * length, length)))
                {
                    // The next layer, a BatchNormalization or activation (folded) or a MaxPooling2D (fused), is computed inside this one: its own
                    // output never exists. The C# 7.3 scalar forms (LegacyFormTests) and the unfused variants check it.
                    Assert.Contains(SharedFiles.ReadJson(SharedFiles.Keras(fixture, "params.json")).GetProperty("layers")[layer + 1].GetProperty("class").GetString(), new[] { "BatchNormalization", "MaxPooling2D", "ReLU", "Activation" });
                    return;
                }
            }
            Tolerance.AssertAllClose(expected, actual, $"{key} layer {layer}");
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Summary_equals_keras_tf2_summary(string key)
        {
            string expected = File.ReadAllText(SharedFiles.Keras(Fixture(key), "summary-tf2.txt"));
            Assert.Equal(expected.Substring(0, expected.Length - 1), Create(key).Summary);
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Parameter_count_equals_keras(string key)
        {
            var meta = SharedFiles.ReadJson(SharedFiles.Keras(Fixture(key), "params.json"));
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), Create(key).ParameterCount);
        }
    }
}
