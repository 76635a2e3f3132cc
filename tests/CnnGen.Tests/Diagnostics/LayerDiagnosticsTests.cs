using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// The negative.json cases that involve the new layers (and a few more bad arguments): each is a compile-time
    /// error with the right id, located on the attribute of the offending layer, naming that layer.
    /// </summary>
    public class LayerDiagnosticsTests
    {
        public static TheoryData<string, string, string, string, string> Cases => new TheoryData<string, string, string, string, string>
        {
            // name, [Input] + layers (the offending one marked with /*!*/), id, Keras layer name, text in the message
            { "cropping_too_much", "[Input(4, 4, 1)] /*!*/[Cropping2D(2, 3, 0, 0)]", "CNNG102", "cropping2d", "(None, -1, 4, 1)" },
            { "depthwise_kernel_larger_than_input", "[Input(3, 3, 2)] /*!*/[DepthwiseConv2D(5)]", "CNNG101", "depthwise_conv2d", "5x5" },
            { "separable_zero_filters", "[Input(5, 5, 2)] /*!*/[SeparableConv2D(0, 3)]", "CNNG004", "separable_conv2d", "filters must be a positive integer, got 0" },
            { "batchnorm_bad_axis", "[Input(5, 5, 2)] /*!*/[BatchNormalization(Axis = 5)]", "CNNG004", "batch_normalization", "axis 5 is out of range" },
            { "global_pool_on_2d", "[Input(5)] [Dense(4)] /*!*/[GlobalAveragePooling2D]", "CNNG103", "global_average_pooling2d", "(None, 4) (rank 1)" },
            { "reshape_size_mismatch", "[Input(4, 4, 1)] /*!*/[Reshape(5, 3)]", "CNNG106", "reshape", "(None, 4, 4, 1) (16 values) to target shape (5, 3), which needs 15 values" },
            { "zero_padding_negative", "[Input(4, 4, 1)] /*!*/[ZeroPadding2D(-1, -1)]", "CNNG004", "zero_padding2d", "padding must not be negative" },
            { "depthwise_multiplier_zero", "[Input(5, 5, 2)] /*!*/[DepthwiseConv2D(3, DepthMultiplier = 0)]", "CNNG004", "depthwise_conv2d", "depth_multiplier must be a positive integer, got 0" },
            { "separable_multiplier_negative", "[Input(5, 5, 2)] /*!*/[SeparableConv2D(4, 3, DepthMultiplier = -1)]", "CNNG004", "separable_conv2d", "depth_multiplier must be a positive integer, got -1" },
            { "conv1d_causal", "[Input(10, 3)] /*!*/[Conv1D(4, 3, Padding = Padding.Causal)]", "CNNG105", "conv1d", "causal" },
            { "conv2d_causal", "[Input(10, 10, 3)] /*!*/[Conv2D(4, 3, Padding = Padding.Causal)]", "CNNG004", "conv2d", "only valid for Conv1D" },
            { "batchnorm_axis_not_last", "[Input(5, 5, 2)] /*!*/[BatchNormalization(Axis = 1)]", "CNNG105", "batch_normalization", "only the last axis" },
            { "reshape_two_unknowns", "[Input(4, 4, 1)] /*!*/[Reshape(-1, -1)]", "CNNG004", "reshape", "-1 only once" },
            { "reshape_unknown_not_divisible", "[Input(4, 4, 1)] /*!*/[Reshape(-1, 3)]", "CNNG106", "reshape", "a multiple of 3" },
            { "cropping_to_zero", "[Input(4, 4, 1)] /*!*/[Cropping2D(0, 0, 2, 2)]", "CNNG102", "cropping2d", "(None, 4, 0, 1)" },
            { "cropping_negative", "[Input(4, 4, 1)] /*!*/[Cropping2D(-1)]", "CNNG004", "cropping2d", "cropping must not be negative" },
            { "conv1d_on_image", "[Input(5, 5, 1)] /*!*/[Conv1D(2, 3)]", "CNNG103", "conv1d", "a sequence (steps, channels)" },
            { "conv1d_kernel_larger_than_input", "[Input(3, 2)] /*!*/[Conv1D(2, 5)]", "CNNG101", "conv1d", "kernel window 5 (effective 5)" },
            { "pool1d_on_image", "[Input(5, 5, 1)] /*!*/[MaxPooling1D(2)]", "CNNG103", "max_pooling1d", "a sequence" },
            { "global_pool1d_on_image", "[Input(5, 5, 1)] /*!*/[GlobalMaxPooling1D]", "CNNG103", "global_max_pooling1d", "a sequence" },
            { "spatial_dropout2d_on_sequence", "[Input(5, 3)] /*!*/[SpatialDropout2D(0.1)]", "CNNG103", "spatial_dropout2d", "an image" },
            { "spatial_dropout_rate", "[Input(5, 3)] /*!*/[SpatialDropout1D(1.5)]", "CNNG004", "spatial_dropout1d", "rate must be in [0, 1)" },
            { "depthwise_dilation_with_strides", "[Input(9, 9, 1)] /*!*/[DepthwiseConv2D(3, Strides = 2, DilationRate = 2)]", "CNNG104", "depthwise_conv2d", "dilation rate 2x2 together with strides 2x2" },
            { "batchnorm_negative_epsilon", "[Input(5)] /*!*/[BatchNormalization(Epsilon = -1)]", "CNNG004", "batch_normalization", "epsilon" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Negative_case_is_a_located_compile_error(string name, string declaration, string id, string layerName, string messagePart)
        {
            string source = "using CnnGen;\nnamespace N\n{\n    [CnnModel]\n    " + declaration + "\n    public partial class " + ToPascal(name) + " { }\n}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            Diagnostic error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(id, error.Id);
            string message = error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("'" + layerName + "'", message);
            Assert.Contains(messagePart, message);
            // Located on the offending layer's attribute: the text right after the /*!*/ marker.
            int marker = source.IndexOf("/*!*/", System.StringComparison.Ordinal) + "/*!*/[".Length;
            Assert.Equal(marker, error.Location.SourceSpan.Start);
            run.AssertStandInOnly();
        }

        [Fact]
        public void Every_new_layer_compiles_as_CSharp_7_3_unrolled_and_looped()
        {
            const string Layers = @"
    [Input(12, 10, 3)]
    [Rescaling(1.0 / 255, Offset = -0.5)]
    [ZeroPadding2D(1, 2, 0, 1)]
    [Cropping2D(1)]
    [DepthwiseConv2D(3, 2, DepthMultiplier = 2, Padding = Padding.Same, DilationRate = 2, UseBias = false)]
    [BatchNormalization]
    [SeparableConv2D(5, 3, Strides = 2, Activation = Activation.Softmax)]
    [SpatialDropout2D(0.2)]
    [BatchNormalization(Center = false, Scale = false)]
    [GlobalMaxPooling2D(KeepDims = true)]
    [Reshape(-1, 1)]
    [Conv1D(4, 2, Padding = Padding.Same)]
    [BatchNormalization]
    [AveragePooling1D(2, Padding = Padding.Same)]
    [MaxPooling1D(1)]
    [SpatialDropout1D(0.1)]
    [GlobalAveragePooling1D]
    [Dense(3)]
    [BatchNormalization(Epsilon = 0.01)]";
            foreach (int budget in new[] { 0, 1000000 })
            {
                string source = "using CnnGen;\nnamespace N\n{\n    [CnnModel(UnrollBudget = " + budget + ")]" + Layers + "\n    public partial class Everything { }\n}\n";
                GeneratorRun run = GeneratorHarness.Run(source, LanguageVersion.CSharp7_3);
                Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
                Assert.Empty(run.CompileErrors);
                Assert.Contains(budget == 0 ? "Outer loops kept" : "Fully unrolled", run.Single());
            }
        }

        private static string ToPascal(string snake) =>
            string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
    }
}
