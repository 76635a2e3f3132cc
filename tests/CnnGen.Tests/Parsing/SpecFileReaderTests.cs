using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Tests.Infrastructure;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>
    /// Spec files read into specs without Roslyn: the real Keras files (Keras 2.1 bare list, tf.keras 2.2.4,
    /// Keras 3 .h5 and .keras), every shared fixture in both its Keras and TF.js form, and the CnnGen sample.
    /// </summary>
    public class SpecFileReaderTests
    {
        internal static string KerasFile(string model) => Path.Combine(SharedFiles.Root, "fixtures", "keras-files", model, "keras-config.json");

        internal static SpecFileModel ReadFile(string path) => SpecFileReader.Read(path, File.ReadAllText(path));

        /// <summary>A layer in one line, every option that matters: "Conv2D conv2d f32 k3x3 s1x1 d1x1 valid bias relu".</summary>
        internal static string Describe(LayerSpec l)
        {
            string name = l.Name ?? "(default)";
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            string act = l.Activation.KerasName();
            switch (l.Kind)
            {
                case LayerKind.Conv2D:
                    return $"Conv2D {name} f{l.Units} k{l.KernelHeight}x{l.KernelWidth} s{l.StrideHeight}x{l.StrideWidth} d{l.DilationHeight}x{l.DilationWidth} {l.Padding.ToString().ToLowerInvariant()}{(l.UseBias ? " bias" : "")} {act}";
                case LayerKind.MaxPooling2D:
                case LayerKind.AveragePooling2D:
                    return $"{l.Kind} {name} p{l.KernelHeight}x{l.KernelWidth} s{l.StrideHeight}x{l.StrideWidth} {l.Padding.ToString().ToLowerInvariant()}";
                case LayerKind.Dense: return $"Dense {name} u{l.Units}{(l.UseBias ? " bias" : "")} {act}";
                case LayerKind.Dropout: return $"Dropout {name} r{F(l.Rate)}";
                case LayerKind.Activation: return $"Activation {name} {act}";
                case LayerKind.ReLU: return $"ReLU {name} max{(l.MaxValue is double m ? F(m) : "none")} slope{F(l.NegativeSlope)} t{F(l.Threshold)}";
                case LayerKind.LeakyReLU: return $"LeakyReLU {name} a{F(l.Alpha)}";
                case LayerKind.ELU: return $"ELU {name} a{F(l.Alpha)}";
                case LayerKind.Softmax: return $"Softmax {name} axis{l.Axis}";
                case LayerKind.Flatten: return $"Flatten {name}";
                case LayerKind.BatchNormalization:
                    return $"BatchNormalization {name} axis{l.Axis} eps{F(l.Epsilon)}{(l.Center ? " center" : "")}{(l.Scale ? " scale" : "")}";
                default: return l.ToString();
            }
        }

        public static TheoryData<string, string, string, string[]> KerasFiles => new TheoryData<string, string, string, string[]>
        {
            {
                "tfk2_cifar10_lenet", "sequential", "32x32x3", new[]
                {
                    "Conv2D conv2d f16 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d p2x2 s2x2 valid",
                    "Conv2D conv2d_1 f32 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d_1 p2x2 s2x2 valid",
                    "Flatten flatten",
                    "Dense dense u120 bias relu",
                    "Dense dense_1 u84 bias relu",
                    "Dense dense_2 u10 bias softmax",
                }
            },
            {
                "k3_mnist_keras", "sequential", "28x28x1", new[]
                {
                    "Conv2D conv2d f32 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d p2x2 s2x2 valid",
                    "Conv2D conv2d_1 f64 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d_1 p2x2 s2x2 valid",
                    "Flatten flatten",
                    "Dense dense u128 bias relu",
                    "Dropout dropout r0.3",
                    "Dense dense_1 u10 bias softmax",
                }
            },
            {
                "k3_fashion_h5", "sequential_1", "28x28x1", new[]
                {
                    "Conv2D conv2d_2 f32 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d_2 p2x2 s2x2 valid",
                    "Dropout dropout r0.25",
                    "Conv2D conv2d_3 f64 k3x3 s1x1 d1x1 valid bias relu",
                    "MaxPooling2D max_pooling2d_3 p2x2 s2x2 valid",
                    "Dropout dropout_1 r0.25",
                    "Flatten flatten_1",
                    "Dense dense_2 u128 bias relu",
                    "Dropout dropout_2 r0.5",
                    "Dense dense_3 u10 bias softmax",
                }
            },
        };

        [KerasFilesTheory]
        [MemberData(nameof(KerasFiles))]
        public void Real_keras_files_read_into_their_specs(string model, string name, string input, string[] layers)
        {
            SpecFileModel spec = ReadFile(KerasFile(model));
            Assert.Empty(spec.Diagnostics);
            Assert.Equal("keras", spec.Format);
            Assert.Equal(name, spec.ModelName);
            Assert.Equal(input, spec.InputShape!.ToString());
            Assert.Equal(layers, spec.Layers.Select(l => Describe(l.Spec)));
            // Every layer is located at its own object in the file.
            string text = File.ReadAllText(KerasFile(model));
            Assert.All(spec.Layers, l => Assert.StartsWith("{", text.Substring(l.Location!.Span.Start, l.Location.Span.Length)));
            Assert.All(spec.Layers, l => Assert.EndsWith("}", text.Substring(l.Location!.Span.Start, l.Location.Span.Length)));
        }

        /// <summary>Keras 2.1.6's bare-list config reads completely, BatchNormalization included (axis, epsilon, center, scale).</summary>
        [KerasFilesFact]
        public void Keras_2_1_bare_list_reads_with_BatchNormalization()
        {
            string path = KerasFile("k2_fashion_bn");
            SpecFileModel spec = ReadFile(path);
            Assert.Empty(spec.Diagnostics);
            Assert.Null(spec.ModelName);
            Assert.Equal("28x28x1", spec.InputShape!.ToString());
            Assert.Equal(new[]
            {
                "Conv2D conv2d_1 f32 k3x3 s1x1 d1x1 valid bias linear",
                "BatchNormalization batch_normalization_1 axis-1 eps0.001 center scale",
                "Activation activation_1 relu",
                "MaxPooling2D max_pooling2d_1 p2x2 s2x2 same",
                "Conv2D conv2d_2 f64 k3x3 s1x1 d1x1 valid bias linear",
                "BatchNormalization batch_normalization_2 axis-1 eps0.001 center scale",
                "Activation activation_2 relu",
                "MaxPooling2D max_pooling2d_2 p2x2 s2x2 same",
                "Conv2D conv2d_3 f128 k3x3 s1x1 d1x1 valid bias linear",
                "BatchNormalization batch_normalization_3 axis-1 eps0.001 center scale",
                "Activation activation_3 relu",
                "MaxPooling2D max_pooling2d_3 p2x2 s2x2 same",
                "Flatten flatten_1",
                "Dense dense_1 u300 bias linear",
                "Activation activation_4 relu",
                "Dropout dropout_1 r0.2",
                "Dense dense_2 u10 bias linear",
                "Activation activation_5 softmax",
            }, spec.Layers.Select(l => Describe(l.Spec)));
        }

        public static TheoryData<string> KerasFixtures =>
            new TheoryData<string>(Directory.GetDirectories(Path.Combine(SharedFiles.Root, "fixtures", "keras")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!);

        /// <summary>
        /// Every shared fixture, both files: keras-config.json and model.json give the same spec; the layer classes
        /// CnnGen lacks are exactly the ones reported unknown, and nothing else is reported.
        /// </summary>
        [Theory]
        [MemberData(nameof(KerasFixtures))]
        public void Every_fixture_reads_the_same_from_keras_config_and_tfjs_model_json(string fixture)
        {
            SpecFileModel keras = ReadFile(SharedFiles.Keras(fixture, "keras-config.json"));
            SpecFileModel tfjs = ReadFile(SharedFiles.Keras(fixture, "model.json"));
            Assert.Equal("keras", keras.Format);
            Assert.Equal("tfjs", tfjs.Format);
            Assert.Equal(keras.ModelName, tfjs.ModelName);
            Assert.Equal(keras.InputShape, tfjs.InputShape);
            Assert.Equal(keras.Layers.Select(l => Describe(l.Spec)), tfjs.Layers.Select(l => Describe(l.Spec)));
            Assert.Equal(keras.Diagnostics.Select(d => d.Descriptor.Id + string.Join("|", d.Arguments)), tfjs.Diagnostics.Select(d => d.Descriptor.Id + string.Join("|", d.Arguments)));

            // The classes of the config that CnnGen has no layer for, in order.
            JsonElement config = SharedFiles.ReadJson(SharedFiles.Keras(fixture, "keras-config.json"));
            var classes = config.GetProperty("config").GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("class_name").GetString()!).ToList();
            var missing = classes.Where(c => !KerasLayerReader.IsKnown(c)).ToList();
            Assert.Equal(missing, keras.Diagnostics.Select(d => d.Arguments[2]));
            Assert.All(keras.Diagnostics, d => Assert.Equal("CNNG203", d.Descriptor.Id));
            Assert.Equal(classes.Count - missing.Count, keras.Layers.Count);

            JsonElement input = SharedFiles.ReadJson(SharedFiles.Keras(fixture, "params.json")).GetProperty("layers")[0].GetProperty("inputShape")[0];
            Assert.Equal(input.EnumerateArray().Skip(1).Select(d => d.GetInt32()), keras.InputShape!.Dims);
        }

        [Fact]
        public void The_cnngen_sample_reads_with_defaults_filled_in()
        {
            string path = Path.Combine(RepoFiles.Root, "samples", "specs", "fashion_cnn.cnngen.json");
            SpecFileModel spec = ReadFile(path);
            Assert.Empty(spec.Diagnostics);
            Assert.Equal("cnngen", spec.Format);
            Assert.Equal("fashion_cnn", spec.ModelName);
            Assert.Equal("28x28x1", spec.InputShape!.ToString());
            Assert.Equal(new[]
            {
                "Conv2D (default) f32 k3x3 s1x1 d1x1 same bias relu",
                "MaxPooling2D (default) p2x2 s2x2 valid",
                "Conv2D (default) f64 k3x3 s1x1 d1x1 valid bias relu",
                "MaxPooling2D (default) p2x2 s2x2 valid",
                "Dropout (default) r0.25",
                "Flatten (default)",
                "Dense (default) u128 bias relu",
                "Dropout (default) r0.5",
                "Dense predictions u10 bias softmax",
            }, spec.Layers.Select(l => Describe(l.Spec)));
        }

        /// <summary>The published schema and the reader agree on the layer types and activation names.</summary>
        [Fact]
        public void The_schema_lists_what_the_reader_reads()
        {
            JsonElement schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoFiles.Root, "schema", "cnngen-model.schema.json"))).RootElement;
            JsonElement defs = schema.GetProperty("$defs");
            var types = defs.GetProperty("layer").GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.All(types, t => Assert.True(KerasLayerReader.IsKnown(t), t));
            foreach (LayerKind kind in Enum.GetValues<LayerKind>())
            {
                Assert.True(KerasLayerReader.IsKnown(kind.KerasClass()), $"LayerKind.{kind} has no JSON reader: add one method to KerasLayerReader");
                Assert.True(types.Contains(kind.KerasClass()), $"LayerKind.{kind} is missing from schema/cnngen-model.schema.json");
            }

            var activations = defs.GetProperty("activation").GetProperty("enum").EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
            Assert.Equal(ActivationNames.Supported.Split(", "), activations);
            foreach (ActivationKind kind in Enum.GetValues<ActivationKind>()) Assert.Contains(kind.KerasName(), activations);
        }
    }
}
