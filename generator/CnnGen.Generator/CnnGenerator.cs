using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CnnGen.Generator.Diagnostics;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Planning;
using CnnGen.Generator.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Generator
{
    /// <summary>
    /// The CnnGen incremental generator: a class marked <c>[CnnModel]</c> (its layers declared by attributes, or by
    /// the JSON file its <c>Spec</c> names) → <see cref="ModelSpec"/> → <see cref="ShapeInference"/> →
    /// <see cref="ModelPlan"/> → C# source; errors become CNNG diagnostics.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class CnnGenerator : IIncrementalGenerator
    {
        private readonly Func<ExecutionPlan, System.Threading.CancellationToken, string> _emitModel;

        public CnnGenerator()
            : this(ModelEmitter.Emit)
        {
        }

        /// <summary>For tests: a generator whose model emitter is <paramref name="emitModel"/> (e.g. one that fails).</summary>
        internal CnnGenerator(Func<ExecutionPlan, System.Threading.CancellationToken, string> emitModel) => _emitModel = emitModel;

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            Func<ExecutionPlan, System.Threading.CancellationToken, string> emitModel = _emitModel;
            // What the compilation offers the generated code (language version, Vector512). A tiny record, so
            // edits that do not change it leave every later step cached; the Compilation itself is never passed on.
            IncrementalValueProvider<TargetInfo> target = context.CompilationProvider
                .Select(static (compilation, _) => new TargetInfo(
                    compilation is CSharpCompilation cs ? (int)cs.LanguageVersion : (int)LanguageVersion.Latest,
                    compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512`1") != null,
                    compilation.GetTypeByMetadataName("System.Span`1") != null,
                    compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.Vector512")?.GetMembers("MultiplyAddEstimate").Length > 0))
                .WithTrackingName(TrackingNames.Target);

            // Attribute channel: runs only on classes carrying [CnnModel]; its output is an equatable spec with
            // no symbols or syntax, so an unrelated keystroke compares equal and stops the pipeline here. A model
            // with [CnnModel(Spec = ...)] comes out with its SpecFile request and no layers yet.
            IncrementalValuesProvider<SpecResult> specs = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "CnnGen.CnnModelAttribute",
                    // Any type declaration: a record (a class to AttributeTargets.Class) gets CNNG009 rather than nothing.
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    static (ctx, token) => ReadSafely((INamedTypeSymbol)ctx.TargetSymbol, token))
                .WithTrackingName(TrackingNames.Specs);

            // JSON channel. Every step is a single value, or one value per model, so each runs (and is tracked) in
            // every build, JSON specs or not. Step 1: the base of relative Spec paths (build_property.projectdir; the
            // SDK makes ProjectDir visible to analyzers, build/CnnGen.props makes sure of it).
            IncrementalValueProvider<string?> projectDirectory = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out string? dir) && !string.IsNullOrWhiteSpace(dir) ? dir : null)
                .WithTrackingName(TrackingNames.ProjectDirectory);

            // Step 2: which spec files any model wants. Paths and directories only, no locations, so that C# edits
            // that move a declaration leave it equal and nothing below reruns.
            IncrementalValueProvider<EquatableArray<SpecFileKey>> wanted = specs
                .Collect()
                .Combine(projectDirectory)
                .Select(static (pair, _) => pair.Left
                    .Where(static r => r.SpecFile != null)
                    .Select(r => r.SpecFile!.Key with { ProjectDirectory = pair.Right })
                    .Distinct()
                    .OrderBy(static k => k.Path, StringComparer.Ordinal)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.SpecFileQuery);

            // Step 3: the wanted .json AdditionalFiles, parsed into SpecFileModels: plain values, no SourceText. Reruns
            // only when a .json AdditionalFile or the wanted set changes; other files are not even read.
            IncrementalValueProvider<EquatableArray<SpecFileModel>> specFiles = context.AdditionalTextsProvider
                .Where(static text => SpecFileMatcher.IsJson(text.Path))
                .Collect()
                .Combine(wanted)
                .Select(static (pair, token) => ReadSpecFiles(pair.Left, pair.Right, token))
                .WithTrackingName(TrackingNames.SpecFiles);

            // Step 4: each model that names a Spec joined with its file, into the same SpecResult the attribute channel
            // makes (attribute models pass through unchanged). From here on a JSON model is any model.
            IncrementalValuesProvider<SpecResult> resolved = specs
                .Combine(projectDirectory)
                .Combine(specFiles)
                .Select(static (pair, _) => pair.Left.Left.SpecFile is null
                    ? pair.Left.Left
                    : JsonSpecResolver.Resolve(pair.Left.Left with { SpecFile = pair.Left.Left.SpecFile with { ProjectDirectory = pair.Left.Right } }, pair.Right)
                        with { WeightsFile = pair.Left.Left.WeightsFile })
                .WithTrackingName(TrackingNames.ResolvedSpecs);

            // Shapes: Keras rules layer by layer, into a plan or located errors.
            IncrementalValuesProvider<ModelResult> inferred = resolved
                .Combine(target)
                .Select(static (pair, token) => InferSafely(pair.Left, pair.Right, token) with { WeightsFile = pair.Left.WeightsFile })
                .WithTrackingName(TrackingNames.Results);

            // Embedded weights ([CnnModel(Weights = ...)]): the descriptions of binary AdditionalFiles that the
            // CnnGen build targets write (see WeightsFileReader for why), the .bin paths, and the TF.js manifests
            // next to them. Reads nothing when no model embeds weights and no description exists.
            IncrementalValueProvider<WeightsFiles> weightFiles = context.AdditionalTextsProvider
                .Where(static text => WeightsFileReader.IsCandidate(text.Path))
                .Collect()
                .Select(static (texts, token) => WeightsFileReader.Read(texts, token))
                .WithTrackingName(TrackingNames.WeightFiles);

            IncrementalValuesProvider<ModelResult> results = inferred
                .Combine(projectDirectory)
                .Combine(weightFiles)
                .Select(static (pair, _) => AttachWeightsSafely(pair.Left.Left, pair.Left.Right, pair.Right))
                .WithTrackingName(TrackingNames.WithWeights);

            IncrementalValuesProvider<ModelPlan> plans = results
                .Where(static r => r.Plan != null)
                .Select(static (r, _) => r.Plan!)
                .WithTrackingName(TrackingNames.Plans);

            // Planning: how each layer runs (form, fusions, kernels, batched tail, buffers). Its own step, so that a
            // change that leaves the execution plan equal emits nothing.
            IncrementalValuesProvider<ExecutionPlan> executionPlans = plans
                .Select(static (plan, token) => Planner.Plan(plan, token))
                .WithTrackingName(TrackingNames.ExecutionPlans);

            // A model with an error still gets its public members (throwing), so that its uses compile: one error, not
            // one more CS0117 per use. Its own step, so that a model with an error never reaches the emitters.
            // One entry per model, none or one stand-in, that goes to the output as it is (as the diagnostics do): a step is
            // tracked only when an output uses its entries, so this one runs, and is tracked, in every build.
            IncrementalValuesProvider<EquatableArray<FallbackModel>> fallbacks = results
                .Select(static (r, _) => r.Plan is null && r.Fallback != null ? EquatableArray.Of(r.Fallback) : EquatableArray<FallbackModel>.Empty)
                .WithTrackingName(TrackingNames.Fallbacks);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
                .Select(static (r, _) => r.Diagnostics)
                .WithTrackingName(TrackingNames.Diagnostics);

            // Emission: the C# text of each plan and stand-in, as steps of their own; an exception becomes a failure entry
            // (no source) instead of leaving the generator.
            IncrementalValuesProvider<EmittedSource> emitted = executionPlans
                .Select((plan, token) => EmitSafely(plan.Model.Type, () => emitModel(plan, token)))
                .WithTrackingName(TrackingNames.Emitted);
            IncrementalValuesProvider<EquatableArray<EmittedSource>> emittedStandIns = fallbacks
                .Select(static (list, _) => list.Select(f => EmitSafely(f.Type, () => FallbackEmitter.Emit(f))).ToEquatableArray())
                .WithTrackingName(TrackingNames.EmittedStandIns);

            // An emit failure is CNNG900 on the model's declaration. The plans hold no locations (so that moving a declaration
            // emits nothing again); the declarations' locations are joined in here, where only failures are reported.
            IncrementalValueProvider<EquatableArray<EmittedSource>> failures = emitted
                .Where(static e => e.Failure != null)
                .Collect()
                .Combine(emittedStandIns.Collect())
                .Select(static (pair, _) => pair.Left.Concat(pair.Right.SelectMany(static list => list.Where(static e => e.Failure != null))).ToEquatableArray());
            IncrementalValueProvider<ImmutableArray<(HierarchyInfo? Type, LocationInfo? Location)>> declarations = resolved
                .Select(static (r, _) => ((r.Spec ?? r.Declared)?.Type, (r.Spec ?? r.Declared)?.Location))
                .Collect();

            context.RegisterSourceOutput(emitted, static (spc, source) => AddSource(spc, source));
            context.RegisterSourceOutput(emittedStandIns, static (spc, list) =>
            {
                foreach (EmittedSource source in list) AddSource(spc, source);
            });
            context.RegisterSourceOutput(failures.Combine(declarations), static (spc, pair) =>
            {
                foreach (EmittedSource failed in pair.Left)
                {
                    LocationInfo? where = pair.Right.FirstOrDefault(d => failed.Type.Equals(d.Type)).Location;
                    spc.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, where, failed.Type.Name, failed.Failure!).ToDiagnostic());
                }
            });
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (DiagnosticInfo info in list) spc.ReportDiagnostic(info.ToDiagnostic());
            });
        }

        /// <summary>Reads each .json AdditionalFile some Spec names; the others are skipped unread.</summary>
        private static EquatableArray<SpecFileModel> ReadSpecFiles(ImmutableArray<AdditionalText> texts, EquatableArray<SpecFileKey> wanted, System.Threading.CancellationToken token)
        {
            if (wanted.Count == 0) return EquatableArray<SpecFileModel>.Empty;
            var files = new List<SpecFileModel>();
            foreach (AdditionalText text in texts)
            {
                token.ThrowIfCancellationRequested();
                SpecFileModel? file = ReadSpecFileSafely(text, wanted, token);
                if (file != null) files.Add(file);
            }
            return files.ToEquatableArray();
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
                    return new SpecFileModel(text.Path, "json", null, null, null, EquatableArray<DeclaredLayer>.Empty, EquatableArray.Of(
                        DiagnosticInfo.Create(DiagnosticDescriptors.SpecFileUnreadable, new LocationInfo(text.Path, default, default), text.Path)));
                }
                return SpecFileReader.Read(text.Path, content, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new SpecFileModel(text.Path, "json", null, null, null, EquatableArray<DeclaredLayer>.Empty, EquatableArray.Of(
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

        private static ModelResult InferSafely(SpecResult read, TargetInfo target, System.Threading.CancellationToken token)
        {
            if (read.Spec is null)
            {
                // A spec file with an error: the class is known, its input and layers are not.
                FallbackModel? declared = read.Declared is null ? null
                    : FallbackModel.Partial(read.Declared, target, null, Array.Empty<LayerPlan>(), Array.Empty<string>());
                return new ModelResult(null, read.Diagnostics) { Fallback = declared };
            }
            try
            {
                ModelResult inferred = ShapeInference.Infer(read.Spec, target, token);
                var all = new List<DiagnosticInfo>(read.Diagnostics);
                all.AddRange(inferred.Diagnostics);
                bool declarationErrors = HasErrors(read.Diagnostics);
                if (inferred.Known != null) return new ModelResult(null, all.ToEquatableArray()) { Fallback = StandIn(inferred.Known) };
                if (inferred.Plan is null) return new ModelResult(null, all.ToEquatableArray()) { Fallback = inferred.Fallback };
                // The planner's decisions that have limits or need a word: the scratch buffers after its fusions, and
                // the unroll budget. The emission step plans the same model again (cheap: no code is written).
                ExecutionPlan planned = Planner.Plan(inferred.Plan, token);
                if (ShapeInference.CheckScratch(read.Spec, planned.Model) is DiagnosticInfo tooLarge)
                {
                    all.Add(tooLarge);
                    return new ModelResult(null, all.ToEquatableArray()) { Fallback = FallbackModel.FromPlan(inferred.Plan, 0) };
                }
                if (!declarationErrors && !planned.Unrolled)
                {
                    long cost = planned.UnrolledCost;
                    all.Add(cost <= inferred.Plan.UnrollBudget
                        ? DiagnosticInfo.Create(DiagnosticDescriptors.UnrollBudgetTooLarge, read.Spec.Location, read.Spec.Type.Name, cost,
                            (cost * Planner.BytesPerUnrolledStatement + 500_000) / 1_000_000, inferred.Plan.UnrollBudget, Planner.MaxUnrolledStatements)
                        : DiagnosticInfo.Create(DiagnosticDescriptors.UnrollBudgetExceeded, read.Spec.Location, read.Spec.Type.Name, cost, inferred.Plan.UnrollBudget));
                }
                // Declaration errors (e.g. not partial) mean there is nothing valid to add the code to. The stand-in, when
                // one can be written (decided at the end, in Finish), then knows the whole plan.
                if (declarationErrors) return new ModelResult(null, all.ToEquatableArray()) { Fallback = FallbackModel.FromPlan(inferred.Plan, planned.ScratchLength) };
                return new ModelResult(inferred.Plan, all.ToEquatableArray());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new ModelResult(null, EquatableArray.Of(
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, read.Spec.Location, read.Spec.Type.Name, Describe(e))));
            }
        }

        private static ModelResult AttachWeightsSafely(ModelResult result, string? projectDirectory, WeightsFiles files)
        {
            if (result.WeightsFile is null) return Finish(result, null, embedsWeights: false);
            try
            {
                ModelResult attached = WeightsResolver.Attach(result with { WeightsFile = null }, result.WeightsFile, projectDirectory, files, result.Plan?.Type.Name ?? "?");
                return Finish(attached, result.Plan, embedsWeights: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var all = new List<DiagnosticInfo>(result.Diagnostics)
                {
                    DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, result.WeightsFile.Location, result.Plan?.Type.Name ?? "?", Describe(e)),
                };
                return new ModelResult(null, all.ToEquatableArray());
            }
        }

        /// <summary>
        /// The last step of a model's result: a model without a plan keeps its stand-in (<see cref="FallbackModel"/>), now
        /// naming its first error, unless writing one would itself break the build: a class that is not partial (CNNG001),
        /// generic (CNNG008), not instantiable (CNNG009) or declaring a generated member (CNNG010), or a generator failure (CNNG900). <paramref name="planBefore"/>: the plan before the
        /// embedded weights were joined in (a weights error keeps everything else known).
        /// </summary>
        private static ModelResult Finish(ModelResult result, ModelPlan? planBefore, bool embedsWeights)
        {
            if (result.Plan != null) return result.Fallback is null ? result : result with { Fallback = null };
            FallbackModel? fallback = result.Fallback ?? (planBefore is null ? null : StandIn(planBefore));
            if (fallback is null) return result;
            DiagnosticInfo? first = null;
            int errors = 0;
            foreach (DiagnosticInfo d in result.Diagnostics)
            {
                if (d.Descriptor == DiagnosticDescriptors.NotPartial || d.Descriptor == DiagnosticDescriptors.GenericModel || d.Descriptor == DiagnosticDescriptors.InternalError
                    || d.Descriptor == DiagnosticDescriptors.NotInstantiableModel || d.Descriptor == DiagnosticDescriptors.GeneratedMemberCollision)
                    return result with { Fallback = null };
                if (d.Descriptor.DefaultSeverity != DiagnosticSeverity.Error) continue;
                first ??= d;
                errors++;
            }
            if (first is null) return result with { Fallback = null };
            return result with
            {
                Fallback = fallback with
                {
                    ErrorId = first.Descriptor.Id,
                    ErrorMessage = first.Message,
                    ErrorCount = errors,
                    EmbedsWeights = embedsWeights,
                },
            };
        }

        /// <summary>The stand-in of a model whose every layer is known: its scratch size as planned (0 when above the limit).</summary>
        private static FallbackModel StandIn(ModelPlan known)
        {
            long scratch = Planner.Plan(known).ScratchLength64;
            return FallbackModel.FromPlan(known, scratch <= ShapeInference.MaxScratch ? (int)scratch : 0);
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

        /// <summary>What <paramref name="emit"/> writes, or its exception as a failure (reported as CNNG900, nothing added).</summary>
        private static EmittedSource EmitSafely(HierarchyInfo type, Func<string> emit)
        {
            try
            {
                return new EmittedSource(type, emit(), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new EmittedSource(type, null, Describe(e));
            }
        }

        private static void AddSource(SourceProductionContext context, EmittedSource emitted)
        {
            if (emitted.Source != null) context.AddSource(emitted.Type.HintName + ".g.cs", emitted.Source);
        }

        private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;
    }

    /// <summary>Names of the pipeline steps, asserted by the caching tests.</summary>
    /// <summary>One generated file's text, or why it could not be written (<see cref="Failure"/>: CNNG900 on the declaration).</summary>
    internal sealed record EmittedSource(HierarchyInfo Type, string? Source, string? Failure);

    public static class TrackingNames
    {
        public const string Target = nameof(Target);
        public const string Specs = nameof(Specs);
        public const string Results = nameof(Results);
        public const string Plans = nameof(Plans);

        /// <summary>Each plan as the planner runs it: typed steps, form, fusions (what the emitters print).</summary>
        public const string ExecutionPlans = nameof(ExecutionPlans);
        public const string Diagnostics = nameof(Diagnostics);

        /// <summary>build_property.projectdir, the base of relative Spec paths.</summary>
        public const string ProjectDirectory = nameof(ProjectDirectory);

        /// <summary>The spec files any [CnnModel(Spec = ...)] wants: paths and directories, no locations.</summary>
        public const string SpecFileQuery = nameof(SpecFileQuery);

        /// <summary>The wanted .json AdditionalFiles, parsed into SpecFileModels.</summary>
        public const string SpecFiles = nameof(SpecFiles);

        /// <summary>Each model with its spec file joined in (attribute models pass through): what shape inference reads.</summary>
        public const string ResolvedSpecs = nameof(ResolvedSpecs);

        /// <summary>The weight files the generator can embed (encoded copies, .bin paths, TF.js manifests).</summary>
        public const string WeightFiles = nameof(WeightFiles);

        /// <summary>Each model's result with its embedded weights joined in (or a CNNG3xx error).</summary>
        public const string WithWeights = nameof(WithWeights);

        /// <summary>The stand-ins of models with an error (their public members, throwing).</summary>
        public const string Fallbacks = nameof(Fallbacks);

        /// <summary>Each execution plan's C# text (or the exception that stopped its emitter).</summary>
        public const string Emitted = nameof(Emitted);

        /// <summary>Each stand-in's C# text.</summary>
        public const string EmittedStandIns = nameof(EmittedStandIns);
    }
}
