using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// Every intermediate layer of the seed CNN against Keras' layers/NN-*.bin: each prefix model (the seed CNN
    /// cut after layer k) takes the first ParameterCount weights of the full model.
    /// </summary>
    public class SeedCnnLayerTests
    {
        private static readonly Func<float[], ICnnModel>[] Prefixes =
        {
            w => new SeedCnnUpTo0(w.AsSpan(0, SeedCnnUpTo0.ParameterCount)),
            w => new SeedCnnUpTo1(w.AsSpan(0, SeedCnnUpTo1.ParameterCount)),
            w => new SeedCnnUpTo2(w.AsSpan(0, SeedCnnUpTo2.ParameterCount)),
            w => new SeedCnnUpTo3(w.AsSpan(0, SeedCnnUpTo3.ParameterCount)),
            w => new SeedCnnUpTo4(w.AsSpan(0, SeedCnnUpTo4.ParameterCount)),
            w => new SeedCnnUpTo5(w.AsSpan(0, SeedCnnUpTo5.ParameterCount)),
            w => new SeedCnn(w),
        };

        public static TheoryData<int> LayerIndices => new TheoryData<int>(Enumerable.Range(0, 7));

        [Theory]
        [MemberData(nameof(LayerIndices))]
        public void Layer_output_matches_keras(int index)
        {
            string file = Directory.GetFiles(SharedFiles.Keras("seed_cnn", "layers"), index.ToString("00") + "-*.bin").Single();
            ICnnModel m = Prefixes[index](FixtureModelTests.KerasOrderWeights("seed_cnn"));
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras("seed_cnn", "input.bin"));
            float[] expected = SharedFiles.ReadFloats(file);
            int n = input.Length / m.InputLength;
            Assert.Equal(expected.Length, n * m.OutputLength);
            var actual = new float[expected.Length];
            m.Predict(input, actual, n);
            Tolerance.AssertAllClose(expected, actual, Path.GetFileName(file));
        }
    }
}
