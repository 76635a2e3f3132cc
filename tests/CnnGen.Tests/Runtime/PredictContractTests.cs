using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CnnGen.Tests.Conformance;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Runtime
{
    /// <summary>The generated members' contract: argument checks, weight loading, no allocation, thread safety.</summary>
    public class PredictContractTests
    {
        private static SeedCnn CreateSeedCnn() => new SeedCnn(KerasFixture.KerasOrderWeights("seed_cnn"));

        [Fact]
        public void LoadTfjs_gives_the_same_model_as_the_flat_weights()
        {
            SeedCnn fromFile = SeedCnn.LoadTfjs(SharedFiles.Keras("seed_cnn", "model.json"));
            SeedCnn fromSpan = CreateSeedCnn();
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras("seed_cnn", "input.bin"));
            var a = new float[4 * SeedCnn.OutputLength];
            var b = new float[4 * SeedCnn.OutputLength];
            fromFile.Predict(input, a, 4);
            fromSpan.Predict(input, b, 4);
            Assert.Equal(b, a);
        }

        [Fact]
        public void LoadTfjs_of_another_model_names_the_missing_tensor()
        {
            var e = Assert.Throws<WeightFileException>(() => SeedCnn.LoadTfjs(SharedFiles.Keras("seed_dnn", "model.json")));
            Assert.Contains("conv2d/kernel", e.Message);
            Assert.Contains("model.json", e.Message);
        }

        [Fact]
        public void Constructor_rejects_a_wrong_weight_count_saying_expected_and_actual()
        {
            var e = Assert.Throws<ArgumentException>(() => new SeedCnn(new float[SeedCnn.ParameterCount - 1]));
            Assert.Contains("243786", e.Message);
            Assert.Contains("243785", e.Message);
            Assert.Equal("weights", e.ParamName);
        }

        [Theory]
        [InlineData(783, 10)]
        [InlineData(785, 10)]
        [InlineData(784, 9)]
        [InlineData(784, 11)]
        public void Predict_rejects_wrong_lengths(int inputLength, int outputLength)
        {
            SeedCnn model = CreateSeedCnn();
            var e = Assert.Throws<ArgumentException>(() => model.Predict(new float[inputLength], new float[outputLength]));
            Assert.Contains(inputLength != 784 ? inputLength.ToString() : outputLength.ToString(), e.Message);
        }

        [Fact]
        public void Batch_predict_rejects_lengths_that_do_not_match_the_batch()
        {
            SeedCnn model = CreateSeedCnn();
            Assert.Throws<ArgumentException>(() => model.Predict(new float[784 * 3], new float[10 * 2], 2));
            Assert.Throws<ArgumentException>(() => model.Predict(new float[784 * 2], new float[10 * 3], 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(new float[0], new float[0], -1));
            model.Predict(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0);
        }

        [Fact]
        public void Predict_allocates_nothing_after_the_first_call()
        {
            SeedCnn model = CreateSeedCnn();
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras("seed_cnn", "input.bin"));
            var output = new float[4 * SeedCnn.OutputLength];
            // Warm up past the JIT's tier-up (the SIMD layer paths are separate methods whose first tier-0/OSR
            // compilations load types, which can be charged to this thread); the model itself allocates only the
            // per-thread scratch buffers, on the first call.
            for (int i = 0; i < 50; i++)
            {
                model.Predict(input.AsSpan(0, SeedCnn.InputLength), output.AsSpan(0, SeedCnn.OutputLength));
                model.Predict(input, output, 4);
            }

            // The calling thread only (the batch runs on it: MaxDegreeOfParallelism is 1), so other threads cannot count.
            long allocated = Allocations.OnThisThread(() =>
            {
                model.Predict(input.AsSpan(0, SeedCnn.InputLength), output.AsSpan(0, SeedCnn.OutputLength));
                model.Predict(input, output, 4);
            });
            Assert.Equal(0, allocated);
        }

        [Fact]
        public void One_instance_predicts_from_several_threads_at_once()
        {
            // The documented promise: weights are read-only and scratch buffers are per thread.
            SeedCnn model = CreateSeedCnn();
            float[] input = SharedFiles.ReadFloats(SharedFiles.Keras("seed_cnn", "input.bin"));
            float[] expected = SharedFiles.ReadFloats(SharedFiles.Keras("seed_cnn", "output.bin"));
            int threads = Math.Max(4, Environment.ProcessorCount * 2);
            int mismatches = 0;
            using var start = new Barrier(threads);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var output = new float[SeedCnn.OutputLength];
                start.SignalAndWait();
                for (int iteration = 0; iteration < 20; iteration++)
                {
                    int sample = (t + iteration) % 4;
                    model.Predict(input.AsSpan(sample * SeedCnn.InputLength, SeedCnn.InputLength), output);
                    for (int i = 0; i < output.Length; i++)
                    {
                        if (!Tolerance.Within(output[i], expected[sample * SeedCnn.OutputLength + i])) Interlocked.Increment(ref mismatches);
                    }
                }
            });
            Assert.Equal(0, mismatches);
        }
    }
}
