using System.Text.RegularExpressions;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Generator
{
    /// <summary>
    /// Which form each layer gets (LayerFusion): max pooling fused into the conv before it, Winograd for 3x3 stride-1
    /// convs with 16+ channels; only on SIMD targets. The numbers of these forms are checked against Keras by the
    /// conformance tests (WinogradConvs, FusedPools, the seed CNN); these tests make sure those tests run the forms.
    /// </summary>
    public class LayerScheduleTests
    {
        private const string Winograd = @"using CnnGen;
namespace Demo
{
    [CnnModel]
    [Input(12, 12, 16)]
    [Conv2D(32, 3, Padding = Padding.Same, Activation = Activation.Relu)]
    [Conv2D(32, 3, UseBias = false)]
    [BatchNormalization]
    [Conv2D(16, 3, Padding = Padding.Same)]
    [MaxPooling2D(2)]
    [Conv2D(16, 3, Strides = 2)]
    [Conv2D(8, 3, Padding = Padding.Same)]
    [Flatten]
    [Dense(3)]
    public partial class M { }
}";

        private static int Count(string source, string pattern) => Regex.Matches(source, pattern).Count;

        [Fact]
        public void Three_by_three_stride_one_convs_with_16_channels_run_as_winograd_except_the_last_layer()
        {
            GeneratorRun run = GeneratorHarness.Run(Winograd);
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
            string source = run.Single();
            // conv2d, conv2d_1 (BatchNormalization folded) and conv2d_2 (pool fused); not the strided conv2d_3, not
            // conv2d_4 (8 output channels, and a 2x2 output: smaller than one tile).
            Assert.Matches(@"// conv2d \(Conv2D\): 12x12x16 -> 12x12x32[^\n]*; Winograd F\(4x4,3x3\)", source);
            Assert.Matches(@"// conv2d_1 \(Conv2D\)[^\n]*the BatchNormalization of layer 2 folded in[^\n]*; Winograd F\(4x4,3x3\)", source);
            Assert.Matches(@"// conv2d_2 \(Conv2D\)[^\n]*then max_pooling2d \(fused: writes 5x5x16\); Winograd F\(4x4,3x3\)", source);
            Assert.Equal(3, Count(source, @"; Winograd F\(4x4,3x3\)"));
            Assert.Contains("// max_pooling2d (MaxPooling2D): 10x10x16 -> 5x5x16, computed inside conv2d_2 (fused)", source);
            // The Winograd kernels are derived once, after the BatchNormalization folding rescaled conv2d_1's kernel.
            int folding = source.IndexOf("folded into conv2d_1: its kernel", System.StringComparison.Ordinal);
            int transform = source.IndexOf("// conv2d_1: the Winograd F(4x4,3x3) kernel", System.StringComparison.Ordinal);
            Assert.True(folding > 0 && transform > folding, "the Winograd kernel of conv2d_1 is computed after the folding");
        }

        [Fact]
        public void A_following_relu_or_activation_layer_becomes_the_layers_own_activation_and_lets_the_pool_fuse()
        {
            const string Model = @"using CnnGen;
namespace Demo
{
    [CnnModel]
    [Input(12, 12, 3)]
    [Conv2D(8, 3, UseBias = false)]
    [BatchNormalization]
    [ReLU]
    [MaxPooling2D(2)]
    [Conv2D(8, 3)]
    [Activation(Activation.Tanh)]
    [Flatten]
    [Dense(16)]
    [ReLU(MaxValue = 6)]
    [Dense(3)]
    public partial class M { }
}";
            GeneratorRun run = GeneratorHarness.Run(Model);
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
            string source = run.Single();
            // The keras-style block conv -> BatchNormalization -> ReLU -> MaxPooling2D becomes one layer method.
            Assert.Contains("// re_lu (ReLU): 10x10x8 -> 10x10x8, applied by conv2d as its activation", source);
            Assert.Contains("// max_pooling2d (MaxPooling2D): 10x10x8 -> 5x5x8, computed inside conv2d (fused)", source);
            Assert.Matches(@"// conv2d \(Conv2D\)[^\n]*, relu, the BatchNormalization of layer 1 folded in, activation from re_lu, then max_pooling2d", source);
            Assert.Contains("// activation (Activation): 3x3x8 -> 3x3x8, applied by conv2d_1 as its activation", source);
            // A ReLU with max_value is not a plain relu: it keeps its own method.
            Assert.Contains("private void Layer08ReLu1(", source);
            Assert.Contains("if (layer == 0 || layer == 1 || layer == 2 || layer == 4) return false;", source);
        }

        [Fact]
        public void The_last_layer_stays_direct_because_the_callers_output_has_no_room_for_the_workspace()
        {
            const string Model = "using CnnGen;\n[CnnModel] [Input(8, 8, 16)] [Conv2D(16, 3, Padding = Padding.Same)] LAST public partial class M { }";
            string last = GeneratorHarness.Run(Model.Replace("LAST", "")).Single();
            string notLast = GeneratorHarness.Run(Model.Replace("LAST", "[Flatten] [Dense(2)]")).Single();
            Assert.DoesNotContain("Winograd", last);
            Assert.Contains("; Winograd F(4x4,3x3)", notLast);
        }

        [Fact]
        public void Csharp_7_3_targets_keep_the_direct_unfused_forms()
        {
            GeneratorRun run = GeneratorHarness.Run(Winograd, LanguageVersion.CSharp7_3);
            Assert.Empty(run.CompileErrors);
            string source = run.Single();
            Assert.DoesNotContain("Winograd", source);
            Assert.DoesNotContain("(fused)", source);
        }
    }
}
