using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Planning;

namespace CnnGen.Generator.Emit
{
    /// <summary>What a layer emitter needs besides its layer: the writer, the form to emit, and the helpers it used.</summary>
    internal sealed class EmitContext
    {
        public EmitContext(SourceWriter writer, ExecutionPlan plan)
        {
            Writer = writer;
            Plan = plan;
        }

        /// <summary>Where the code goes; while a layer method's body is written, a writer of its own.</summary>
        public SourceWriter Writer { get; private set; }

        /// <summary>Statements after which an unrolled layer body moves on to a new part method.</summary>
        public const int StatementsPerPart = 512;

        private int _prologueEnd, _partStart;
        private readonly List<int> _splits = new List<int>();

        /// <summary>What to print: the form, the steps, the layers as planned.</summary>
        public ExecutionPlan Plan { get; }

        public ModelPlan Model => Plan.Model;

        /// <summary>True: straight-line code, no loops. False: outer loops with literal bounds, windows unrolled.</summary>
        public bool Unrolled => Plan.Unrolled;

        /// <summary>
        /// True: looped layers use the SIMD forms (Vector512 → Vector256 → Vector128 → scalar, chosen at run time by
        /// <c>IsHardwareAccelerated</c>, which the JIT folds to a constant); see <see cref="CodeForm.Simd"/>.
        /// </summary>
        public bool Vectorized => Plan.Vectorized;

        /// <summary>
        /// <c>acc + a * b</c> on vectors. On .NET 9+ targets <c>MultiplyAddEstimate</c>: one fused instruction where the
        /// CPU has FMA, a multiply and an add where it has not (<c>FusedMultiplyAdd</c> would then fall back to a
        /// correctly rounded software loop, hundreds of times slower).
        /// </summary>
        public string MultiplyAdd(string vec, string a, string b, string acc) =>
            Model.Target.HasMultiplyAddEstimate || vec == SimdOps.Generic ? $"{vec}.MultiplyAddEstimate({a}, {b}, {acc})" : $"{acc} + {a} * {b}";

        /// <summary>The vector widths (floats) of the SIMD paths, widest first, and the alias of each vector class.</summary>
        public static readonly int[] VectorWidths = { 16, 8, 4 };

        public static string VectorClass(int width) => "Vec" + (width * 32).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The step of the layer being printed (its group method included), or null outside the layer methods.</summary>
        public Step? Step { get; set; }

        /// <summary>C# 8 or later: nullable annotations and <c>#nullable</c> are allowed.</summary>
        public bool NullableAllowed => Model.Target.LanguageVersion >= 800;

        private readonly HashSet<string> _declared = new HashSet<string>(System.StringComparer.Ordinal);

        /// <summary>
        /// Starts the body of a layer method in a writer of its own (indented as a method body), so that a long
        /// unrolled body can be cut into part methods; see <see cref="SplitPoint"/>.
        /// </summary>
        public SourceWriter BeginBody(int indentation)
        {
            var body = new SourceWriter(indentation, Writer.Cancellation);
            Writer = body;
            _declared.Clear();
            _splits.Clear();
            _prologueEnd = 0;
            _partStart = 0;
            return body;
        }

        /// <summary>Ends a body started by <see cref="BeginBody"/>: the model's writer is current again.</summary>
        public void EndBody(SourceWriter modelWriter) => Writer = modelWriter;

        /// <summary>
        /// Marks the end of the body's prologue (<c>float[] w = _weights;</c>, a stack buffer): the lines every part
        /// method repeats.
        /// </summary>
        public void EndPrologue()
        {
            _prologueEnd = Writer.Length;
            _partStart = Writer.StatementCount;
        }

        /// <summary>Character positions in the body where a new part method starts.</summary>
        public IReadOnlyList<int> Splits => _splits;

        public int PrologueEnd => _prologueEnd;

        /// <summary>
        /// Called by unrolled emitters between independent statements: once the current part holds
        /// <see cref="StatementsPerPart"/> statements, the next ones go to a new part method. The C# compiler's flow
        /// analysis grows faster than linearly with a method's size, and the JIT stops optimizing very large methods,
        /// so no generated method is allowed to grow without bound.
        /// </summary>
        public void SplitPoint()
        {
            if (Writer.StatementCount - _partStart < StatementsPerPart) return;
            _splits.Add(Writer.Length);
            _partStart = Writer.StatementCount;
            _declared.Clear();
        }

        /// <summary>True the first time a method-wide local of this name is asked for in the current method: declare it then.</summary>
        public bool DeclareOnce(string local) => _declared.Add(local);

        /// <summary>
        /// The runtime library's class of element functions and shared helpers (<c>CnnGen.Kernels.Ops</c>: activations,
        /// softmax, the vector operation structs, the nonzero gather), fully qualified so no user type can shadow it.
        /// </summary>
        public const string OpsClass = "global::CnnGen.Kernels.Ops";

        /// <summary>
        /// The attribute of every SIMD path function: fully optimized at the first call (no tier-0 code and no on-stack
        /// replacement while a model warms up). <c>MethodImpl</c> and <c>MethodImplOptions</c> are aliases the file declares.
        /// </summary>
        public const string AggressiveOptimization = "[MethodImpl(MethodImplOptions.AggressiveOptimization)]";

        /// <summary>A graph model: the layers run over one planned arena (<see cref="ExecutionPlan.Arena"/>), in scratch buffer a; b is not used.</summary>
        public bool Graph => Plan.Arena != null;

        /// <summary>The second scratch buffer argument of <c>Run</c>: the aligned array, or an empty span for a graph model.</summary>
        public string SecondScratch(string array) => Graph ? "default" : $"Aligned({array}, ScratchLength)";

        /// <summary>A member of <see cref="OpsClass"/>: <c>global::CnnGen.Kernels.Ops.Relu</c>.</summary>
        public string Op(string name) => OpsClass + "." + name;
    }

    /// <summary>Prints the code of one kind of <see cref="Step"/>; <c>ModelEmitter.PrinterFor</c> picks it by the step's kind.</summary>
    internal interface ILayerEmitter
    {
        /// <summary>Writes the body of <c>void LayerNN(ReadOnlySpan&lt;float&gt; x, Span&lt;float&gt; y)</c>; <c>w</c> holds the weights.</summary>
        void EmitBody(LayerPlan layer, EmitContext context);
    }

    /// <summary>
    /// An emitter whose layer derives parameters from the Keras weights once, in the generated constructor, working on
    /// <c>float[] p</c> (the Keras weights, then room for the derived tensors).
    /// </summary>
    internal interface IParameterPreparation
    {
        void EmitPreparation(LayerPlan layer, ModelPlan model, SourceWriter w);
    }
}
