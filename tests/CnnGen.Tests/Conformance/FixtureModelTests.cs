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
    /// The attribute-declared fixture models against the Keras golden files: outputs, every layer's output, summary
    /// text, weight names and shapes, and parameter counts. Weights come from the fixture's TF.js files, reordered
    /// into Keras get_weights() order, and also through the generated LoadTfjs.
    /// </summary>
    public class FixtureModelTests
    {
        /// <summary>A generated model of a fixture: its type and how to build it from flat Keras-order weights.</summary>
        public sealed record Declared(Type Type, Func<float[], ICnnModel> Create);

        private static Declared Of<T>(Func<float[], T> create) where T : ICnnModel => new Declared(typeof(T), w => create(w));

        /// <summary>Fixture name → the generated model declared as its meta.json spec says.</summary>
        public static readonly IReadOnlyDictionary<string, Declared> Models = new Dictionary<string, Declared>
        {
            ["seed_cnn"] = Of(w => new SeedCnn(w)),
            ["seed_dnn"] = Of(w => new SeedDnn(w)),
            ["same_stride"] = Of(w => new SameStride(w)),
            ["rgb_blocks"] = Of(w => new RgbBlocks(w)),
            ["pool_variants"] = Of(w => new PoolVariants(w)),
            ["activations"] = Of(w => new Activations(w)),
            ["batchnorm_dropout"] = Of(w => new BatchnormDropout(w)),
            ["global_pools"] = Of(w => new GlobalPools(w)),
            ["global_pools_max"] = Of(w => new GlobalPoolsMax(w)),
            ["nonsquare_dilated"] = Of(w => new NonsquareDilated(w)),
            ["depthwise_separable"] = Of(w => new DepthwiseSeparable(w)),
            ["reshape_misc"] = Of(w => new ReshapeMisc(w)),
        };

        public static TheoryData<string> ModelNames => new TheoryData<string>(Models.Keys);

        /// <summary>Every (fixture, layer index) pair.</summary>
        public static TheoryData<string, int> ModelLayers
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (string model in Models.Keys)
                {
                    for (int i = 0; i < KerasFixture.LayerCount(model); i++) data.Add(model, i);
                }
                return data;
            }
        }

        internal static ICnnModel Create(string model) => Models[model].Create(KerasFixture.KerasOrderWeights(model));

        [Fact]
        public void Every_fixture_model_is_declared()
        {
            var folders = SharedFiles.ReadJson(SharedFiles.Keras("index.json")).GetProperty("models").EnumerateArray()
                .Select(m => m.GetProperty("name").GetString()!).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(folders, Models.Keys.OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Output_matches_keras_for_every_input(string model) =>
            AssertOutputMatches(Create(model), model, model + " output");

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void LoadTfjs_matches_weights_by_name_and_gives_the_keras_output(string model)
        {
            ICnnModel loaded = GeneratedModel.LoadTfjs(Models[model].Type, SharedFiles.Keras(model, "model.json"));
            AssertOutputMatches(loaded, model, model + " output after LoadTfjs");
        }

        [Theory]
        [MemberData(nameof(ModelLayers))]
        public void Layer_output_matches_keras(string model, int layer)
        {
            ICnnModel m = Create(model);
            float[] input = KerasFixture.Input(model);
            float[] expected = KerasFixture.LayerOutput(model, layer);
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
                    Assert.Contains(LayerClass(model, layer + 1), new[] { "BatchNormalization", "MaxPooling2D", "ReLU", "Activation" });
                    return;
                }
            }
            Tolerance.AssertAllClose(expected, actual, $"{model} layer {layer}");
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Single_sample_predict_equals_batch_predict(string model)
        {
            ICnnModel m = Create(model);
            float[] input = KerasFixture.Input(model);
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
            ICnnModel m = Create(model);
            string expected = File.ReadAllText(SharedFiles.Keras(model, "summary-tf2.txt"));
            Assert.EndsWith("\n", expected);
            Assert.Equal(expected.Substring(0, expected.Length - 1), m.Summary);
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Parameter_counts_equal_keras(string model)
        {
            var meta = SharedFiles.ReadJson(SharedFiles.Keras(model, "params.json"));
            Type type = Models[model].Type;
            ICnnModel m = Create(model);
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), m.ParameterCount);
            Assert.Equal(meta.GetProperty("trainableParams").GetInt32(), (int)type.GetField("TrainableParameterCount")!.GetValue(null)!);
            Assert.Equal(meta.GetProperty("nonTrainableParams").GetInt32(), (int)type.GetField("NonTrainableParameterCount")!.GetValue(null)!);
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Weight_names_and_shapes_follow_keras_get_weights_order(string model)
        {
            var expected = KerasFixture.KerasWeightNames(model).Select(w => w.Name + " " + string.Join("x", w.Shape));
            var actual = GeneratedModel.WeightSpecs(Models[model].Type).Select(w => w.Name + " " + string.Join("x", w.Shape));
            Assert.Equal(expected, actual);
        }

        internal static void AssertOutputMatches(ICnnModel m, string fixture, string what)
        {
            float[] input = KerasFixture.Input(fixture);
            float[] expected = KerasFixture.Output(fixture);
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, what);
        }

        private static string LayerClass(string model, int index) =>
            SharedFiles.ReadJson(SharedFiles.Keras(model, "params.json")).GetProperty("layers")[index].GetProperty("class").GetString()!;
    }
}
