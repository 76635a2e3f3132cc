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
    /// the target has <c>IThreadPoolWorkItem</c>, <c>MaxDegreeOfParallelism</c> and the split of a batch over threads (the
    /// runtime's <c>CnnGen.Kernels.ParallelBatch</c>, which owns the reusable workers).
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
            w.Line($"private {Split}{Nullable} _parallelBatch;");
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
            w.Line($"set {{ _maxDegreeOfParallelism = {Split}.CheckDegree(value); }}");
            w.Close();
        }

        /// <summary>Writes <c>Predict(inputs, outputs, batchSize)</c> and, where a batch can be split, <c>ParallelBatch()</c> and <c>RunRange</c>.</summary>
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
                w.Comment($"One range per thread, at least {G} samples each, at most one thread per core; a batch made while another one uses the helper threads runs here.");
                w.Line($"int threads = {Split}.Threads(_maxDegreeOfParallelism, batchSize, {G});");
                w.Line("if (threads > 1 && ParallelBatch().TryRun(inputs, outputs, batchSize, threads)) return;");
            }
            w.Line($"RunBatch(inputs, outputs, batchSize, {BufferArguments()});");
            w.Close();
            if (Parallel) EmitParallelBatch();
        }

        /// <summary>The runtime's thread split of a batch (<c>CnnGen.Kernels.ParallelBatch</c>: workers, ranges, exceptions).</summary>
        private const string Split = "global::CnnGen.Kernels.ParallelBatch";

        private string BufferArguments() => Grouped
            ? "Aligned(ScratchA(), ScratchLength), Aligned(ScratchB(), ScratchLength), Aligned(GroupScratchA(), GroupScratchLength), Aligned(GroupScratchB(), GroupScratchLength)"
            : "Aligned(ScratchA(), ScratchLength), " + _context.SecondScratch("ScratchB()");

        /// <summary>
        /// <c>ParallelBatch()</c>, the model's thread split, made by the first batch that needs it, and <c>RunRange</c>, which
        /// runs one range of it in a helper thread's buffers or, given null, in the calling thread's own.
        /// </summary>
        private void EmitParallelBatch()
        {
            SourceWriter w = _context.Writer;
            string lengths = Grouped ? "ScratchLength, ScratchLength, GroupScratchLength, GroupScratchLength" : _context.Graph ? "ScratchLength, 0" : "ScratchLength, ScratchLength";
            w.Line();
            w.Open($"private {Split} ParallelBatch()");
            w.Line("var split = _parallelBatch;");
            w.Line("if (split != null) return split;");
            w.Line($"split = new {Split}(InputLength, OutputLength, {G}, RunRange, {lengths});");
            w.Line("return global::System.Threading.Interlocked.CompareExchange(ref _parallelBatch, split, null) ?? split;");
            w.Close();
            w.Line();
            string buffers = Grouped
                ? "Aligned(buffers?[0] ?? ScratchA(), ScratchLength), Aligned(buffers?[1] ?? ScratchB(), ScratchLength), Aligned(buffers?[2] ?? GroupScratchA(), GroupScratchLength), Aligned(buffers?[3] ?? GroupScratchB(), GroupScratchLength)"
                : "Aligned(buffers?[0] ?? ScratchA(), ScratchLength), " + _context.SecondScratch("buffers?[1] ?? ScratchB()");
            w.Open($"private void RunRange(global::System.ReadOnlySpan<float> inputs, global::System.Span<float> outputs, int count, float[][]{Nullable} buffers)");
            w.Line($"RunBatch(inputs, outputs, count, {buffers});");
            w.Close();
        }

        /// <summary>Writes the scratch accessors, <c>RunBatch</c>, the group methods of the tail, and the worker class.</summary>
        public void EmitRunners(System.Action<LayerPlan, string, System.Action> emitLayerMethod)
        {
            SourceWriter w = _context.Writer;
            w.Line();
            w.Line("private static float[] ScratchA() => t_scratchA ?? (t_scratchA = NewBuffer(ScratchLength));");
            if (!_context.Graph)
            {
                w.Line();
                w.Line("private static float[] ScratchB() => t_scratchB ?? (t_scratchB = NewBuffer(ScratchLength));");
            }
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
                w.Comment("15 floats to reach a 64-byte boundary, 16 more that a whole-vector store or load may pass a layer's floats by.");
                w.Line("private static float[] NewBuffer(int length) => global::System.GC.AllocateArray<float>(length + 31, pinned: true);");
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

        private static string GroupMethodName(LayerPlan layer) => ModelEmitter.LayerMethodName(layer) + "_Group" + Int(G);

        private void EmitRunBatch()
        {
            SourceWriter w = _context.Writer;
            w.Line();
            if (Grouped && Planner.LastComputing(_plan.Layers, 0, TailStart) < 0)
            {
                w.Comment($"A range of a batch on one thread, in the given buffers. Each group of {G} samples runs the layers from {TailStart} on for the");
                w.Comment($"{G} together (in c and d); the last samples of a range that is not a multiple of {G} run alone.");
            }
            else if (Grouped)
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
    }
}
