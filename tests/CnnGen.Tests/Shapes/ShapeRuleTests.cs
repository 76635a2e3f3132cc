using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using Xunit;

namespace CnnGen.Tests.Shapes
{
    /// <summary>
    /// Keras' shape rules of the new layers, table-driven on <see cref="ShapeInference"/> directly (no Roslyn): output
    /// shapes, parameter counts (trainable and not), 'same' padding splits, weight names and shapes, folding.
    /// </summary>
    public class ShapeRuleTests
    {
        private static readonly TargetInfo Target = new TargetInfo(1100, false, true);

        private static ModelResult Infer(int[] input, params LayerSpec[] layers) =>
            ShapeInference.Infer(new ModelSpec(new HierarchyInfo("N", "M", "public", EquatableArray<string>.Empty), "sequential", 4096,
                TensorShape.Of(input), null, layers.Select(l => new DeclaredLayer(l, null)).ToEquatableArray(), null), Target);

        private static LayerPlan Single(int[] input, LayerSpec layer)
        {
            ModelResult result = Infer(input, layer);
            Assert.Empty(result.Diagnostics);
            return result.Plan!.Layers[0];
        }

        private static LayerSpec Conv1D(int filters, int k, int stride = 1, int dilation = 1, PaddingKind padding = PaddingKind.Valid, bool bias = true) =>
            new LayerSpec(LayerKind.Conv1D) { Units = filters, KernelHeight = k, StrideHeight = stride, DilationHeight = dilation, Padding = padding, UseBias = bias };

        private static LayerSpec Window(LayerKind kind, int kh, int kw, int sh, int sw, PaddingKind padding = PaddingKind.Valid, int units = 0, int dm = 1, int dh = 1, int dw = 1, bool bias = true) =>
            new LayerSpec(kind) { Units = units, KernelHeight = kh, KernelWidth = kw, StrideHeight = sh, StrideWidth = sw, Padding = padding, DepthMultiplier = dm, DilationHeight = dh, DilationWidth = dw, UseBias = bias };

        private static readonly Dictionary<string, (int[] Input, LayerSpec Layer, int[] Output, int Parameters, int Trainable, int PadTop, int PadLeft)> RuleTable =
            new Dictionary<string, (int[], LayerSpec, int[], int, int, int, int)>
        {
            // name, input, layer, output, params, trainable, pad top (before), pad left
            ["conv1d valid"] = (new[] { 12, 10 }, Conv1D(6, 3), new[] { 10, 6 }, 186, 186, 0, 0),
            ["conv1d same stride 2"] = (new[] { 11, 4 }, Conv1D(5, 4, stride: 2, padding: PaddingKind.Same), new[] { 6, 5 }, 85, 85, 1, 0),
            ["conv1d same dilation 2 (odd total)"] = (new[] { 10, 2 }, Conv1D(3, 2, dilation: 2, padding: PaddingKind.Same, bias: false), new[] { 10, 3 }, 12, 12, 1, 0),
            ["conv1d valid dilation 3"] = (new[] { 10, 2 }, Conv1D(3, 3, dilation: 3), new[] { 4, 3 }, 21, 21, 0, 0),
            ["depthwise same"] = (new[] { 12, 12, 8 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 1, 1, PaddingKind.Same), new[] { 12, 12, 8 }, 80, 80, 1, 1),
            ["depthwise dm 2 stride 2"] = (new[] { 12, 12, 16 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 2, 2, dm: 2), new[] { 5, 5, 32 }, 320, 320, 0, 0),
            ["depthwise even kernel same stride 2"] = (new[] { 7, 8, 3 }, Window(LayerKind.DepthwiseConv2D, 4, 2, 2, 2, PaddingKind.Same, bias: false), new[] { 4, 4, 3 }, 24, 24, 1, 0),
            ["depthwise dilated"] = (new[] { 9, 9, 2 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 1, 1, dm: 3, dh: 2, dw: 3), new[] { 5, 3, 6 }, 60, 60, 0, 0),
            ["separable same"] = (new[] { 5, 5, 32 }, Window(LayerKind.SeparableConv2D, 3, 3, 1, 1, PaddingKind.Same, units: 12), new[] { 5, 5, 12 }, 684, 684, 1, 1),
            ["separable dm 2 no bias"] = (new[] { 5, 5, 12 }, Window(LayerKind.SeparableConv2D, 3, 2, 1, 1, units: 8, dm: 2, bias: false), new[] { 3, 4, 8 }, 336, 336, 0, 0),
            ["max pool 1d default strides"] = (new[] { 10, 6 }, Window(LayerKind.MaxPooling1D, 2, 1, 2, 1), new[] { 5, 6 }, 0, 0, 0, 0),
            ["avg pool 1d valid rounds down"] = (new[] { 11, 3 }, Window(LayerKind.AveragePooling1D, 3, 1, 2, 1), new[] { 5, 3 }, 0, 0, 0, 0),
            ["avg pool 1d same"] = (new[] { 11, 3 }, Window(LayerKind.AveragePooling1D, 4, 1, 3, 1, PaddingKind.Same), new[] { 4, 3 }, 0, 0, 1, 0),
            ["global max 1d"] = (new[] { 7, 5 }, new LayerSpec(LayerKind.GlobalMaxPooling1D), new[] { 5 }, 0, 0, 0, 0),
            ["global avg 1d keepdims"] = (new[] { 7, 5 }, new LayerSpec(LayerKind.GlobalAveragePooling1D) { KeepDims = true }, new[] { 1, 5 }, 0, 0, 0, 0),
            ["global max 2d"] = (new[] { 8, 4, 12 }, new LayerSpec(LayerKind.GlobalMaxPooling2D), new[] { 12 }, 0, 0, 0, 0),
            ["global avg 2d keepdims"] = (new[] { 9, 13, 6 }, new LayerSpec(LayerKind.GlobalAveragePooling2D) { KeepDims = true }, new[] { 1, 1, 6 }, 0, 0, 0, 0),
            ["reshape"] = (new[] { 10, 12, 1 }, new LayerSpec(LayerKind.Reshape) { TargetShape = EquatableArray.Of(12, 10) }, new[] { 12, 10 }, 0, 0, 0, 0),
            ["reshape -1"] = (new[] { 12 }, new LayerSpec(LayerKind.Reshape) { TargetShape = EquatableArray.Of(2, -1, 3) }, new[] { 2, 2, 3 }, 0, 0, 0, 0),
            ["reshape rank 4"] = (new[] { 24 }, new LayerSpec(LayerKind.Reshape) { TargetShape = EquatableArray.Of(2, 3, 2, 2) }, new[] { 2, 3, 2, 2 }, 0, 0, 0, 0),
            ["spatial dropout 1d"] = (new[] { 7, 5 }, new LayerSpec(LayerKind.SpatialDropout1D) { Rate = 0.5 }, new[] { 7, 5 }, 0, 0, 0, 0),
            ["spatial dropout 2d"] = (new[] { 4, 4, 2 }, new LayerSpec(LayerKind.SpatialDropout2D) { Rate = 0.2 }, new[] { 4, 4, 2 }, 0, 0, 0, 0),
            ["batchnorm"] = (new[] { 16, 16, 8 }, new LayerSpec(LayerKind.BatchNormalization), new[] { 16, 16, 8 }, 32, 16, 0, 0),
            ["batchnorm no center"] = (new[] { 32 }, new LayerSpec(LayerKind.BatchNormalization) { Center = false }, new[] { 32 }, 96, 32, 0, 0),
            ["batchnorm no scale no center"] = (new[] { 5, 3 }, new LayerSpec(LayerKind.BatchNormalization) { Center = false, Scale = false }, new[] { 5, 3 }, 6, 0, 0, 0),
            ["batchnorm positive last axis"] = (new[] { 4, 4, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = 3 }, new[] { 4, 4, 2 }, 8, 4, 0, 0),
            ["batchnorm axis -4 of none"] = (new[] { 4, 4, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = -1 }, new[] { 4, 4, 2 }, 8, 4, 0, 0),
            ["zero padding symmetric"] = (new[] { 12, 14, 4 }, new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = 1, EdgeBottom = 1, EdgeLeft = 1, EdgeRight = 1 }, new[] { 14, 16, 4 }, 0, 0, 0, 0),
            ["zero padding asymmetric"] = (new[] { 9, 11, 8 }, new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = 2, EdgeLeft = 1, EdgeRight = 3 }, new[] { 11, 15, 8 }, 0, 0, 0, 0),
            ["cropping asymmetric"] = (new[] { 12, 14, 8 }, new LayerSpec(LayerKind.Cropping2D) { EdgeTop = 1, EdgeBottom = 2, EdgeRight = 3 }, new[] { 9, 11, 8 }, 0, 0, 0, 0),
            ["cropping to one"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Cropping2D) { EdgeTop = 2, EdgeBottom = 1, EdgeLeft = 3 }, new[] { 1, 1, 1 }, 0, 0, 0, 0),
            ["rescaling"] = (new[] { 10, 12, 1 }, new LayerSpec(LayerKind.Rescaling) { RescalingScale = 0.5, RescalingOffset = 0.25 }, new[] { 10, 12, 1 }, 0, 0, 0, 0),
            ["dense on rank 3"] = (new[] { 3, 3, 2 }, new LayerSpec(LayerKind.Dense) { Units = 3 }, new[] { 3, 3, 3 }, 9, 9, 0, 0),
            ["dense on rank 2"] = (new[] { 5, 6 }, new LayerSpec(LayerKind.Dense) { Units = 4 }, new[] { 5, 4 }, 28, 28, 0, 0),
        };

        public static TheoryData<string> Rules => new TheoryData<string>(RuleTable.Keys);

        [Theory]
        [MemberData(nameof(Rules))]
        public void Output_shape_parameters_and_padding_follow_keras(string name)
        {
            var (input, layer, output, parameters, trainable, padTop, padLeft) = RuleTable[name];
            LayerPlan plan = Single(input, layer);
            Assert.True(output.SequenceEqual(plan.Output.Dims), $"{name}: expected ({string.Join(", ", output)}), got {plan.Output.ToKerasString()}");
            Assert.Equal(parameters, plan.ParameterCount);
            Assert.Equal(trainable, plan.TrainableParameterCount);
            Assert.Equal(padTop, plan.PadTop);
            Assert.Equal(padLeft, plan.PadLeft);
        }

        [Fact]
        public void Weights_are_named_and_shaped_in_keras_get_weights_order()
        {
            string Names(int[] input, LayerSpec layer) =>
                string.Join("; ", Single(input, layer).Weights.Select(w => $"{w.Name} {w.Shape}{(w.Trainable ? "" : " (non-trainable)")}"));
            Assert.Equal("conv1d/kernel 3x10x6; conv1d/bias 6", Names(new[] { 12, 10 }, Conv1D(6, 3)));
            Assert.Equal("depthwise_conv2d/depthwise_kernel 3x3x16x2; depthwise_conv2d/bias 32",
                Names(new[] { 12, 12, 16 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 2, 2, dm: 2)));
            Assert.Equal("separable_conv2d/depthwise_kernel 3x2x12x2; separable_conv2d/pointwise_kernel 1x1x24x8",
                Names(new[] { 5, 5, 12 }, Window(LayerKind.SeparableConv2D, 3, 2, 1, 1, units: 8, dm: 2, bias: false)));
            Assert.Equal("batch_normalization/gamma 8; batch_normalization/beta 8; batch_normalization/moving_mean 8 (non-trainable); batch_normalization/moving_variance 8 (non-trainable)",
                Names(new[] { 4, 8 }, new LayerSpec(LayerKind.BatchNormalization)));
            Assert.Equal("batch_normalization/beta 8; batch_normalization/moving_mean 8 (non-trainable); batch_normalization/moving_variance 8 (non-trainable)",
                Names(new[] { 4, 8 }, new LayerSpec(LayerKind.BatchNormalization) { Scale = false }));
        }

        [Theory]
        [InlineData("Conv1D", "conv1d")]
        [InlineData("DepthwiseConv2D", "depthwise_conv2d")]
        [InlineData("SeparableConv2D", "separable_conv2d")]
        [InlineData("MaxPooling1D", "max_pooling1d")]
        [InlineData("AveragePooling1D", "average_pooling1d")]
        [InlineData("GlobalMaxPooling1D", "global_max_pooling1d")]
        [InlineData("GlobalMaxPooling2D", "global_max_pooling2d")]
        [InlineData("GlobalAveragePooling1D", "global_average_pooling1d")]
        [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
        [InlineData("Reshape", "reshape")]
        [InlineData("SpatialDropout1D", "spatial_dropout1d")]
        [InlineData("SpatialDropout2D", "spatial_dropout2d")]
        [InlineData("BatchNormalization", "batch_normalization")]
        [InlineData("ZeroPadding2D", "zero_padding2d")]
        [InlineData("Cropping2D", "cropping2d")]
        [InlineData("Rescaling", "rescaling")]
        [InlineData("ReLU", "re_lu")]
        [InlineData("LeakyReLU", "leaky_re_lu")]
        [InlineData("ELU", "elu")]
        [InlineData("Softmax", "softmax")]
        [InlineData("Activation", "activation")]
        public void Default_names_are_keras_snake_case(string kind, string expected) =>
            Assert.Equal(expected, ((LayerKind)System.Enum.Parse(typeof(LayerKind), kind)).DefaultNameStem());

        [Fact]
        public void Batch_normalization_folds_into_a_linear_layer_before_it_only()
        {
            ModelResult result = Infer(new[] { 8, 8, 3 },
                Window(LayerKind.Conv2D, 3, 3, 1, 1, units: 4, bias: false),                     // 0: folded into, no bias: derived bias
                new LayerSpec(LayerKind.BatchNormalization),                                     // 1: folded
                new LayerSpec(LayerKind.BatchNormalization),                                     // 2: after a BatchNormalization: standalone
                Window(LayerKind.DepthwiseConv2D, 3, 3, 1, 1) with { Activation = ActivationKind.Relu }, // 3: not linear
                new LayerSpec(LayerKind.BatchNormalization),                                     // 4: standalone
                new LayerSpec(LayerKind.Dense) { Units = 2 },                                    // 5: has a bias, rewritten in place
                new LayerSpec(LayerKind.BatchNormalization));                                    // 6: folded
            Assert.Empty(result.Diagnostics);
            Assert.All(result.Plan!.Layers, l => Assert.Equal(-1, l.FoldedInto)); // shapes only: folding is the planner's
            ModelPlan planned = CnnGen.Generator.Planning.Planner.Plan(result.Plan).Model;
            Assert.Same(planned, CnnGen.Generator.Planning.BatchNormFolding.Apply(planned)); // planning again folds nothing twice
            EquatableArray<LayerPlan> layers = planned.Layers;
            Assert.Equal(1, layers[0].FoldedNorm);
            Assert.Equal(0, layers[1].FoldedInto);
            Assert.Equal("conv2d/bias", Assert.Single(layers[0].Derived).Name);
            Assert.Equal(-1, layers[2].FoldedInto);
            Assert.Equal(new[] { "batch_normalization_1/scale", "batch_normalization_1/shift" }, layers[2].Derived.Select(d => d.Name));
            Assert.Equal(-1, layers[3].FoldedNorm);
            Assert.Equal(-1, layers[4].FoldedInto);
            Assert.Equal(6, layers[5].FoldedNorm);
            Assert.Empty(layers[5].Derived);
            // Derived tensors follow the Keras weights, one after the other.
            int offset = planned.ParameterCount;
            foreach (WeightPlan d in layers.SelectMany(l => l.Derived))
            {
                Assert.Equal(offset, d.Offset);
                offset += d.Length;
            }
            Assert.Equal(offset, planned.ParameterArrayLength);
        }

        private static readonly Dictionary<string, (int[] Input, LayerSpec Layer, string Id)> ErrorTable =
            new Dictionary<string, (int[], LayerSpec, string)>
        {
            ["conv1d filters 0"] = (new[] { 5, 2 }, Conv1D(0, 3), "CNNG004"),
            ["conv1d stride 0"] = (new[] { 5, 2 }, Conv1D(2, 3, stride: 0), "CNNG004"),
            ["conv1d dilation with stride"] = (new[] { 9, 2 }, Conv1D(2, 3, stride: 2, dilation: 2), "CNNG104"),
            ["conv1d causal"] = (new[] { 5, 2 }, Conv1D(2, 3, padding: PaddingKind.Causal), "CNNG105"),
            ["pool1d causal"] = (new[] { 5, 2 }, Window(LayerKind.MaxPooling1D, 2, 1, 2, 1, PaddingKind.Causal), "CNNG004"),
            ["pool1d too large"] = (new[] { 2, 2 }, Window(LayerKind.MaxPooling1D, 3, 1, 1, 1), "CNNG101"),
            ["depthwise dm 0"] = (new[] { 5, 5, 2 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 1, 1, dm: 0), "CNNG004"),
            ["depthwise on sequence"] = (new[] { 5, 2 }, Window(LayerKind.DepthwiseConv2D, 3, 3, 1, 1), "CNNG103"),
            ["separable filters 0"] = (new[] { 5, 5, 2 }, Window(LayerKind.SeparableConv2D, 3, 3, 1, 1, units: 0), "CNNG004"),
            ["separable too large"] = (new[] { 3, 3, 2 }, Window(LayerKind.SeparableConv2D, 3, 4, 1, 1, units: 2), "CNNG101"),
            ["global 2d on sequence"] = (new[] { 5, 2 }, new LayerSpec(LayerKind.GlobalMaxPooling2D), "CNNG103"),
            ["global 1d on vector"] = (new[] { 5 }, new LayerSpec(LayerKind.GlobalAveragePooling1D), "CNNG103"),
            ["reshape mismatch"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Reshape) { TargetShape = EquatableArray.Of(5, 3) }, "CNNG106"),
            ["reshape zero"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Reshape) { TargetShape = EquatableArray.Of(0, 16) }, "CNNG004"),
            ["reshape empty"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Reshape), "CNNG004"),
            ["batchnorm axis 5"] = (new[] { 5, 5, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = 5 }, "CNNG004"),
            ["batchnorm axis -5"] = (new[] { 5, 5, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = -5 }, "CNNG004"),
            ["batchnorm axis 1"] = (new[] { 5, 5, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = 1 }, "CNNG105"),
            ["batchnorm batch axis"] = (new[] { 5, 5, 2 }, new LayerSpec(LayerKind.BatchNormalization) { Axis = 0 }, "CNNG105"),
            ["zero padding negative"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = -1, EdgeBottom = -1 }, "CNNG004"),
            ["zero padding on sequence"] = (new[] { 4, 1 }, new LayerSpec(LayerKind.ZeroPadding2D) { EdgeTop = 1 }, "CNNG103"),
            ["cropping to zero"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Cropping2D) { EdgeTop = 2, EdgeBottom = 2 }, "CNNG102"),
            ["cropping past the input"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.Cropping2D) { EdgeTop = 2, EdgeBottom = 3 }, "CNNG102"),
            ["rescaling NaN"] = (new[] { 4 }, new LayerSpec(LayerKind.Rescaling) { RescalingScale = double.NaN }, "CNNG004"),
            ["spatial dropout 1d on image"] = (new[] { 4, 4, 1 }, new LayerSpec(LayerKind.SpatialDropout1D), "CNNG103"),
        };

        public static TheoryData<string> Errors => new TheoryData<string>(ErrorTable.Keys);

        [Theory]
        [MemberData(nameof(Errors))]
        public void Invalid_layers_are_errors(string name)
        {
            var (input, layer, id) = ErrorTable[name];
            ModelResult result = Infer(input, layer);
            Assert.Null(result.Plan);
            DiagnosticInfo error = Assert.Single(result.Diagnostics);
            Assert.True(id == error.Descriptor.Id, $"{name}: expected {id}, got {error.Descriptor.Id}: {string.Join(" | ", error.Arguments)}");
            Assert.Equal("0", error.Arguments[0]);
        }
    }
}
