using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>One model folder of shared/fixtures/keras: weights in Keras order, inputs, golden outputs, layer outputs.</summary>
    public static class KerasFixture
    {
        /// <summary>
        /// The weights in Keras <c>get_weights()</c> order (params.json, layer by layer), picked by name out of
        /// weights.bin, which is in TF.js manifest order (trainables first, BatchNormalization moving statistics last).
        /// </summary>
        public static float[] KerasOrderWeights(string model)
        {
            float[] manifestOrder = SharedFiles.ReadFloats(SharedFiles.Keras(model, "weights.bin"));
            var entries = new Dictionary<string, (int Offset, int Length)>();
            foreach (JsonElement e in SharedFiles.ReadJson(SharedFiles.Keras(model, "meta.json")).GetProperty("weights").GetProperty("entries").EnumerateArray())
            {
                entries.Add(e.GetProperty("name").GetString()!, (e.GetProperty("offset").GetInt32() / 4, e.GetProperty("byteLength").GetInt32() / 4));
            }
            var result = new List<float>();
            foreach (var (name, _) in KerasWeightNames(model))
            {
                var (offset, length) = entries[name];
                result.AddRange(manifestOrder.AsSpan(offset, length).ToArray());
            }
            Assert(result.Count == manifestOrder.Length, $"{model}: params.json names {result.Count} floats, weights.bin holds {manifestOrder.Length}");
            return result.ToArray();
        }

        /// <summary>The fixture's weights named by <paramref name="specs"/>, in that order (shapes checked).</summary>
        public static float[] WeightsByName(string model, IReadOnlyList<WeightSpec> specs)
        {
            float[] manifestOrder = SharedFiles.ReadFloats(SharedFiles.Keras(model, "weights.bin"));
            var result = new List<float>();
            foreach (WeightSpec spec in specs)
            {
                JsonElement entry = SharedFiles.ReadJson(SharedFiles.Keras(model, "meta.json")).GetProperty("weights").GetProperty("entries")
                    .EnumerateArray().Single(e => e.GetProperty("name").GetString() == spec.Name);
                int[] shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                Assert(shape.SequenceEqual(spec.Shape), $"{model} {spec.Name}: fixture shape {string.Join("x", shape)}, model {string.Join("x", spec.Shape)}");
                result.AddRange(manifestOrder.AsSpan(entry.GetProperty("offset").GetInt32() / 4, entry.GetProperty("byteLength").GetInt32() / 4).ToArray());
            }
            return result.ToArray();
        }

        /// <summary>The weight names and shapes of params.json, in Keras get_weights() order.</summary>
        public static List<(string Name, int[] Shape)> KerasWeightNames(string model)
        {
            var names = new List<(string, int[])>();
            foreach (JsonElement layer in SharedFiles.ReadJson(SharedFiles.Keras(model, "params.json")).GetProperty("layers").EnumerateArray())
            {
                foreach (JsonElement w in layer.GetProperty("weights").EnumerateArray())
                {
                    names.Add((w.GetProperty("name").GetString()!, w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray()));
                }
            }
            return names;
        }

        public static float[] Input(string model) => SharedFiles.ReadFloats(SharedFiles.Keras(model, "input.bin"));

        public static float[] Output(string model) => SharedFiles.ReadFloats(SharedFiles.Keras(model, "output.bin"));

        /// <summary>The Keras output of layer <paramref name="index"/> for every input (layers/NN-name.bin).</summary>
        public static float[] LayerOutput(string model, int index) =>
            SharedFiles.ReadFloats(Directory.GetFiles(SharedFiles.Keras(model, "layers"), index.ToString("00") + "-*.bin").Single());

        public static int LayerCount(string model) => Directory.GetFiles(SharedFiles.Keras(model, "layers"), "*.bin").Length;

        private static void Assert(bool condition, string message)
        {
            if (!condition) throw new InvalidDataException(message);
        }
    }

    /// <summary>Reaches the internal members every generated model has, for tests that need more than <see cref="ICnnModel"/>.</summary>
    public static class GeneratedModel
    {
        public delegate bool PredictThrough(int layer, ReadOnlySpan<float> input, Span<float> output);

        /// <summary>The generated internal <c>TryPredictThrough</c> of a model instance.</summary>
        public static PredictThrough Through(ICnnModel model) =>
            (PredictThrough)model.GetType().GetMethod("TryPredictThrough", BindingFlags.Instance | BindingFlags.NonPublic)!
                .CreateDelegate(typeof(PredictThrough), model);

        /// <summary>The generated static <c>WeightSpecs</c>.</summary>
        public static IReadOnlyList<WeightSpec> WeightSpecs(Type model) =>
            (IReadOnlyList<WeightSpec>)model.GetProperty("WeightSpecs", BindingFlags.Static | BindingFlags.Public)!.GetValue(null)!;

        /// <summary>The generated static <c>LoadTfjs(string)</c>.</summary>
        public static ICnnModel LoadTfjs(Type model, string modelJson) =>
            (ICnnModel)model.GetMethod("LoadTfjs", BindingFlags.Static | BindingFlags.Public, new[] { typeof(string) })!.Invoke(null, new object[] { modelJson })!;
    }
}
