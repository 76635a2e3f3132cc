using System;
using System.Collections.Generic;
using System.IO;
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
        };

        public static TheoryData<string> Keys => new TheoryData<string>(Models.Keys);

        private static string Fixture(string key) => key.Split('@')[0];

        private static ICnnModel Create(string key) => Models[key](KerasFixture.KerasOrderWeights(Fixture(key)));

        [Theory]
        [MemberData(nameof(Keys))]
        public void Output_matches_keras_for_every_input(string key) =>
            FixtureModelTests.AssertOutputMatches(Create(key), Fixture(key), key + " output");

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
