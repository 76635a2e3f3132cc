using System;
using System.Collections.Generic;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The looped form of every new emitter against Keras (the fixture models with new layer kinds, declared with
    /// UnrollBudget = 0, and with BatchNormalization kept standalone where the fixture folds it), and reshape_misc fully
    /// unrolled. The other unrolled forms are in <see cref="FixtureSliceTests"/>.
    /// </summary>
    public class FormVariantTests
    {
        private static readonly int[] None = Array.Empty<int>();

        /// <summary>
        /// Variant → its fixture, how to build it from flat Keras-order weights, and the indices of the Dropout(0) layers
        /// it inserts (absent from the fixture, so skipped when comparing layer outputs).
        /// </summary>
        public static readonly IReadOnlyDictionary<string, (string Fixture, Func<float[], ICnnModel> Create, int[] Inserted)> Variants =
            new Dictionary<string, (string, Func<float[], ICnnModel>, int[])>
            {
                [nameof(BatchnormDropoutLooped)] = ("batchnorm_dropout", w => new BatchnormDropoutLooped(w), None),
                [nameof(BatchnormDropoutUnfoldedLooped)] = ("batchnorm_dropout", w => new BatchnormDropoutUnfoldedLooped(w), new[] { 1, 6 }),
                [nameof(GlobalPoolsLooped)] = ("global_pools", w => new GlobalPoolsLooped(w), None),
                [nameof(GlobalPoolsMaxLooped)] = ("global_pools_max", w => new GlobalPoolsMaxLooped(w), None),
                [nameof(DepthwiseSeparableLooped)] = ("depthwise_separable", w => new DepthwiseSeparableLooped(w), None),
                [nameof(DepthwiseSeparableUnfolded)] = ("depthwise_separable", w => new DepthwiseSeparableUnfolded(w), new[] { 2 }),
                [nameof(ReshapeMiscUnrolled)] = ("reshape_misc", w => new ReshapeMiscUnrolled(w), None),
                [nameof(ReshapeMiscLooped)] = ("reshape_misc", w => new ReshapeMiscLooped(w), None),
                [nameof(ActivationsUnrolled)] = ("activations", w => new ActivationsUnrolled(w), None),
            };

        public static TheoryData<string> VariantNames => new TheoryData<string>(Variants.Keys);

        [Theory]
        [MemberData(nameof(VariantNames))]
        public void Output_matches_keras_for_every_input(string variant)
        {
            var (fixture, create, _) = Variants[variant];
            FixtureModelTests.AssertOutputMatches(create(KerasFixture.KerasOrderWeights(fixture)), fixture, variant + " output");
        }

        [Theory]
        [MemberData(nameof(VariantNames))]
        public void Every_layer_matches_keras(string variant)
        {
            var (fixture, create, inserted) = Variants[variant];
            ICnnModel m = create(KerasFixture.KerasOrderWeights(fixture));
            GeneratedModel.PredictThrough through = GeneratedModel.Through(m);
            float[] input = KerasFixture.Input(fixture);
            int n = input.Length / m.InputLength;
            int fixtureLayer = 0;
            for (int k = 0; fixtureLayer < KerasFixture.LayerCount(fixture); k++)
            {
                if (Array.IndexOf(inserted, k) >= 0) continue;
                float[] expected = KerasFixture.LayerOutput(fixture, fixtureLayer++);
                int length = expected.Length / n;
                var actual = new float[expected.Length];
                bool observable = true;
                for (int i = 0; i < n && observable; i++)
                {
                    observable = through(k, input.AsSpan(i * m.InputLength, m.InputLength), actual.AsSpan(i * length, length));
                }
                // Not observable: a later layer (a folded BatchNormalization or activation, a fused max pooling) is computed inside this one; the next one checks both.
                if (observable) Tolerance.AssertAllClose(expected, actual, $"{variant} layer {k}");
            }
        }
    }
}
