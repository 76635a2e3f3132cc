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

            // JSON channel, step 1: the models whose [CnnModel] names a Spec file, each told the project directory
            // (build_property.projectdir; the SDK makes ProjectDir visible to analyzers) that the path is relative to.
            IncrementalValueProvider<string?> projectDirectory = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out string? dir) && !string.IsNullOrWhiteSpace(dir) ? dir : null)
                .WithTrackingName(TrackingNames.ProjectDirectory);

            IncrementalValuesProvider<SpecResult> specRequests = specs
                .Where(static r => r.SpecFile != null)
                .Combine(projectDirectory)
                .Select(static (pair, _) => pair.Left with { SpecFile = pair.Left.SpecFile! with { ProjectDirectory = pair.Right } })
                .WithTrackingName(TrackingNames.SpecRequests);

            // Step 2: which files are wanted, without locations, so that edits elsewhere in C# leave it equal.
            IncrementalValueProvider<EquatableArray<SpecFileKey>> wanted = specRequests
                .Select(static (r, _) => r.SpecFile!.Key)
                .Collect()
                .Select(static (keys, _) => keys.Distinct().OrderBy(k => k.Path, StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(TrackingNames.SpecFileQuery);

            // Step 3: every wanted .json AdditionalFile, parsed once into a SpecFileModel: plain values, no SourceText,
            // so a file that does not change (and the C# around it) is never parsed again. Other files give null.
            IncrementalValuesProvider<SpecFileModel> specFiles = context.AdditionalTextsProvider
                .Where(static text => SpecFileMatcher.IsJson(text.Path))
                .Combine(wanted)
                .Select(static (pair, token) => ReadSpecFileSafely(pair.Left, pair.Right, token))
                .WithTrackingName(TrackingNames.SpecFiles)
                .Where(static file => file != null)
                .Select(static (file, _) => file!);

            // Step 4: each Spec model with its file: the same SpecResult the attribute channel makes.
            IncrementalValuesProvider<SpecResult> jsonSpecs = specRequests
                .Combine(specFiles.Collect())
                .Select(static (pair, _) => JsonSpecResolver.Resolve(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.JsonSpecs);

            // From here on both channels are one: shapes, plan, code, diagnostics.
            Register(context, specs.Where(static r => r.SpecFile is null), target,
                TrackingNames.Results, TrackingNames.Plans, TrackingNames.Diagnostics);
            Register(context, jsonSpecs, target,
                TrackingNames.JsonResults, TrackingNames.JsonPlans, TrackingNames.JsonDiagnostics);
        }

        private static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<SpecResult> specs,
            IncrementalValueProvider<TargetInfo> target, string resultsName, string plansName, string diagnosticsName)
        {
            // Shapes: Keras rules layer by layer, into a plan or located errors.
            IncrementalValuesProvider<ModelResult> results = specs
                .Combine(target)
                .Select(static (pair, _) => InferSafely(pair.Left, pair.Right))
                .WithTrackingName(resultsName);

            IncrementalValuesProvider<ModelPlan> plans = results
                .Where(static r => r.Plan != null)
                .Select(static (r, _) => r.Plan!)
                .WithTrackingName(plansName);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
                .Select(static (r, _) => r.Diagnostics)
                .WithTrackingName(diagnosticsName);

            context.RegisterSourceOutput(plans, static (spc, plan) => EmitSafely(spc, plan));
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
            });
        }

        private static SpecFileModel? ReadSpecFileSafely(AdditionalText text, EquatableArray<SpecFileKey> wanted, System.Threading.CancellationToken token)
        {
            bool isWanted = false;
            foreach (SpecFileKey key in wanted) isWanted |= SpecFileMatcher.Score(key, text.Path) > 0;
            if (!isWanted) return null;
            try
            {
                string? content = text.GetText(token)?.ToString();
                if (content is null)
                {
                    return new SpecFileModel(text.Path, "json", null, null, null, EquatableArray<LayerSpec>.Empty, EquatableArray.Of(
                        DiagnosticInfo.Create(DiagnosticDescriptors.JsonSyntax, new LocationInfo(text.Path, default, default), System.IO.Path.GetFileName(text.Path), 1, 1, "the file could not be read")));
                }
                return SpecFileReader.Read(text.Path, content, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new SpecFileModel(text.Path, "json", null, null, null, EquatableArray<LayerSpec>.Empty, EquatableArray.Of(
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, new LocationInfo(text.Path, default, default), System.IO.Path.GetFileName(text.Path), Describe(e))));
            }
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
                bool declarationErrors = HasErrors(read.Diagnostics);
                if (inferred.Plan != null && !declarationErrors)
                {
                    long cost = ModelEmitter.UnrolledCost(inferred.Plan);
                    if (cost > inferred.Plan.UnrollBudget)
                    {
                        all.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnrollBudgetExceeded, read.Spec.Location, read.Spec.Type.Name, cost, inferred.Plan.UnrollBudget));
                    }
                }
                // Declaration errors (e.g. not partial) mean there is nothing valid to add the code to.
                return new ModelResult(declarationErrors ? null : inferred.Plan, all.ToEquatableArray());
            }
            catch (Exception e)
            {
                return new ModelResult(null, EquatableArray.Of(
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, read.Spec.Location, read.Spec.Type.Name, Describe(e))));
            }
        }

        /// <summary>Warnings (e.g. an unknown field in a CnnGen spec) do not stop generation; errors do.</summary>
        private static bool HasErrors(EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo d in diagnostics)
            {
                if (d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) return true;
            }
            return false;
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

        /// <summary>build_property.projectdir, the base of relative Spec paths.</summary>
        public const string ProjectDirectory = nameof(ProjectDirectory);

        /// <summary>The models declared with [CnnModel(Spec = ...)], with the project directory.</summary>
        public const string SpecRequests = nameof(SpecRequests);

        /// <summary>Each .json AdditionalFile, parsed when a Spec names it (null otherwise).</summary>
        public const string SpecFiles = nameof(SpecFiles);

        /// <summary>The set of spec file paths wanted by any model.</summary>
        public const string SpecFileQuery = nameof(SpecFileQuery);

        /// <summary>Each Spec model joined with its parsed file: a SpecResult like the attribute channel's.</summary>
        public const string JsonSpecs = nameof(JsonSpecs);

        public const string JsonResults = nameof(JsonResults);

        public const string JsonPlans = nameof(JsonPlans);

        public const string JsonDiagnostics = nameof(JsonDiagnostics);
    }
}
