using System;
using System.Collections.Generic;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>The unrolled slices of FixtureSlices.cs against Keras' layer outputs.</summary>
    public class FixtureSliceTests
    {
        /// <summary>Slice → its fixture, its first and last fixture layer, its type, and how to build it from flat weights.</summary>
        public static readonly IReadOnlyDictionary<string, (string Fixture, int First, int Last, Type Type, Func<float[], ICnnModel> Create)> Slices =
            new Dictionary<string, (string, int, int, Type, Func<float[], ICnnModel>)>
            {
                [nameof(BatchnormDropoutSlice1)] = ("batchnorm_dropout", 1, 1, typeof(BatchnormDropoutSlice1), w => new BatchnormDropoutSlice1(w)),
                [nameof(BatchnormDropoutSlice4To6)] = ("batchnorm_dropout", 4, 6, typeof(BatchnormDropoutSlice4To6), w => new BatchnormDropoutSlice4To6(w)),
                [nameof(BatchnormDropoutSlice10)] = ("batchnorm_dropout", 10, 10, typeof(BatchnormDropoutSlice10), w => new BatchnormDropoutSlice10(w)),
                [nameof(GlobalPoolsSlice0)] = ("global_pools", 0, 0, typeof(GlobalPoolsSlice0), w => new GlobalPoolsSlice0(w)),
                [nameof(GlobalPoolsSlice2To3)] = ("global_pools", 2, 3, typeof(GlobalPoolsSlice2To3), w => new GlobalPoolsSlice2To3(w)),
                [nameof(GlobalPoolsSlice5)] = ("global_pools", 5, 5, typeof(GlobalPoolsSlice5), w => new GlobalPoolsSlice5(w)),
                [nameof(GlobalPoolsMaxSlice1)] = ("global_pools_max", 1, 1, typeof(GlobalPoolsMaxSlice1), w => new GlobalPoolsMaxSlice1(w)),
                [nameof(GlobalPoolsMaxSlice3)] = ("global_pools_max", 3, 3, typeof(GlobalPoolsMaxSlice3), w => new GlobalPoolsMaxSlice3(w)),
                [nameof(DepthwiseSeparableSlice1To3)] = ("depthwise_separable", 1, 3, typeof(DepthwiseSeparableSlice1To3), w => new DepthwiseSeparableSlice1To3(w)),
                [nameof(DepthwiseSeparableSlice5To8)] = ("depthwise_separable", 5, 8, typeof(DepthwiseSeparableSlice5To8), w => new DepthwiseSeparableSlice5To8(w)),
            };

        public static TheoryData<string> SliceNames => new TheoryData<string>(Slices.Keys);

        [Theory]
        [MemberData(nameof(SliceNames))]
        public void Slice_output_matches_keras(string slice)
        {
            var (fixture, first, last, type, create) = Slices[slice];
            ICnnModel m = create(KerasFixture.WeightsByName(fixture, GeneratedModel.WeightSpecs(type)));
            float[] input = first == 0 ? KerasFixture.Input(fixture) : KerasFixture.LayerOutput(fixture, first - 1);
            float[] expected = KerasFixture.LayerOutput(fixture, last);
            int n = input.Length / m.InputLength;
            Assert.Equal(input.Length, n * m.InputLength);
            var actual = new float[n * m.OutputLength];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, slice);
        }

        [Fact]
        public void Slices_are_unrolled()
        {
            foreach (Type type in Slices.Values.Select(s => s.Type))
            {
                Assert.Equal(1000000, ((CnnModelAttribute)Attribute.GetCustomAttribute(type, typeof(CnnModelAttribute))!).UnrollBudget);
            }
        }
    }
}
