using System;
using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Generator
{
    /// <summary>
    /// The CnnGen incremental generator: a class marked <c>[CnnModel]</c> → <see cref="ModelSpec"/> →
    /// <see cref="ShapeInference"/> → <see cref="ModelPlan"/> → C# source; errors become CNNG diagnostics.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class CnnGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // What the compilation offers the generated code (language version, Vector512). A tiny record, so
            // edits that do not change it leave every later step cached; the Compilation itself is never passed on.
            IncrementalValueProvider<TargetInfo> target = context.CompilationProvider
                .Select(static (compilation, _) => new TargetInfo(
                    compilation is CSharpCompilation cs ? (int)cs.LanguageVersion : (int)LanguageVersion.Latest,
                    compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1") != null,
                    compilation.GetTypeByMetadataName("System.Span`1") != null))
                .WithTrackingName(TrackingNames.Target);

            // Attribute channel: runs only on classes carrying [CnnModel]; its output is an equatable spec with
            // no symbols or syntax, so an unrelated keystroke compares equal and stops the pipeline here.
            IncrementalValuesProvider<SpecResult> specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "CnnGen.CnnModelAttribute",
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
                    static (ctx, token) => ReadSafely((INamedTypeSymbol)ctx.TargetSymbol, token))
                .WithTrackingName(TrackingNames.Specs);

            // Shapes: Keras rules layer by layer, into a plan or located errors.
            IncrementalValuesProvider<ModelResult> results = specs
                .Combine(target)
                .Select(static (pair, _) => InferSafely(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.Results);

            IncrementalValuesProvider<ModelPlan> plans = results
                .Where(static r => r.Plan != null)
                .Select(static (r, _) => r.Plan!)
                .WithTrackingName(TrackingNames.Plans);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
                .Select(static (r, _) => r.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            context.RegisterSourceOutput(plans, static (spc, plan) => EmitSafely(spc, plan));
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
            });
        }

        private static SpecResult ReadSafely(INamedTypeSymbol type, System.Threading.CancellationToken token)
        {
            try
            {
                return AttributeReader.Read(type, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new SpecResult(null, EquatableArray.Of(
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(type.Locations.FirstOrDefault()), type.Name, Describe(e))));
            }
        }

        private static ModelResult InferSafely(SpecResult read, TargetInfo target)
        {
            if (read.Spec is null) return new ModelResult(null, read.Diagnostics);
            try
            {
                ModelResult inferred = ShapeInference.Infer(read.Spec, target);
                var all = new List<DiagnosticInfo>(read.Diagnostics);
                all.AddRange(inferred.Diagnostics);
                if (inferred.Plan != null && read.Diagnostics.Count == 0)
                {
                    long cost = ModelEmitter.UnrolledCost(inferred.Plan);
                    if (cost > inferred.Plan.UnrollBudget)
                    {
                        all.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnrollBudgetExceeded, read.Spec.Location, read.Spec.Type.Name, cost, inferred.Plan.UnrollBudget));
                    }
                }
                // Declaration errors (e.g. not partial) mean there is nothing valid to add the code to.
                return new ModelResult(read.Diagnostics.Count == 0 ? inferred.Plan : null, all.ToEquatableArray());
            }
            catch (Exception e)
            {
                return new ModelResult(null, EquatableArray.Of(
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, read.Spec.Location, read.Spec.Type.Name, Describe(e))));
            }
        }

        private static void EmitSafely(SourceProductionContext context, ModelPlan plan)
        {
            string source;
            try
            {
                source = ModelEmitter.Emit(plan);
            }
            catch (Exception e)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, plan.Type.Name, Describe(e)));
                return;
            }
            context.AddSource(plan.Type.HintName + ".g.cs", source);
        }

        private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;
    }

    /// <summary>Names of the pipeline steps, asserted by the caching tests.</summary>
    public static class TrackingNames
    {
        public const string Target = nameof(Target);
        public const string Specs = nameof(Specs);
        public const string Results = nameof(Results);
        public const string Plans = nameof(Plans);
        public const string Diagnostics = nameof(Diagnostics);
    }
}
