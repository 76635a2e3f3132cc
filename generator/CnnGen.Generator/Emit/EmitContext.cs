using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit
{
    /// <summary>What a layer emitter needs besides its layer: the writer, the form to emit, and the helpers it used.</summary>
    internal sealed class EmitContext
    {
        public EmitContext(SourceWriter writer, ModelPlan model, bool unrolled)
        {
            Writer = writer;
            Model = model;
            Unrolled = unrolled;
        }

        public SourceWriter Writer { get; }

        public ModelPlan Model { get; }

        /// <summary>True: straight-line code, no loops. False: outer loops with literal bounds, windows unrolled.</summary>
        public bool Unrolled { get; }

        /// <summary>Names of the <c>Ops</c> helpers the emitted code calls; only these are emitted.</summary>
        public SortedSet<string> UsedOps { get; } = new SortedSet<string>(System.StringComparer.Ordinal);

        /// <summary>C# 8 or later: nullable annotations and <c>#nullable</c> are allowed.</summary>
        public bool NullableAllowed => Model.Target.LanguageVersion >= 800;

        /// <summary>Records that the code calls <c>Ops.name</c> and returns the call prefix.</summary>
        public string Op(string name)
        {
            UsedOps.Add(name);
            return "Ops." + name;
        }
    }

    /// <summary>Generates the code of one layer kind. A faster emitter for a kind can replace the default one.</summary>
    internal interface ILayerEmitter
    {
        bool Handles(LayerPlan layer);

        /// <summary>Statements of the fully unrolled form, to compare with the unroll budget.</summary>
        long UnrolledCost(LayerPlan layer);

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
