using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The repository's graph fixture (Fixtures/keras-graph-extra/graph_options, TF.js Layers 4.22 golden values): Concatenate
    /// along the columns, UpSampling2D (2, 3), Conv2DTranspose 'valid' with a kernel smaller than its stride and 'same'
    /// with an even kernel, broadcast Multiply and Maximum, Permute, PReLU (per position and shared), Average, Minimum.
    /// Output and every layer within the conformance tolerance; weights loaded by name from its model.json.
    /// </summary>
    public class GraphExtraFixtureTests
    {
        private const string Fixture = "graph_options";

        private static ICnnModel Create() => GraphOptionsFromTfjs.LoadTfjs(FunctionalFixtureTests.Path(Fixture, "model.json"));

        [Fact]
        public void Output_matches_keras() => FunctionalFixtureTests.AssertOutputMatches(Create(), Fixture, Fixture + " output");

        [Fact]
        public void Every_layer_matches_keras() => FunctionalFixtureTests.AssertEveryLayerMatches(Create(), Fixture, Fixture);

        [Fact]
        public void Parameter_counts_equal_keras()
        {
            var p = SharedFiles.ReadJson(FunctionalFixtureTests.Path(Fixture, "params.json"));
            Assert.Equal(p.GetProperty("totalParams").GetInt32(), GraphOptionsFromTfjs.ParameterCount);
            Assert.Equal(p.GetProperty("trainableParams").GetInt32(), GraphOptionsFromTfjs.TrainableParameterCount);
        }
    }
}

namespace CnnGen.Tests.Conformance
{
    using System;
    using System.Linq;
    using Microsoft.CodeAnalysis;

    /// <summary>
    /// The 1-D layers TF.js has no class for, held bit for bit to their 2-D forms, which the Keras fixtures prove: ZeroPadding1D,
    /// Cropping1D and UpSampling1D on (steps, channels) are ZeroPadding2D, Cropping2D and UpSampling2D on (steps, 1, channels).
    /// And hard_silu, Keras 3's x · relu6(x + 3) / 6, at the points where its pieces meet.
    /// </summary>
    public class SequenceLayerTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(1000000)]
        public void One_d_layers_equal_their_two_d_forms(int budget)
        {
            string source = "using CnnGen;\nnamespace Seq\n{\n" +
                $"[CnnModel(UnrollBudget = {budget})] [Input(6, 3)] [ZeroPadding1D(1, 2)] [Cropping1D(2, 1)] [UpSampling1D(3)] [ZeroPadding1D(2)] [Cropping1D(1)] [Conv1D(2, 2)]\npublic partial class OneD {{ public static OneD FromArray(float[] w) => new OneD(w); }}\n" +
                $"[CnnModel(UnrollBudget = {budget})] [Input(6, 3)] [Reshape(6, 1, 3)] [ZeroPadding2D(1, 2, 0, 0)] [Cropping2D(2, 1, 0, 0)] [UpSampling2D(3, 1)] [ZeroPadding2D(2, 2, 0, 0)] [Cropping2D(1, 1, 0, 0)] [Reshape(-1, 3)] [Conv1D(2, 2)]\npublic partial class TwoD {{ public static TwoD FromArray(float[] w) => new TwoD(w); }}\n}}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            System.Reflection.Assembly assembly = run.LoadType("Seq.OneD").Assembly;
            var weights = Enumerable.Range(0, 14).Select(i => (float)Math.Sin(i + 1)).ToArray();
            var oneD = Create(assembly.GetType("Seq.OneD")!, weights);
            var twoD = Create(run.LoadType("Seq.TwoD"), weights);
            Assert.Equal(twoD.OutputLength, oneD.OutputLength);
            var random = new Random(7);
            var input = Enumerable.Range(0, 18).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var a = new float[oneD.OutputLength];
            var b = new float[twoD.OutputLength];
            oneD.Predict(input, a);
            twoD.Predict(input, b);
            Assert.Equal(b, a);
        }

        private static ICnnModel Create(Type type, float[] weights) => (ICnnModel)type.GetMethod("FromArray")!.Invoke(null, new object[] { weights })!;

        [Fact]
        public void Hard_silu_is_x_times_relu6_of_x_plus_3_over_6()
        {
            Assert.Equal(0f, CnnGen.Kernels.Ops.HardSwish(-3f));
            Assert.Equal(0f, CnnGen.Kernels.Ops.HardSwish(-7f));
            Assert.Equal(3f, CnnGen.Kernels.Ops.HardSwish(3f));
            Assert.Equal(8f, CnnGen.Kernels.Ops.HardSwish(8f));
            Assert.Equal(0f, CnnGen.Kernels.Ops.HardSwish(0f));
            Assert.Equal(1f * (4f / 6f), CnnGen.Kernels.Ops.HardSwish(1f));
            Assert.Equal(-1f * (2f / 6f), CnnGen.Kernels.Ops.HardSwish(-1f));
        }
    }
}
