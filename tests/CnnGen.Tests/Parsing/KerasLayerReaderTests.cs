using System.Linq;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using Xunit;

namespace CnnGen.Tests.Parsing
{
    /// <summary>
    /// The JSON readers of the wider layer set: each Keras class read from a Keras config layer (Keras 2 / Keras 3 /
    /// TF.js spellings: sizes as an integer or a list, tf.keras' axis list, Keras' aliases) and from a CnnGen spec,
    /// into the same <see cref="LayerSpec"/> fields the attributes fill.
    /// </summary>
    public class KerasLayerReaderTests
    {
        /// <summary>Reads one layer of a Keras 3 style Sequential config (InputLayer first) and returns it without its name.</summary>
        private static (LayerSpec Layer, SpecFileModel Spec) ReadKeras(string input, string className, string config)
        {
            string json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" +
                "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + input + "], \"name\": \"input\"}}, " +
                "{\"class_name\": \"" + className + "\", \"config\": " + config + "}]}}";
            SpecFileModel spec = SpecFileReader.Read("/p/m.json", json);
            return (spec.Layers.Single().Spec with { Name = null }, spec);
        }

        private static LayerSpec Keras(string input, string className, string config)
        {
            var (layer, spec) = ReadKeras(input, className, config);
            Assert.Empty(spec.Diagnostics.Select(d => d.Descriptor.Id + " " + string.Join("|", d.Arguments)));
            return layer;
        }

        private static LayerSpec CnnGen(string input, string layer)
        {
            SpecFileModel spec = SpecFileReader.Read("/p/m.cnngen.json", "{\"input\": [" + input + "], \"layers\": [" + layer + "]}");
            Assert.Empty(spec.Diagnostics.Select(d => d.Descriptor.Id + " " + string.Join("|", d.Arguments)));
            return spec.Layers.Single().Spec with { Name = null };
        }

        [Fact]
        public void Conv1D_reads_sizes_as_integers_or_lists_of_one()
        {
            var expected = new LayerSpec(LayerKind.Conv1D)
            {
                Units = 6, KernelHeight = 3, KernelWidth = 1, StrideHeight = 2, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1,
                Padding = PaddingKind.Same, UseBias = false, Activation = ActivationKind.Relu,
            };
            Assert.Equal(expected, Keras("10, 4", "Conv1D", "{\"filters\": 6, \"kernel_size\": [3], \"strides\": [2], \"dilation_rate\": [1], \"padding\": \"same\", \"use_bias\": false, \"activation\": \"relu\", \"groups\": 1, \"data_format\": \"channels_last\"}"));
            Assert.Equal(expected, Keras("10, 4", "Convolution1D", "{\"filters\": 6, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", \"use_bias\": false, \"activation\": \"relu\"}"));
            Assert.Equal(expected, CnnGen("10, 4", "{\"type\": \"Conv1D\", \"filters\": 6, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", \"use_bias\": false, \"activation\": \"relu\"}"));
        }

        [Fact]
        public void Conv1D_causal_padding_and_two_sizes_are_reported()
        {
            var (_, causal) = ReadKeras("10, 4", "Conv1D", "{\"filters\": 6, \"kernel_size\": 3, \"padding\": \"causal\"}");
            Assert.Equal("CNNG204", Assert.Single(causal.Diagnostics).Descriptor.Id);
            var (_, pair) = ReadKeras("10, 4", "Conv1D", "{\"filters\": 6, \"kernel_size\": [3, 2]}");
            Assert.Equal("CNNG207", Assert.Single(pair.Diagnostics).Descriptor.Id);
        }

        [Fact]
        public void DepthwiseConv2D_and_SeparableConv2D_read_depth_multiplier()
        {
            Assert.Equal(new LayerSpec(LayerKind.DepthwiseConv2D)
            {
                KernelHeight = 3, KernelWidth = 2, StrideHeight = 2, StrideWidth = 2, DepthMultiplier = 2, Padding = PaddingKind.Valid, Activation = ActivationKind.Relu,
            }, Keras("8, 8, 3", "DepthwiseConv2D", "{\"kernel_size\": [3, 2], \"strides\": [2, 2], \"depth_multiplier\": 2, \"activation\": \"relu\", \"depthwise_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {}}}"));
            var separable = new LayerSpec(LayerKind.SeparableConv2D)
            {
                Units = 8, KernelHeight = 3, KernelWidth = 3, DilationHeight = 2, DilationWidth = 2, DepthMultiplier = 3, UseBias = false, Padding = PaddingKind.Same,
            };
            Assert.Equal(separable, Keras("8, 8, 3", "SeparableConv2D", "{\"filters\": 8, \"kernel_size\": 3, \"dilation_rate\": 2, \"depth_multiplier\": 3, \"use_bias\": false, \"padding\": \"same\"}"));
            Assert.Equal(separable, Keras("8, 8, 3", "SeparableConvolution2D", "{\"filters\": 8, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2], \"depth_multiplier\": 3, \"use_bias\": false, \"padding\": \"same\"}"));
            Assert.Equal(separable, CnnGen("8, 8, 3", "{\"type\": \"SeparableConv2D\", \"filters\": 8, \"kernel_size\": 3, \"dilation_rate\": 2, \"depth_multiplier\": 3, \"use_bias\": false, \"padding\": \"same\"}"));
        }

        [Fact]
        public void Pooling1D_strides_default_to_the_pool_size()
        {
            var expected = new LayerSpec(LayerKind.MaxPooling1D) { KernelHeight = 3, KernelWidth = 1, StrideHeight = 3, StrideWidth = 1 };
            Assert.Equal(expected, Keras("9, 2", "MaxPooling1D", "{\"pool_size\": [3], \"strides\": null, \"padding\": \"valid\"}"));
            Assert.Equal(expected, Keras("9, 2", "MaxPool1D", "{\"pool_size\": 3}"));
            Assert.Equal(new LayerSpec(LayerKind.AveragePooling1D) { KernelHeight = 2, KernelWidth = 1, StrideHeight = 1, StrideWidth = 1, Padding = PaddingKind.Same },
                CnnGen("9, 2", "{\"type\": \"AveragePooling1D\", \"strides\": 1, \"padding\": \"same\"}"));
        }

        [Theory]
        [InlineData("GlobalMaxPooling1D", "GlobalMaxPool1D", "5, 3")]
        [InlineData("GlobalAveragePooling1D", "GlobalAvgPool1D", "5, 3")]
        [InlineData("GlobalMaxPooling2D", "GlobalMaxPool2D", "5, 5, 3")]
        [InlineData("GlobalAveragePooling2D", "GlobalAvgPool2D", "5, 5, 3")]
        public void Global_pools_read_keepdims(string className, string alias, string input)
        {
            var kind = (LayerKind)System.Enum.Parse(typeof(LayerKind), className);
            Assert.Equal(new LayerSpec(kind), Keras(input, className, "{\"data_format\": \"channels_last\"}"));
            Assert.Equal(new LayerSpec(kind) { KeepDims = true }, Keras(input, alias, "{\"keepdims\": true}"));
            Assert.Equal(new LayerSpec(kind) { KeepDims = true }, CnnGen(input, "{\"type\": \"" + className + "\", \"keepdims\": true}"));
        }

        [Fact]
        public void Reshape_SpatialDropout_and_Rescaling()
        {
            Assert.Equal(new[] { 2, -1 }, Keras("4, 3", "Reshape", "{\"target_shape\": [2, -1]}").TargetShape.ToArray());
            Assert.Equal(new LayerSpec(LayerKind.SpatialDropout1D) { Rate = 0.25 }, Keras("4, 3", "SpatialDropout1D", "{\"rate\": 0.25, \"noise_shape\": null, \"seed\": null}"));
            Assert.Equal(new LayerSpec(LayerKind.SpatialDropout2D) { Rate = 0.5 }, CnnGen("4, 4, 3", "{\"type\": \"SpatialDropout2D\", \"rate\": 0.5}"));
            Assert.Equal(new LayerSpec(LayerKind.Rescaling) { RescalingScale = 1 / 255.0 }, Keras("4, 4, 3", "Rescaling", "{\"scale\": 0.00392156862745098}"));
            Assert.Equal(new LayerSpec(LayerKind.Rescaling) { RescalingScale = 2, RescalingOffset = -1 }, CnnGen("4", "{\"type\": \"Rescaling\", \"scale\": 2, \"offset\": -1}"));
            var (_, missing) = ReadKeras("4", "Rescaling", "{\"offset\": 1}");
            Assert.Equal("CNNG206", Assert.Single(missing.Diagnostics).Descriptor.Id);
        }

        [Fact]
        public void BatchNormalization_reads_axis_as_integer_or_tf_keras_list_and_ignores_momentum()
        {
            var expected = new LayerSpec(LayerKind.BatchNormalization) { Axis = 3, Epsilon = 1e-5, Center = false, Scale = true };
            Assert.Equal(expected, Keras("4, 4, 3", "BatchNormalization", "{\"axis\": [3], \"momentum\": 0.9, \"epsilon\": 1e-05, \"center\": false, \"scale\": true, \"renorm\": false, \"fused\": null}"));
            Assert.Equal(expected, Keras("4, 4, 3", "BatchNormalizationV2", "{\"axis\": 3, \"epsilon\": 1e-05, \"center\": false}"));
            Assert.Equal(new LayerSpec(LayerKind.BatchNormalization), CnnGen("4, 4, 3", "{\"type\": \"BatchNormalization\", \"momentum\": 0.99}"));
            var (_, several) = ReadKeras("4, 4, 3", "BatchNormalization", "{\"axis\": [1, 2]}");
            Assert.Equal("CNNG207", Assert.Single(several.Diagnostics).Descriptor.Id);
        }

        [Theory]
        [InlineData("2", 2, 2, 2, 2)]
        [InlineData("[1, 3]", 1, 1, 3, 3)]
        [InlineData("[[2, 0], [1, 3]]", 2, 0, 1, 3)]
        public void ZeroPadding2D_and_Cropping2D_read_the_three_forms(string value, int top, int bottom, int left, int right)
        {
            Assert.Equal(new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = top, EdgeBottom = bottom, EdgeLeft = left, EdgeRight = right },
                Keras("8, 8, 1", "ZeroPadding2D", "{\"padding\": " + value + ", \"data_format\": \"channels_last\"}"));
            Assert.Equal(new LayerSpec(LayerKind.Cropping2D) { EdgeTop = top, EdgeBottom = bottom, EdgeLeft = left, EdgeRight = right },
                CnnGen("8, 8, 1", "{\"type\": \"Cropping2D\", \"cropping\": " + value + "}"));
        }

        [Fact]
        public void Edges_default_to_Keras_defaults_and_bad_forms_are_reported()
        {
            Assert.Equal(new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = 1, EdgeBottom = 1, EdgeLeft = 1, EdgeRight = 1 }, CnnGen("8, 8, 1", "{\"type\": \"ZeroPadding2D\"}"));
            Assert.Equal(new LayerSpec(LayerKind.Cropping2D), CnnGen("8, 8, 1", "{\"type\": \"Cropping2D\"}"));
            var (_, bad) = ReadKeras("8, 8, 1", "ZeroPadding2D", "{\"padding\": [[1, 2, 3], [0, 0]]}");
            Assert.Equal("CNNG207", Assert.Single(bad.Diagnostics).Descriptor.Id);
        }
    }
}
