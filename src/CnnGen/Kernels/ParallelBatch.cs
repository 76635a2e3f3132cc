#if NET8_0_OR_GREATER
using System;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace CnnGen.Kernels
{
    /// <summary>
    /// Runs a range of a generated model's batch on the calling thread: in <paramref name="buffers"/> (a helper thread's
    /// own arrays, in the order the model gave their lengths) or, when null, in the calling thread's own scratch.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public delegate void BatchRangeRunner(ReadOnlySpan<float> inputs, Span<float> outputs, int count, float[][]? buffers);

    /// <summary>
    /// The thread split of a generated model's <c>Predict(inputs, outputs, batchSize)</c>: the calling thread runs the
    /// first range from the caller's spans; each other range is copied to a worker's own arrays (a span cannot cross
    /// threads), run on the thread pool, and its outputs copied back. Every range finishes before <see cref="TryRun"/>
    /// returns or throws; an exception of any range is rethrown then. One per model instance, created by its first split
    /// batch; its workers and their buffers are reused by every later one. Public for the generated code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class ParallelBatch
    {
        private readonly int _inputLength, _outputLength, _group;
        private readonly int[] _bufferLengths;
        private readonly BatchRangeRunner _run;
        private Worker[] _workers = new Worker[0];

        // 1 while a batch is using the workers; a concurrent batch call then runs on its own thread.
        private int _busy;

        /// <param name="inputLength">Floats per sample in.</param>
        /// <param name="outputLength">Floats per sample out.</param>
        /// <param name="group">Samples the model runs together: every range but the last is a multiple of it.</param>
        /// <param name="run">Runs one range.</param>
        /// <param name="bufferLengths">The floats of each buffer a worker gives <paramref name="run"/>.</param>
        public ParallelBatch(int inputLength, int outputLength, int group, BatchRangeRunner run, params int[] bufferLengths)
        {
            _inputLength = inputLength;
            _outputLength = outputLength;
            _group = group;
            _run = run ?? throw new ArgumentNullException(nameof(run));
            _bufferLengths = (int[])bufferLengths.Clone();
        }

        /// <summary>The value of a model's <c>MaxDegreeOfParallelism</c>, checked: at least 1.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
        public static int CheckDegree(int value) =>
            value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxDegreeOfParallelism must be at least 1.");

        /// <summary>
        /// The threads a batch is split across: at most <paramref name="maxDegree"/>, one per core, and one per
        /// <paramref name="group"/> samples, so the workers' buffers are bounded by the batch and the cores.
        /// </summary>
        public static int Threads(int maxDegree, int batchSize, int group) =>
            Math.Min(Math.Min(maxDegree, Environment.ProcessorCount), (batchSize + group - 1) / group);

        /// <summary>
        /// Runs the batch split across <paramref name="threads"/> threads and returns true, or returns false at once when
        /// another batch is using this instance's workers (the caller then runs the batch itself).
        /// </summary>
        public bool TryRun(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize, int threads)
        {
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
            try { Run(inputs, outputs, batchSize, threads); }
            finally { Volatile.Write(ref _busy, 0); }
            return true;
        }

        private void Run(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize, int threads)
        {
            Worker[] workers = _workers;
            if (workers.Length < threads - 1)
            {
                var more = new Worker[threads - 1];
                workers.CopyTo(more, 0);
                for (int t = workers.Length; t < more.Length; t++) more[t] = new Worker(this);
                _workers = workers = more;
            }
            int perThread = ((batchSize + threads - 1) / threads + _group - 1) / _group * _group;
            int started = 0;
            for (int t = 1; t < threads && t * perThread < batchSize; t++)
            {
                int first = t * perThread, count = Math.Min(perThread, batchSize - first);
                workers[t - 1].Start(inputs.Slice(first * _inputLength, count * _inputLength), count);
                started++;
            }
            ExceptionDispatchInfo? error = null;
            try
            {
                int own = Math.Min(perThread, batchSize);
                _run(inputs.Slice(0, own * _inputLength), outputs.Slice(0, own * _outputLength), own, null);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            for (int t = 1; t <= started; t++)
            {
                int first = t * perThread, count = Math.Min(perThread, batchSize - first);
                ExceptionDispatchInfo? failed = workers[t - 1].Finish(outputs.Slice(first * _outputLength, count * _outputLength));
                error ??= failed;
            }
            error?.Throw();
        }

        /// <summary>
        /// One helper thread's range of a batch, queued to the thread pool without allocating: the object, its event and
        /// its buffers are reused by every batch (its input and output arrays grow to the largest range seen). Whoever claims
        /// the range first runs it: a pool thread, or the caller once its own range is done (so a busy or starved pool
        /// delays nothing and cannot deadlock the call). A stale queue entry of an earlier batch finds the range claimed.
        /// </summary>
        private sealed class Worker : IThreadPoolWorkItem
        {
            private readonly ParallelBatch _owner;
            private readonly ManualResetEventSlim _done = new ManualResetEventSlim(false);
            private readonly float[][] _buffers;
            private float[] _inputs = new float[0], _outputs = new float[0];
            private int _count;
            private int _claimed = 1;
            private ExceptionDispatchInfo? _error;

            public Worker(ParallelBatch owner)
            {
                _owner = owner;
                // Pinned, with 15 floats to spare: the layout the generated code's Aligned(buffer, length) expects.
                _buffers = Array.ConvertAll(owner._bufferLengths, length => GC.AllocateArray<float>(length + 31, pinned: true)); // as the generated NewBuffer: 15 to align, 16 to spare
            }

            public void Start(ReadOnlySpan<float> inputs, int count)
            {
                if (_inputs.Length < inputs.Length) _inputs = new float[inputs.Length];
                if (_outputs.Length < count * _owner._outputLength) _outputs = new float[count * _owner._outputLength];
                inputs.CopyTo(_inputs);
                _count = count;
                _error = null;
                _done.Reset();
                Volatile.Write(ref _claimed, 0);
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }

            // Runs the range here unless a pool thread has claimed it, then waits for it, copies its outputs to the
            // caller's span, and returns what it threw, if anything.
            public ExceptionDispatchInfo? Finish(Span<float> outputs)
            {
                if (Interlocked.CompareExchange(ref _claimed, 1, 0) == 0) Run();
                else _done.Wait();
                if (_error == null) new ReadOnlySpan<float>(_outputs, 0, outputs.Length).CopyTo(outputs);
                return _error;
            }

            void IThreadPoolWorkItem.Execute()
            {
                if (Interlocked.CompareExchange(ref _claimed, 1, 0) == 0) Run();
            }

            private void Run()
            {
                try
                {
                    _owner._run(new ReadOnlySpan<float>(_inputs, 0, _count * _owner._inputLength), new Span<float>(_outputs, 0, _count * _owner._outputLength), _count, _buffers);
                }
                catch (Exception e)
                {
                    _error = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    _done.Set();
                }
            }
        }
    }
}
#endif
