using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CnnGen.Tests.Conformance;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Runtime
{
    /// <summary>
    /// <c>Predict(inputs, outputs, batchSize)</c>: groups of 8 through the dense tail and <c>MaxDegreeOfParallelism</c>
    /// give the single-sample outputs bit for bit, allocate nothing after warm-up, and surface a helper thread's exception.
    /// </summary>
    [Collection(nameof(BatchPredictTests))]
    public class BatchPredictTests
    {
        public static readonly int[] BatchSizes = { 0, 1, 3, 4, 5, 7, 8, 9, 17, 64 };

        public static TheoryData<string, int> ModelsAndParallelism
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (string model in FixtureModelTests.Models.Keys)
                {
                    for (int dop = 1; dop <= 3; dop++) data.Add(model, dop);
                }
                return data;
            }
        }

        private static void SetParallelism(ICnnModel model, int dop)
        {
            PropertyInfo property = model.GetType().GetProperty("MaxDegreeOfParallelism")
                ?? throw new InvalidOperationException(model.GetType().Name + " has no MaxDegreeOfParallelism (a .NET 8+ consumer should).");
            property.SetValue(model, dop);
        }

        /// <summary>
        /// <paramref name="count"/> samples: the fixture's inputs in turn, then the same ones reordered and scaled (so that
        /// the samples of a group differ, and their zero inputs after a relu differ too). The first N are the fixture's own.
        /// </summary>
        private static float[] Samples(string model, int inputLength, int count)
        {
            float[] fixture = KerasFixture.Input(model);
            int n = fixture.Length / inputLength;
            var inputs = new float[count * inputLength];
            for (int i = 0; i < count; i++)
            {
                int source = (i + i / n) % n;
                float scale = 1f + 0.05f * (i / n);
                for (int j = 0; j < inputLength; j++) inputs[i * inputLength + j] = fixture[source * inputLength + j] * scale;
            }
            return inputs;
        }

        [Theory]
        [MemberData(nameof(ModelsAndParallelism))]
        public void Batch_outputs_equal_single_predict_bit_for_bit_and_match_keras(string model, int dop)
        {
            ICnnModel m = FixtureModelTests.Create(model);
            SetParallelism(m, dop);
            float[] expected = KerasFixture.Output(model);
            int fixtureSamples = expected.Length / m.OutputLength;
            float[] inputs = Samples(model, m.InputLength, 64);
            var single = new float[64 * m.OutputLength];
            for (int i = 0; i < 64; i++) m.Predict(inputs.AsSpan(i * m.InputLength, m.InputLength), single.AsSpan(i * m.OutputLength, m.OutputLength));

            foreach (int batch in BatchSizes)
            {
                var outputs = new float[batch * m.OutputLength];
                outputs.AsSpan().Fill(float.NaN);
                m.Predict(inputs.AsSpan(0, batch * m.InputLength), outputs, batch);
                for (int i = 0; i < outputs.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(outputs[i]) != BitConverter.SingleToInt32Bits(single[i]))
                    {
                        Assert.Fail($"{model}, batch {batch}, MaxDegreeOfParallelism {dop}: sample {i / m.OutputLength} output {i % m.OutputLength} is {outputs[i]:R}, single Predict gave {single[i]:R}.");
                    }
                }
                int compared = Math.Min(batch, fixtureSamples) * m.OutputLength;
                Tolerance.AssertAllClose(expected.AsSpan(0, compared), outputs.AsSpan(0, compared), $"{model} batch {batch} dop {dop}");
            }
        }

        [Fact]
        public void MaxDegreeOfParallelism_defaults_to_1_and_rejects_less()
        {
            var model = new SeedCnn(KerasFixture.KerasOrderWeights("seed_cnn"));
            Assert.Equal(1, model.MaxDegreeOfParallelism);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.MaxDegreeOfParallelism = 0);
            Assert.Equal("value", e.ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => model.MaxDegreeOfParallelism = -1);
            model.MaxDegreeOfParallelism = 2;
            Assert.Equal(2, model.MaxDegreeOfParallelism);
        }

        [Fact]
        public void MaxDegreeOfParallelism_above_the_core_count_uses_one_thread_per_core_at_most()
        {
            // int.MaxValue on a batch of 8,000 once made 2,000 workers (780 MB of buffers). Now: at most one per core.
            var model = new SeedDnn(KerasFixture.KerasOrderWeights("seed_dnn")) { MaxDegreeOfParallelism = int.MaxValue };
            Assert.Equal(int.MaxValue, model.MaxDegreeOfParallelism);
            const int batch = 4000;
            float[] inputs = Samples("seed_dnn", SeedDnn.InputLength, batch);
            var outputs = new float[batch * SeedDnn.OutputLength];
            model.Predict(inputs, outputs, batch);

            var workers = (Array?)Workers(model);
            Assert.True((workers?.Length ?? 0) <= Environment.ProcessorCount - 1, $"{workers?.Length} workers on {Environment.ProcessorCount} cores");
            var single = new float[SeedDnn.OutputLength];
            model.Predict(inputs.AsSpan((batch - 1) * SeedDnn.InputLength, SeedDnn.InputLength), single);
            Assert.Equal(single, outputs.AsSpan((batch - 1) * SeedDnn.OutputLength).ToArray());
        }

        [Theory]
        [InlineData("seed_cnn", 1)]
        [InlineData("seed_cnn", 2)]
        [InlineData("seed_dnn", 1)]
        [InlineData("seed_dnn", 2)]
        [InlineData("seed_dnn", 3)]
        public void Batch_predict_allocates_nothing_after_warm_up(string name, int dop)
        {
            ICnnModel model = FixtureModelTests.Create(name);
            SetParallelism(model, dop);
            float[] inputs = Samples(name, model.InputLength, 64);
            var outputs = new float[64 * model.OutputLength];
            // Past the JIT's tier-up (OSR and tier-1 compilations can be charged to the calling thread) and the first
            // blocking wait of each worker's event (which creates its kernel handle once).
            for (int i = 0; i < 40; i++) model.Predict(inputs, outputs, 64);

            // Short calls: 8 samples (two groups of four, one per thread with dop 2), then 7 (a group and 3 single samples).
            Action call = () =>
            {
                model.Predict(inputs.AsSpan(0, 8 * model.InputLength), outputs.AsSpan(0, 8 * model.OutputLength), 8);
                model.Predict(inputs.AsSpan(0, 7 * model.InputLength), outputs.AsSpan(0, 7 * model.OutputLength), 7);
            };
            // The calling thread, exactly: its own range of the batch runs RunBatch and every layer method, as the workers do.
            Assert.Equal(0, Allocations.OnThisThread(call));
            // The whole process, the helper threads' work and its queueing included. Process-wide counts include the test
            // host's other threads, so the least of many short attempts counts (Allocations.InProcess): the seed DNN's
            // microsecond calls leave no room for noise, and its batch machinery (workers, queueing, events) is the seed CNN's.
            // The seed CNN's calls take milliseconds (much more on the scalar path of a loaded machine), long enough for the
            // host's periodic work to fall into every attempt, so for it only the calling thread is measured.
            if (name == "seed_dnn") Assert.Equal(0, Allocations.InProcess(call));
        }

        /// <summary>The helper-thread workers of a model's thread split (<c>CnnGen.Kernels.ParallelBatch</c>), or null before its first split batch.</summary>
        private static object? Workers(object model)
        {
            object? split = model.GetType().GetField("_parallelBatch", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(model);
            return split?.GetType().GetField("_workers", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(split);
        }

        [Fact]
        public void An_exception_on_a_helper_thread_reaches_the_caller_and_the_model_stays_usable()
        {
            var model = new SeedCnn(KerasFixture.KerasOrderWeights("seed_cnn")) { MaxDegreeOfParallelism = 2 };
            float[] inputs = Samples("seed_cnn", SeedCnn.InputLength, 64);
            var expected = new float[64 * SeedCnn.OutputLength];
            model.Predict(inputs, expected, 64);

            // White-box fault injection: give the helper a group buffer too small for its first group. The generated
            // code takes its span with a checked Span constructor before any layer touches it, so this throws cleanly,
            // on the helper's thread.
            object worker = ((Array)Workers(model)!).GetValue(0)!;
            var buffers = (float[][])worker.GetType().GetField("_buffers", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(worker)!;
            float[] original = buffers[2];
            buffers[2] = new float[1];
            var outputs = new float[64 * SeedCnn.OutputLength];
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(inputs, outputs, 64));
            Assert.Contains("Worker.Run", e.StackTrace);
            // The caller's own range still finished.
            Assert.Equal(expected.AsSpan(0, 32 * SeedCnn.OutputLength).ToArray(), outputs.AsSpan(0, 32 * SeedCnn.OutputLength).ToArray());

            buffers[2] = original;
            Array.Clear(outputs);
            model.Predict(inputs, outputs, 64);
            Assert.Equal(expected, outputs);
        }

        [Fact]
        public void Concurrent_batch_calls_on_one_parallel_instance_give_the_right_outputs()
        {
            var model = new SeedCnn(KerasFixture.KerasOrderWeights("seed_cnn")) { MaxDegreeOfParallelism = 2 };
            float[] inputs = Samples("seed_cnn", SeedCnn.InputLength, 16);
            var expected = new float[16 * SeedCnn.OutputLength];
            for (int i = 0; i < 16; i++) model.Predict(inputs.AsSpan(i * SeedCnn.InputLength, SeedCnn.InputLength), expected.AsSpan(i * SeedCnn.OutputLength, SeedCnn.OutputLength));
            int threads = 4, mismatches = 0;
            using var start = new Barrier(threads);
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var outputs = new float[16 * SeedCnn.OutputLength];
                start.SignalAndWait();
                for (int iteration = 0; iteration < 10; iteration++)
                {
                    Array.Clear(outputs);
                    model.Predict(inputs, outputs, 16);
                    if (!outputs.AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref mismatches);
                }
            });
            Assert.Equal(0, mismatches);
        }
    }

    /// <summary>Alone: the allocation tests count the whole process's bytes.</summary>
    [CollectionDefinition(nameof(BatchPredictTests), DisableParallelization = true)]
    public class BatchPredictCollection
    {
    }
}
