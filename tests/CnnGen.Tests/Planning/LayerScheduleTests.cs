using System.Linq;
using CnnGen.Generator.Planning;
using CnnGen.Tests.Emit;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Planning
{
    /// <summary>
    /// What the planner decides for each layer (the steps of the ExecutionPlan): max pooling fused into the conv before
    /// it, Winograd for 3x3 stride-1 convs with 16+ channels, activations folded, the batched dense tail; fusions only on
    /// SIMD targets. The numbers of these forms are checked against Keras by the conformance tests (WinogradConvs,
    /// FusedPools, the seed CNN); these tests make sure those tests run the forms.
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

        private static StepKind[] Kinds(ExecutionPlan plan) => plan.Steps.Select(s => s.Kind).ToArray();

        [Fact]
        public void Three_by_three_stride_one_convs_with_16_channels_run_as_winograd_except_the_last_layer()
        {
            ExecutionPlan plan = Planned.Of(Winograd);
            Assert.Equal(CodeForm.Simd, plan.Form);
            // conv2d, conv2d_1 (BatchNormalization folded) and conv2d_2 (pool fused) as Winograd; not the strided conv2d_3,
            // not conv2d_4 (8 output channels, and a 2x2 output: smaller than one tile).
            Assert.Equal(new[]
            {
                StepKind.WinogradConv, StepKind.WinogradConv, StepKind.Identity, StepKind.WinogradConv, StepKind.Identity,
                StepKind.Conv, StepKind.Conv, StepKind.Identity, StepKind.Dense,
            }, Kinds(plan));
            Assert.Equal(new Step(2, StepKind.Identity) { Reason = IdentityReason.FoldedNorm, Into = 1, UnrolledCost = 0 }, plan.Steps[2]);
            Assert.Equal(new Step(4, StepKind.Identity) { Reason = IdentityReason.FusedPool, Into = 3, UnrolledCost = plan.Steps[4].UnrolledCost }, plan.Steps[4]);
            Assert.Equal(IdentityReason.NothingToCompute, plan.Steps[7].Reason);
            Assert.Equal(4, plan.Model.Layers[3].FusedPool);
            Assert.Equal(new[] { 4, 4, 0, 4, 0, 0, 0, 0, 0 }, plan.Model.Layers.Select(l => l.WinogradTile).ToArray());
            // Each Winograd conv has its transformed kernel as a derived tensor and a workspace after its output.
            foreach (int i in new[] { 0, 1, 3 })
            {
                Assert.Contains(plan.Model.Layers[i].Derived, d => d.Name == plan.Model.Layers[i].Name + "/winograd_kernel");
                Assert.True(plan.Model.Layers[i].Workspace > 0);
            }
            Assert.True(plan.ScratchLength64 > plan.Model.Layers.Max(l => l.Output.Length), "the scratch buffers hold the Winograd workspace");
            // The Winograd kernels are derived once, after the BatchNormalization folding rescaled conv2d_1's kernel.
            string source = GeneratorHarness.Run(Winograd).Single();
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
    [Dense(32)]
    [ReLU(MaxValue = 6)]
    [Dense(3)]
    [ReLU(MaxValue = 5)]
    public partial class M { }
}";
            ExecutionPlan plan = Planned.Of(Model);
            // The keras-style block conv -> BatchNormalization -> ReLU -> MaxPooling2D becomes one step.
            Assert.Equal(new[]
            {
                StepKind.ConvWithPool, StepKind.Identity, StepKind.Identity, StepKind.Identity, StepKind.Conv, StepKind.Identity,
                StepKind.Identity, StepKind.Dense, StepKind.Identity, StepKind.Dense, StepKind.Elementwise,
            }, Kinds(plan));
            Assert.Equal(new[] { IdentityReason.FoldedNorm, IdentityReason.FoldedActivation, IdentityReason.FusedPool },
                plan.Steps.Skip(1).Take(3).Select(s => s.Reason).ToArray());
            Assert.All(plan.Steps.Skip(1).Take(3), s => Assert.Equal(0, s.Into));
            Assert.Equal(new Step(5, StepKind.Identity) { Reason = IdentityReason.FoldedActivation, Into = 4, UnrolledCost = plan.Steps[5].UnrolledCost }, plan.Steps[5]);
            Assert.Equal(CnnGen.Generator.Model.ActivationKind.Relu, plan.Model.Layers[0].Spec.Activation);
            Assert.Equal(CnnGen.Generator.Model.ActivationKind.Tanh, plan.Model.Layers[4].Spec.Activation);
            // ReLU(max_value=6) is relu6, a vector activation; another max_value keeps its own step.
            Assert.Equal(CnnGen.Generator.Model.ActivationKind.Relu6, plan.Model.Layers[7].Spec.Activation);
            Assert.Equal(IdentityReason.FoldedActivation, plan.Steps[8].Reason);
            Assert.Equal(StepKind.Elementwise, plan.Steps[10].Kind);
            // The batch runs a dense tail for groups of samples from a Dense with enough inputs (dense: 72) and work (dense:
            // 2,336 multiply-adds); inside the tail every Dense of 32 or more inputs runs grouped, small ones too (dense_1:
            // 32 inputs, 99 multiply-adds, whose one-sample form would keep one accumulator waiting on itself).
            Assert.Equal(7, plan.TailStart);
            Assert.Equal(new[] { 7, 9 }, plan.Steps.Where(s => s.Grouped).Select(s => s.Layer).ToArray());
            Assert.Equal(-1, Planned.Of(Model.Replace("[Dense(32)]", "[Dense(16)]")).TailStart);
        }

        [Fact]
        public void The_last_layer_stays_direct_because_the_callers_output_has_no_room_for_the_workspace()
        {
            const string Model = "using CnnGen;\n[CnnModel] [Input(8, 8, 16)] [Conv2D(16, 3, Padding = Padding.Same)] LAST public partial class M { }";
            Assert.Equal(StepKind.Conv, Planned.Of(Model.Replace("LAST", "")).Steps[0].Kind);
            Assert.Equal(StepKind.WinogradConv, Planned.Of(Model.Replace("LAST", "[Flatten] [Dense(2)]")).Steps[0].Kind);
        }

        [Fact]
        public void Csharp_7_3_targets_keep_the_direct_unfused_forms()
        {
            ExecutionPlan plan = Planned.Of(Winograd, LanguageVersion.CSharp7_3);
            Assert.Equal(CodeForm.Looped, plan.Form);
            Assert.DoesNotContain(plan.Steps, s => s.Kind == StepKind.WinogradConv || s.Kind == StepKind.ConvWithPool || s.Grouped);
            Assert.Equal(StepKind.Pooling, plan.Steps[4].Kind);
            Assert.Equal(IdentityReason.FoldedNorm, plan.Steps[2].Reason); // folding a BatchNormalization needs no SIMD
            Assert.Equal(-1, plan.TailStart);
        }

        [Fact]
        public void A_model_under_its_budget_is_unrolled_and_its_steps_sum_to_the_cost()
        {
            ExecutionPlan plan = Planned.Of(SnapshotTests.SmallModel);
            Assert.Equal(CodeForm.Unrolled, plan.Form);
            Assert.Equal(plan.UnrolledCost, plan.Steps.Sum(s => s.UnrolledCost));
            Assert.True(plan.UnrolledCost <= plan.Model.UnrollBudget);
            Assert.DoesNotContain(plan.Steps, s => s.Kind == StepKind.ConvWithPool);
            Assert.Equal(CodeForm.Simd, Planned.Of(SnapshotTests.SmallModel.Replace("[CnnModel]", "[CnnModel(UnrollBudget = 0)]")).Form);
        }

        [Fact]
        public void A_layer_below_the_small_layer_work_gets_one_vector128_path_and_larger_ones_every_width()
        {
            // The tutorial CNN's tail: Dense 1600 -> 128 (206,848 multiply-adds) and Dense 128 -> 10 (1,290).
            const string Model = "using CnnGen;\n[CnnModel(UnrollBudget = 0)] [Input(1600)] [Dense(128, Activation = Activation.Relu)] [Dense(10, Activation = Activation.Softmax)] public partial class M { }";
            ExecutionPlan plan = Planned.Of(Model);
            Assert.Equal(new[] { 16, 4 }, plan.Steps.Select(s => s.WidestVector).ToArray());
            Assert.True(plan.Steps[1].UnrolledCost < Planner.SmallLayerWork && plan.Steps[0].UnrolledCost >= Planner.SmallLayerWork);
            string code = GeneratorHarness.Run(Model).Single();
            string small = code.Substring(code.IndexOf("private void Layer01Dense1(", System.StringComparison.Ordinal));
            small = small.Substring(0, small.IndexOf("\n    }\n", System.StringComparison.Ordinal));
            Assert.DoesNotContain("static void Vector256", small);
            Assert.DoesNotContain("static void Vector512", small);
            Assert.Contains("static void Vector128", small);
            // Without SIMD there are no widths to limit.
            Assert.All(Planned.Of(Model, LanguageVersion.CSharp7_3).Steps, s => Assert.Equal(16, s.WidestVector));
        }
    }
}
