using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The Keras functional (graph) fixtures of shared/fixtures/keras-functional, each declared through its three JSON
    /// forms (tf.keras 2, Keras 3, TF.js model.json): the output and every layer call's output equal Keras' within the
    /// conformance tolerance, the summary equals TF 2.x's byte for byte, the parameter counts are Keras', and the generated
    /// LoadTfjs reads the fixture's weights by name.
    /// </summary>
    public class FunctionalFixtureTests
    {
        /// <summary>"fixture@file" → the model generated from that file of the fixture.</summary>
        public static readonly IReadOnlyDictionary<string, Func<float[], ICnnModel>> Models = new Dictionary<string, Func<float[], ICnnModel>>
        {
            ["resnet_basic@keras-config.json"] = w => new ResnetBasicFromKeras(w),
            ["resnet_basic@keras3-config.json"] = w => new ResnetBasicFromKeras3(w),
            ["resnet_basic@model.json"] = w => new ResnetBasicFromTfjs(w),
            ["mobilenetv2_blocks@keras-config.json"] = w => new Mobilenetv2BlocksFromKeras(w),
            ["mobilenetv2_blocks@keras3-config.json"] = w => new Mobilenetv2BlocksFromKeras3(w),
            ["mobilenetv2_blocks@model.json"] = w => new Mobilenetv2BlocksFromTfjs(w),
            ["inception_concat@keras-config.json"] = w => new InceptionConcatFromKeras(w),
            ["inception_concat@keras3-config.json"] = w => new InceptionConcatFromKeras3(w),
            ["inception_concat@model.json"] = w => new InceptionConcatFromTfjs(w),
            ["squeeze_excite@keras-config.json"] = w => new SqueezeExciteFromKeras(w),
            ["squeeze_excite@keras3-config.json"] = w => new SqueezeExciteFromKeras3(w),
            ["squeeze_excite@model.json"] = w => new SqueezeExciteFromTfjs(w),
            ["merge_zoo@keras-config.json"] = w => new MergeZooFromKeras(w),
            ["merge_zoo@keras3-config.json"] = w => new MergeZooFromKeras3(w),
            ["merge_zoo@model.json"] = w => new MergeZooFromTfjs(w),
            ["unet_tiny@keras-config.json"] = w => new UnetTinyFromKeras(w),
            ["unet_tiny@keras3-config.json"] = w => new UnetTinyFromKeras3(w),
            ["unet_tiny@model.json"] = w => new UnetTinyFromTfjs(w),
            ["shared_layer@keras-config.json"] = w => new SharedLayerFromKeras(w),
            ["shared_layer@keras3-config.json"] = w => new SharedLayerFromKeras3(w),
            ["shared_layer@model.json"] = w => new SharedLayerFromTfjs(w),
            ["plain_chain@keras-config.json"] = w => new PlainChainFromKeras(w),
            ["plain_chain@keras3-config.json"] = w => new PlainChainFromKeras3(w),
            ["plain_chain@model.json"] = w => new PlainChainFromTfjs(w),
        };

        public static TheoryData<string> Keys => new TheoryData<string>(Models.Keys);

        public static TheoryData<string> FixtureNames => new TheoryData<string>(Models.Keys.Select(Fixture).Distinct());

        /// <summary>Every (model key, layer call file) pair of the fixtures' meta.json, the InputLayer's excepted.</summary>
        public static TheoryData<string, string> KeyLayers
        {
            get
            {
                var data = new TheoryData<string, string>();
                foreach (string key in Models.Keys)
                {
                    foreach (JsonElement layer in Meta(Fixture(key)).GetProperty("layers").EnumerateArray())
                    {
                        if (layer.GetProperty("class").GetString() != "InputLayer") data.Add(key, layer.GetProperty("file").GetString()!);
                    }
                }
                return data;
            }
        }

        /// <summary>A file of a functional fixture: shared/fixtures/keras-functional, or this repository's keras-graph-extra (options the shared ones leave out).</summary>
        internal static string Path(string model, string file = "")
        {
            string shared = System.IO.Path.Combine(SharedFiles.Root, "fixtures", "keras-functional", model);
            string folder = Directory.Exists(shared) ? shared : System.IO.Path.Combine(RepoFiles.Root, "tests", "CnnGen.Tests", "Fixtures", "keras-graph-extra", model);
            return System.IO.Path.Combine(folder, file);
        }

        private static string Fixture(string key) => key.Split('@')[0];

        private static JsonElement Meta(string model) => SharedFiles.ReadJson(Path(model, "meta.json"));

        /// <summary>The weights in Keras get_weights() order (params.json, layer by layer), picked by name out of weights.bin (TF.js manifest order).</summary>
        internal static float[] KerasOrderWeights(string model)
        {
            float[] manifestOrder = SharedFiles.ReadFloats(Path(model, "weights.bin"));
            var entries = Meta(model).GetProperty("weights").GetProperty("entries").EnumerateArray()
                .ToDictionary(e => e.GetProperty("name").GetString()!, e => (Offset: e.GetProperty("offset").GetInt32() / 4, Length: e.GetProperty("byteLength").GetInt32() / 4));
            var result = new List<float>();
            foreach (JsonElement layer in SharedFiles.ReadJson(Path(model, "params.json")).GetProperty("layers").EnumerateArray())
            {
                foreach (JsonElement w in layer.GetProperty("weights").EnumerateArray())
                {
                    var (offset, length) = entries[w.GetProperty("name").GetString()!];
                    result.AddRange(manifestOrder.AsSpan(offset, length).ToArray());
                }
            }
            Assert.Equal(manifestOrder.Length, result.Count);
            return result.ToArray();
        }

        private static ICnnModel Create(string key) => Models[key](KerasOrderWeights(Fixture(key)));

        internal static void AssertOutputMatches(ICnnModel m, string model, string what)
        {
            float[] input = SharedFiles.ReadFloats(Path(model, "input.bin"));
            float[] expected = SharedFiles.ReadFloats(Path(model, "output.bin"));
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, what);
            // One sample at a time gives the same.
            var one = new float[m.OutputLength];
            for (int i = 0; i < n; i++)
            {
                m.Predict(input.AsSpan(i * m.InputLength, m.InputLength), one);
                Assert.True(one.AsSpan().SequenceEqual(actual.AsSpan(i * m.OutputLength, m.OutputLength)), $"{what}: sample {i} alone differs from the batch");
            }
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Output_matches_keras_for_every_input(string key) => AssertOutputMatches(Create(key), Fixture(key), key + " output");

        [Theory]
        [MemberData(nameof(Keys))]
        public void LoadTfjs_gives_the_keras_output(string key)
        {
            Type type = Create(key).GetType();
            AssertOutputMatches(GeneratedModel.LoadTfjs(type, Path(Fixture(key), "model.json")), Fixture(key), key + " output after LoadTfjs");
        }

        [Theory]
        [MemberData(nameof(KeyLayers))]
        public void Layer_output_matches_keras(string key, string file) => AssertLayerMatches(Create(key), Fixture(key), file, key);

        /// <summary>Every layer call's output of the fixture (meta.json's files, the InputLayer's excepted).</summary>
        internal static void AssertEveryLayerMatches(ICnnModel m, string fixture, string what)
        {
            foreach (JsonElement layer in Meta(fixture).GetProperty("layers").EnumerateArray())
            {
                if (layer.GetProperty("class").GetString() != "InputLayer") AssertLayerMatches(m, fixture, layer.GetProperty("file").GetString()!, what);
            }
        }

        /// <summary>
        /// One layer call's output (the model's <c>IndexOfCall</c> finds it by Keras name and call) for every input; a call
        /// computed inside the next layer's code (a folded BatchNormalization or activation, a fused pooling) has no output of
        /// its own, and the next one's file checks both.
        /// </summary>
        internal static void AssertLayerMatches(ICnnModel m, string fixture, string file, string what)
        {
            JsonElement layer = Meta(fixture).GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("file").GetString() == file);
            string name = layer.GetProperty("name").GetString()!;
            int index = (int)m.GetType().GetMethod("IndexOfCall", BindingFlags.Static | BindingFlags.NonPublic)!
                .Invoke(null, new object[] { name, layer.GetProperty("node").GetInt32() })!;
            Assert.True(index >= 0, $"{what}: no call {layer.GetProperty("node").GetInt32()} of layer {name}");
            float[] input = SharedFiles.ReadFloats(Path(fixture, "input.bin"));
            float[] expected = SharedFiles.ReadFloats(Path(fixture, file));
            int n = input.Length / m.InputLength, length = expected.Length / n;
            var actual = new float[expected.Length];
            GeneratedModel.PredictThrough through = GeneratedModel.Through(m);
            for (int i = 0; i < n; i++)
            {
                if (!through(index, input.AsSpan(i * m.InputLength, m.InputLength), actual.AsSpan(i * length, length)))
                {
                    string next = SharedFiles.ReadJson(Path(fixture, "params.json")).GetProperty("layers").EnumerateArray()
                        .Single(l => l.GetProperty("inboundNodes").EnumerateArray().Any(node => node.EnumerateArray().Any(t => t[0].GetString() == name)))
                        .GetProperty("class").GetString()!;
                    Assert.Contains(next, new[] { "BatchNormalization", "MaxPooling2D", "ReLU", "Activation" });
                    return;
                }
            }
            Tolerance.AssertAllClose(expected, actual, $"{what} {file}");
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Summary_equals_keras_tf2_summary(string key)
        {
            string expected = File.ReadAllText(Path(Fixture(key), "summary-tf2.txt"));
            Assert.Equal(expected.Substring(0, expected.Length - 1), Create(key).Summary);
        }

        [Theory]
        [MemberData(nameof(Keys))]
        public void Parameter_counts_equal_keras(string key)
        {
            JsonElement p = SharedFiles.ReadJson(Path(Fixture(key), "params.json"));
            ICnnModel m = Create(key);
            Assert.Equal(p.GetProperty("totalParams").GetInt32(), m.ParameterCount);
            Assert.Equal(p.GetProperty("trainableParams").GetInt32(), (int)m.GetType().GetField("TrainableParameterCount")!.GetRawConstantValue()!);
        }

        /// <summary>A graph's Predict allocates nothing after warm-up: its planned buffer is the thread's scratch, made once.</summary>
        [Theory]
        [MemberData(nameof(FixtureNames))]
        public void Predict_allocates_nothing_after_warm_up(string fixture)
        {
            string key = fixture + "@keras-config.json";
            ICnnModel m = Create(key);
            float[] input = SharedFiles.ReadFloats(Path(Fixture(key), "input.bin"));
            int n = input.Length / m.InputLength;
            var output = new float[n * m.OutputLength];
            for (int i = 0; i < 50; i++)
            {
                m.Predict(input.AsSpan(0, m.InputLength), output.AsSpan(0, m.OutputLength));
                m.Predict(input, output, n);
            }
            long allocated = Allocations.OnThisThread(() =>
            {
                m.Predict(input.AsSpan(0, m.InputLength), output.AsSpan(0, m.OutputLength));
                m.Predict(input, output, n);
            });
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Every_fixture_is_declared_through_its_three_files()
        {
            var fixtures = SharedFiles.ReadJson(System.IO.Path.Combine(SharedFiles.Root, "fixtures", "keras-functional", "index.json"));
            var names = (fixtures.ValueKind == JsonValueKind.Array ? fixtures : fixtures.GetProperty("models")).EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetProperty("name").GetString()!);
            var expected = names.SelectMany(f => new[] { f + "@keras-config.json", f + "@keras3-config.json", f + "@model.json" }).OrderBy(k => k, StringComparer.Ordinal);
            Assert.Equal(expected, Models.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }
    }
}
