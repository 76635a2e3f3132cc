using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>
    /// Writes the batch half of a model class: <c>Predict(inputs, outputs, batchSize)</c>, <c>RunBatch</c> (samples in
    /// groups of <see cref="Planner.GroupSamples"/>: the layers before the dense tail one sample at a time, the
    /// tail for the group at once, so one weight load serves four samples), the four-sample layer methods, and, where
    /// the target has <c>IThreadPoolWorkItem</c>, <c>MaxDegreeOfParallelism</c> and the reusable batch workers.
    /// </summary>
    internal sealed class BatchEmitter
    {
        private const int G = Planner.GroupSamples;

        private readonly ModelPlan _plan;
        private readonly EmitContext _context;

        public BatchEmitter(EmitContext context)
        {
            _context = context;
            _plan = context.Model;
        }

        /// <summary>The first layer of the dense tail that runs per group, or -1 (see <see cref="ExecutionPlan.TailStart"/>).</summary>
        private int TailStart => _context.Plan.TailStart;

        /// <summary>True: a batch can be split over threads. The target has <c>IThreadPoolWorkItem</c> (.NET Core 3.0+); Vector512 (.NET 8+) stands for it.</summary>
        private bool Parallel => _plan.Target.HasVector512;

        private bool Grouped => _context.Plan.Grouped;

        private string Nullable => _context.NullableAllowed ? "?" : "";

        /// <summary>The buffers <c>RunBatch</c> works in: the two per-sample scratch buffers, and the group's two.</summary>
        private const string SpanType = "global::System.Span<float>";

        private string BufferParameters => Grouped ? $"{SpanType} a, {SpanType} b, {SpanType} c, {SpanType} d" : $"{SpanType} a, {SpanType} b";

        private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The scratch fields and the parallelism members: after the single-sample scratch fields.</summary>
        public void EmitFields()
        {
            SourceWriter w = _context.Writer;
            if (Grouped)
            {
                w.Line();
                w.Line($"/// <summary>Floats in each of the two buffers a batch's groups of {G} samples go through the dense tail in.</summary>");
                w.Line($"private const int GroupScratchLength = {G} * {Int(_context.Plan.TailLength)};");
                w.Line("[global::System.ThreadStatic]");
                w.Line($"private static float[]{Nullable} t_groupA;");
                w.Line("[global::System.ThreadStatic]");
                w.Line($"private static float[]{Nullable} t_groupB;");
            }
            if (!Parallel) return;
            w.Line();
            w.Line("private int _maxDegreeOfParallelism = 1;");
            w.Line("// 1 while a batch call is using the workers; a concurrent batch call then runs on its own thread.");
            w.Line("private int _workersBusy;");
            w.Line($"private BatchWorker[]{Nullable} _workers;");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The most threads <see cref=\"Predict(global::System.ReadOnlySpan{float}, global::System.Span{float}, int)\"/> splits a batch across:");
            w.Line("/// the calling thread plus up to this many minus one thread-pool threads, each given a contiguous range of samples");
            w.Line($"/// (a multiple of {G}). Default 1: the whole batch on the calling thread. Use <see cref=\"global::System.Environment.ProcessorCount\"/> for every core;");
            w.Line("/// a larger value is used as <see cref=\"global::System.Environment.ProcessorCount\"/> (more threads than cores only add buffers and switches).");
            w.Line("/// Outputs do not depend on it. The helper threads' buffers are allocated by the first batch that needs them and reused.");
            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value is less than 1.</exception>");
            w.Open("public int MaxDegreeOfParallelism");
            w.Line("get { return _maxDegreeOfParallelism; }");
            w.Open("set");
            w.Line("if (value < 1) throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"MaxDegreeOfParallelism must be at least 1.\");");
            w.Line("_maxDegreeOfParallelism = value;");
            w.Close();
            w.Close();
        }

        /// <summary>Writes <c>Predict(inputs, outputs, batchSize)</c> and, where a batch can be split, <c>PredictParallel</c>.</summary>
        public void EmitPredict(string escapedName)
        {
            SourceWriter w = _context.Writer;
            w.Line("/// <summary>");
            w.Line("/// Runs the model on <paramref name=\"batchSize\"/> samples stored one after the other" +
                   (Grouped ? $", in groups of {G}: the dense layers at the end run for a group at once, so each weight load serves {G} samples." : "."));
            if (Parallel)
            {
                w.Line("/// With <see cref=\"MaxDegreeOfParallelism\"/> above 1 the batch is split across that many threads; the outputs are the same.");
                w.Line("/// Thread-safe: a batch call made while another one on this instance is using the helper threads runs on its own thread.");
                w.Line("/// An exception on a helper thread is rethrown here, after every range has finished.");
            }
            else
            {
                w.Line("/// Thread-safe; the batch runs on the calling thread.");
            }
            w.Line("/// Outputs equal those of <see cref=\"Predict(global::System.ReadOnlySpan{float}, global::System.Span{float})\"/> sample by sample, bit for bit.");
            w.Line("/// Allocates nothing after warm-up (a thread's first call, and a first batch split across more threads or larger than before).");
            w.Line("/// </summary>");
            w.Open("public void Predict(global::System.ReadOnlySpan<float> inputs, global::System.Span<float> outputs, int batchSize)");
            w.Line("if (batchSize < 0) throw new global::System.ArgumentOutOfRangeException(nameof(batchSize), batchSize, \"The batch size cannot be negative.\");");
            w.Line($"if (inputs.Length != (long)batchSize * InputLength) throw new global::System.ArgumentException(\"{escapedName}.Predict expects \" + batchSize + \" x \" + InputLength + \" input floats, got \" + inputs.Length + \".\", nameof(inputs));");
            w.Line($"if (outputs.Length != (long)batchSize * OutputLength) throw new global::System.ArgumentException(\"{escapedName}.Predict expects \" + batchSize + \" x \" + OutputLength + \" output floats, got \" + outputs.Length + \".\", nameof(outputs));");
            if (Parallel)
            {
                w.Comment($"One range per thread, at least {G} samples each, at most one thread per core: the workers' buffers are bounded by the batch and the cores.");
                w.Line($"int threads = global::System.Math.Min(global::System.Math.Min(_maxDegreeOfParallelism, global::System.Environment.ProcessorCount), (batchSize + {G - 1}) / {G});");
                w.Open("if (threads > 1 && global::System.Threading.Interlocked.CompareExchange(ref _workersBusy, 1, 0) == 0)");
                w.Line("try { PredictParallel(inputs, outputs, batchSize, threads); }");
                w.Line("finally { global::System.Threading.Volatile.Write(ref _workersBusy, 0); }");
                w.Line("return;");
                w.Close();
            }
            w.Line($"RunBatch(inputs, outputs, batchSize, {BufferArguments()});");
            w.Close();
            if (Parallel) EmitPredictParallel();
        }

        private string BufferArguments() => Grouped
            ? "Aligned(ScratchA(), ScratchLength), Aligned(ScratchB(), ScratchLength), Aligned(GroupScratchA(), GroupScratchLength), Aligned(GroupScratchB(), GroupScratchLength)"
            : "Aligned(ScratchA(), ScratchLength), Aligned(ScratchB(), ScratchLength)";

        private void EmitPredictParallel()
        {
            SourceWriter w = _context.Writer;
            w.Line();
            w.Comment("The calling thread runs the first range from the caller's spans; each other range is copied to a worker's own");
            w.Comment("arrays (a span cannot cross threads, and the generated code uses no pointers), run on the thread pool, and its");
            w.Comment("outputs copied back. Every range finishes before this returns or throws.");
            w.Open("private void PredictParallel(global::System.ReadOnlySpan<float> inputs, global::System.Span<float> outputs, int batchSize, int threads)");
            w.Line("BatchWorker[] workers = _workers ?? new BatchWorker[0];");
            w.Open("if (workers.Length < threads - 1)");
            w.Line("var more = new BatchWorker[threads - 1];");
            w.Line("workers.CopyTo(more, 0);");
            w.Line("for (int t = workers.Length; t < more.Length; t++) more[t] = new BatchWorker(this);");
            w.Line("_workers = workers = more;");
            w.Close();
            w.Line($"int perThread = ((batchSize + threads - 1) / threads + {G - 1}) / {G} * {G};");
            w.Line("int started = 0;");
            w.Open("for (int t = 1; t < threads && t * perThread < batchSize; t++)");
            w.Line("int first = t * perThread, count = global::System.Math.Min(perThread, batchSize - first);");
            w.Line("workers[t - 1].Start(inputs.Slice(first * InputLength, count * InputLength), count);");
            w.Line("started++;");
            w.Close();
            w.Line($"global::System.Runtime.ExceptionServices.ExceptionDispatchInfo{Nullable} error = null;");
            w.Open("try");
            w.Line("int own = global::System.Math.Min(perThread, batchSize);");
            w.Line($"RunBatch(inputs.Slice(0, own * InputLength), outputs.Slice(0, own * OutputLength), own, {BufferArguments()});");
            w.Close();
            w.Open("catch (global::System.Exception e)");
            w.Line("error = global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);");
            w.Close();
            w.Open("for (int t = 1; t <= started; t++)");
            w.Line("int first = t * perThread, count = global::System.Math.Min(perThread, batchSize - first);");
            w.Line("var failed = workers[t - 1].Finish(outputs.Slice(first * OutputLength, count * OutputLength));");
            w.Line("if (error == null) error = failed;");
            w.Close();
            w.Line("if (error != null) error.Throw();");
            w.Close();
        }

        /// <summary>Writes the scratch accessors, <c>RunBatch</c>, the group methods of the tail, and the worker class.</summary>
        public void EmitRunners(System.Action<LayerPlan, string, System.Action> emitLayerMethod)
        {
            SourceWriter w = _context.Writer;
            w.Line();
            w.Line("private static float[] ScratchA() => t_scratchA ?? (t_scratchA = NewBuffer(ScratchLength));");
            w.Line();
            w.Line("private static float[] ScratchB() => t_scratchB ?? (t_scratchB = NewBuffer(ScratchLength));");
            EmitAlignment();
            if (Grouped)
            {
                w.Line();
                w.Line("private static float[] GroupScratchA() => t_groupA ?? (t_groupA = NewBuffer(GroupScratchLength));");
                w.Line();
                w.Line("private static float[] GroupScratchB() => t_groupB ?? (t_groupB = NewBuffer(GroupScratchLength));");
            }
            EmitRunBatch();
            if (Grouped)
            {
                for (int i = TailStart; i < _plan.Layers.Count; i++)
                {
                    LayerPlan layer = _plan.Layers[i];
                    if (!_context.Plan.Steps[i].Grouped) continue;
                    w.Line();
                    w.Comment($"{layer.Name} (Dense) for {G} samples: {G} x {layer.Input} -> {G} x {layer.Output}");
                    emitLayerMethod(layer, GroupMethodName(layer), () => DenseEmitter.EmitGroupBody(layer, _context));
                }
            }
            if (Parallel) EmitWorker();
        }

        /// <summary>
        /// <c>NewBuffer</c>, <c>AlignedStart</c> and <c>Aligned</c>: on SIMD targets the weights and scratch arrays are pinned (they never move) with 15 floats to
        /// spare, and used from their first 64-byte boundary on, so that no vector load or store straddles two cache
        /// lines (that made the Winograd input transform twice as slow). Elsewhere plain arrays from index 0.
        /// </summary>
        private void EmitAlignment()
        {
            SourceWriter w = _context.Writer;
            w.Line();
            if (_context.Vectorized)
            {
                w.Line("private static float[] NewBuffer(int length) => global::System.GC.AllocateArray<float>(length + 15, pinned: true);");
                w.Line();
                w.Comment("The index of the first 64-byte boundary in a NewBuffer array (pinned: it never moves, so its address, read here");
                w.Comment("without unsafe code, stays valid).");
                w.Open("private static int AlignedStart(float[] buffer)");
                w.Line("long address = (long)Uns.ByteOffset(ref Uns.NullRef<float>(), ref Mem.GetArrayDataReference(buffer));");
                w.Line("return (int)((64 - (address & 63)) & 63) / 4;");
                w.Close();
                w.Line();
                w.Line("private static global::System.Span<float> Aligned(float[] scratch, int length) => new global::System.Span<float>(scratch, AlignedStart(scratch), length);");
            }
            else
            {
                w.Line("private static float[] NewBuffer(int length) => new float[length];");
                w.Line();
                w.Line("private static global::System.Span<float> Aligned(float[] scratch, int length) => new global::System.Span<float>(scratch, 0, length);");
            }
        }

        private static string GroupMethodName(LayerPlan layer) => ModelEmitter.LayerMethodName(layer) + "X" + Int(G);

        private void EmitRunBatch()
        {
            SourceWriter w = _context.Writer;
            w.Line();
            if (Grouped)
            {
                w.Comment($"A range of a batch on one thread, in the given buffers. Each group of {G} samples runs layers 0..{TailStart - 1} one sample");
                w.Comment($"at a time (in a and b), collecting the results in c, then the tail from layer {TailStart} for the {G} together (c and d);");
                w.Comment($"the last samples of a range that is not a multiple of {G} run alone.");
            }
            else
            {
                w.Comment("A range of a batch on one thread, in the given buffers: one sample at a time.");
            }
            w.Open($"private void RunBatch(global::System.ReadOnlySpan<float> inputs, global::System.Span<float> outputs, int count, {BufferParameters})");
            w.Line("int n = 0;");
            if (Grouped)
            {
                w.Open($"for (; n + {G} <= count; n += {G})");
                string current = EmitHead();
                EmitTail(current);
                w.Close();
            }
            w.Line("for (; n < count; n++) Run(inputs.Slice(n * InputLength, InputLength), outputs.Slice(n * OutputLength, OutputLength), a, b);");
            w.Close();
        }

        /// <summary>Layers before the tail, per sample, into c; returns where the tail's input is ("c", or "inputs" when no layer computes before it).</summary>
        private string EmitHead()
        {
            SourceWriter w = _context.Writer;
            int last = Planner.LastComputing(_plan.Layers, 0, TailStart);
            if (last < 0) return "inputs";
            w.Open($"for (int k = 0; k < {G}; k++)");
            string current = "inputs.Slice((n + k) * InputLength, InputLength)";
            // What reaches the tail: the last head layer's output, or its fused pooling's.
            long features = _plan.Layers[TailStart].Input.Length;
            for (int i = 0; i <= last; i++)
            {
                LayerPlan layer = _plan.Layers[i];
                if (Planner.IsIdentity(layer)) continue;
                string scratch = current == "a" ? "b" : "a";
                if (i == last && layer.Workspace == 0)
                {
                    w.Line($"{ModelEmitter.LayerMethodName(layer)}({current}, {Part("c", features)});");
                    break;
                }
                w.Line($"{ModelEmitter.LayerMethodName(layer)}({current}, {scratch});");
                // A layer with a workspace (Winograd) needs a whole scratch buffer: its output is copied into c.
                if (i == last) w.Line($"{scratch}.Slice(0, {Int(features)}).CopyTo({Part("c", features)});");
                current = scratch;
            }
            w.Close();
            return "c";
        }

        private void EmitTail(string current)
        {
            SourceWriter w = _context.Writer;
            int last = Planner.LastComputing(_plan.Layers, TailStart, _plan.Layers.Count);
            for (int i = TailStart; i <= last; i++)
            {
                LayerPlan layer = _plan.Layers[i];
                if (Planner.IsIdentity(layer)) continue;
                string target = i == last ? "outputs" : current == "c" ? "d" : "c";
                long inLength = layer.Input.Length, outLength = layer.Output.Length;
                if (_context.Plan.Steps[i].Grouped)
                {
                    w.Line($"{GroupMethodName(layer)}({Whole(current, inLength)}, {Whole(target, outLength)});");
                }
                else
                {
                    w.Line($"for (int k = 0; k < {G}; k++) {ModelEmitter.LayerMethodName(layer)}({Part(current, inLength)}, {Part(target, outLength)});");
                }
                current = target;
            }
        }

        /// <summary>The group's <paramref name="length"/> floats per sample in <paramref name="buffer"/>.</summary>
        private static string Whole(string buffer, long length)
        {
            switch (buffer)
            {
                case "inputs": return $"inputs.Slice(n * InputLength, {G} * InputLength)";
                case "outputs": return $"outputs.Slice(n * OutputLength, {G} * OutputLength)";
                default: return $"{buffer}.Slice(0, {G * length})";
            }
        }

        /// <summary>Sample <c>k</c>'s <paramref name="length"/> floats in <paramref name="buffer"/>.</summary>
        private static string Part(string buffer, long length)
        {
            switch (buffer)
            {
                case "inputs": return "inputs.Slice((n + k) * InputLength, InputLength)";
                case "outputs": return "outputs.Slice((n + k) * OutputLength, OutputLength)";
                default: return $"{buffer}.Slice(k * {Int(length)}, {Int(length)})";
            }
        }

        private void EmitWorker()
        {
            SourceWriter w = _context.Writer;
            string type = _plan.Type.Identifier;
            string error = $"global::System.Runtime.ExceptionServices.ExceptionDispatchInfo{Nullable}";
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// One helper thread's range of a batch, queued to the thread pool without allocating: the object, its event and");
            w.Line("/// its buffers are reused by every batch (its input and output arrays grow to the largest range seen). Whoever claims");
            w.Line("/// the range first runs it: a pool thread, or the caller once its own range is done (so a busy or starved pool");
            w.Line("/// delays nothing and cannot deadlock the call). A stale queue entry of an earlier batch finds the range claimed.");
            w.Line("/// </summary>");
            w.Open("private sealed class BatchWorker : global::System.Threading.IThreadPoolWorkItem");
            w.Line($"private readonly {type} _model;");
            w.Line("private readonly global::System.Threading.ManualResetEventSlim _done = new global::System.Threading.ManualResetEventSlim(false);");
            w.Line("private readonly float[] _a = NewBuffer(ScratchLength), _b = NewBuffer(ScratchLength);");
            if (Grouped) w.Line("private readonly float[] _c = NewBuffer(GroupScratchLength), _d = NewBuffer(GroupScratchLength);");
            w.Line("private float[] _inputs = new float[0], _outputs = new float[0];");
            w.Line("private int _count;");
            w.Line("private int _claimed = 1;");
            w.Line($"private {error} _error;");
            w.Line();
            w.Line($"public BatchWorker({type} model) {{ _model = model; }}");
            w.Line();
            w.Open("public void Start(global::System.ReadOnlySpan<float> inputs, int count)");
            w.Line("if (_inputs.Length < inputs.Length) _inputs = new float[inputs.Length];");
            w.Line("if (_outputs.Length < count * OutputLength) _outputs = new float[count * OutputLength];");
            w.Line("inputs.CopyTo(_inputs);");
            w.Line("_count = count;");
            w.Line("_error = null;");
            w.Line("_done.Reset();");
            w.Line("global::System.Threading.Volatile.Write(ref _claimed, 0);");
            w.Line("global::System.Threading.ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);");
            w.Close();
            w.Line();
            w.Comment("Runs the range here unless a pool thread has claimed it, then waits for it, copies its outputs to the caller's");
            w.Comment("span, and returns what it threw, if anything.");
            w.Open($"public {error} Finish(global::System.Span<float> outputs)");
            w.Line("if (global::System.Threading.Interlocked.CompareExchange(ref _claimed, 1, 0) == 0) Run();");
            w.Line("else _done.Wait();");
            w.Line("if (_error == null) new global::System.ReadOnlySpan<float>(_outputs, 0, outputs.Length).CopyTo(outputs);");
            w.Line("return _error;");
            w.Close();
            w.Line();
            w.Open("void global::System.Threading.IThreadPoolWorkItem.Execute()");
            w.Line("if (global::System.Threading.Interlocked.CompareExchange(ref _claimed, 1, 0) == 0) Run();");
            w.Close();
            w.Line();
            w.Open("private void Run()");
            w.Open("try");
            string buffers = Grouped
                ? "Aligned(_a, ScratchLength), Aligned(_b, ScratchLength), Aligned(_c, GroupScratchLength), Aligned(_d, GroupScratchLength)"
                : "Aligned(_a, ScratchLength), Aligned(_b, ScratchLength)";
            w.Line($"_model.RunBatch(new global::System.ReadOnlySpan<float>(_inputs, 0, _count * InputLength), new global::System.Span<float>(_outputs, 0, _count * OutputLength), _count, {buffers});");
            w.Close();
            w.Open("catch (global::System.Exception e)");
            w.Line("_error = global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);");
            w.Close();
            w.Open("finally");
            w.Line("_done.Set();");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
