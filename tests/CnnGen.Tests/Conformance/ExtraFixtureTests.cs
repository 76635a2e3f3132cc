using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The models of Fixtures/keras-extra (made by make-extra-fixtures.js with tfjs 4.22.0, like the shared fixtures)
    /// in all three forms against their golden outputs, every layer, parameter counts and weight names.
    /// </summary>
    public class ExtraFixtureTests
    {
        private static readonly int[] None = Array.Empty<int>();

        /// <summary>Declared model → its fixture, type, constructor, and the indices of layers it inserts (identity layers absent from the fixture).</summary>
        public static readonly IReadOnlyDictionary<string, (string Fixture, Type Type, Func<float[], ICnnModel> Create, int[] Inserted)> Models =
            new Dictionary<string, (string, Type, Func<float[], ICnnModel>, int[])>
            {
                [nameof(Conv1DVariants)] = ("conv1d_variants", typeof(Conv1DVariants), w => new Conv1DVariants(w), None),
                [nameof(Conv1DVariantsUnrolled)] = ("conv1d_variants", typeof(Conv1DVariantsUnrolled), w => new Conv1DVariantsUnrolled(w), None),
                [nameof(Conv1DVariantsLooped)] = ("conv1d_variants", typeof(Conv1DVariantsLooped), w => new Conv1DVariantsLooped(w), None),
                [nameof(SequenceHead)] = ("sequence_head", typeof(SequenceHead), w => new SequenceHead(w), None),
                [nameof(SequenceHeadUnrolled)] = ("sequence_head", typeof(SequenceHeadUnrolled), w => new SequenceHeadUnrolled(w), None),
                [nameof(SequenceHeadLooped)] = ("sequence_head", typeof(SequenceHeadLooped), w => new SequenceHeadLooped(w), None),
                [nameof(ImageMisc)] = ("image_misc", typeof(ImageMisc), w => new ImageMisc(w), None),
                [nameof(ImageMiscUnrolled)] = ("image_misc", typeof(ImageMiscUnrolled), w => new ImageMiscUnrolled(w), new[] { 4 }),
                [nameof(ImageMiscLooped)] = ("image_misc", typeof(ImageMiscLooped), w => new ImageMiscLooped(w), new[] { 4 }),
                [nameof(WinogradConvs)] = ("winograd_convs", typeof(WinogradConvs), w => new WinogradConvs(w), None),
                [nameof(FusedPools)] = ("fused_pools", typeof(FusedPools), w => new FusedPools(w), None),
                [nameof(FusedPoolsUnrolled)] = ("fused_pools", typeof(FusedPoolsUnrolled), w => new FusedPoolsUnrolled(w), None),
            };

        public static TheoryData<string> ModelNames => new TheoryData<string>(Models.Keys);

        private static string Folder(string fixture, string file = "") => Path.Combine(AppContext.BaseDirectory, "Fixtures", "keras-extra", fixture, file);

        private static JsonElement Meta(string fixture) => SharedFiles.ReadJson(Folder(fixture, "meta.json"));

        private static ICnnModel Create(string model) => Models[model].Create(SharedFiles.ReadFloats(Folder(Models[model].Fixture, "weights.bin")));

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Output_matches_keras_for_every_input(string model)
        {
            ICnnModel m = Create(model);
            string fixture = Models[model].Fixture;
            float[] input = SharedFiles.ReadFloats(Folder(fixture, "input.bin"));
            float[] expected = SharedFiles.ReadFloats(Folder(fixture, "output.bin"));
            int n = input.Length / m.InputLength;
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, model);
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Every_layer_matches_keras(string model)
        {
            var (fixture, _, _, inserted) = Models[model];
            ICnnModel m = Create(model);
            GeneratedModel.PredictThrough through = GeneratedModel.Through(m);
            float[] input = SharedFiles.ReadFloats(Folder(fixture, "input.bin"));
            int n = input.Length / m.InputLength;
            JsonElement[] layers = Meta(fixture).GetProperty("layers").EnumerateArray().ToArray();
            int k = 0;
            foreach (JsonElement layer in layers)
            {
                while (Array.IndexOf(inserted, k) >= 0) k++;
                float[] expected = SharedFiles.ReadFloats(Folder(fixture, layer.GetProperty("file").GetString()!));
                int length = expected.Length / n;
                var actual = new float[expected.Length];
                bool observable = true;
                for (int i = 0; i < n && observable; i++)
                {
                    observable = through(k, input.AsSpan(i * m.InputLength, m.InputLength), actual.AsSpan(i * length, length));
                }
                if (observable) Tolerance.AssertAllClose(expected, actual, $"{model} layer {k} ({layer.GetProperty("name").GetString()})");
                else Assert.Contains(layers[layer.GetProperty("index").GetInt32() + 1].GetProperty("class").GetString(), new[] { "BatchNormalization", "MaxPooling2D", "ReLU", "Activation" });
                k++;
            }
        }

        [Theory]
        [MemberData(nameof(ModelNames))]
        public void Parameter_counts_and_weights_equal_keras(string model)
        {
            var (fixture, type, _, _) = Models[model];
            JsonElement meta = Meta(fixture);
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), (int)type.GetField("ParameterCount")!.GetValue(null)!);
            Assert.Equal(meta.GetProperty("trainableParams").GetInt32(), (int)type.GetField("TrainableParameterCount")!.GetValue(null)!);
            Assert.Equal(meta.GetProperty("nonTrainableParams").GetInt32(), (int)type.GetField("NonTrainableParameterCount")!.GetValue(null)!);
            var expected = meta.GetProperty("weights").GetProperty("entries").EnumerateArray()
                .Select(e => e.GetProperty("name").GetString() + " " + string.Join("x", e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())));
            Assert.Equal(expected, GeneratedModel.WeightSpecs(type).Select(w => w.Name + " " + string.Join("x", w.Shape)));
        }
    }
}
