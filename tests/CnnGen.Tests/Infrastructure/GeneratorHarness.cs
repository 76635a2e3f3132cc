using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using CnnGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>Runs the CnnGen generator on source text (and JSON additional files) in memory and compiles the result.</summary>
    public static class GeneratorHarness
    {
        private static readonly Lazy<MetadataReference[]> s_references = new Lazy<MetadataReference[]>(() =>
        {
            // The running framework's assemblies plus the CnnGen runtime: nothing is downloaded.
            string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
            var paths = tpa.Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal)
                || Path.GetFileName(p) == "netstandard.dll" || Path.GetFileName(p) == "mscorlib.dll").ToList();
            paths.Add(typeof(CnnModelAttribute).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        });

        public static CSharpCompilation Compile(string source, LanguageVersion version = LanguageVersion.Latest, string path = "Model.cs") =>
            Compile(new[] { (path, source) }, version);

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> sources, LanguageVersion version = LanguageVersion.Latest)
        {
            var options = new CSharpParseOptions(version);
            return CSharpCompilation.Create("Consumer",
                sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, options, s.Path)),
                s_references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions:
                    version >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable));
        }

        /// <summary>
        /// A driver for the compilation; <paramref name="additionalFiles"/> are what a project lists as
        /// &lt;AdditionalFiles&gt;, <paramref name="projectDirectory"/> is build_property.projectdir (null: not set).
        /// </summary>
        public static GeneratorDriver CreateDriver(CSharpCompilation compilation, bool trackSteps = false,
            IEnumerable<AdditionalText>? additionalFiles = null, string? projectDirectory = null) =>
            CSharpGeneratorDriver.Create(
                new[] { new CnnGenerator().AsSourceGenerator() },
                additionalTexts: additionalFiles,
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                optionsProvider: new TestOptionsProvider(projectDirectory is null
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { ["build_property.projectdir"] = projectDirectory }),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>
        /// Runs the generator on source with one span marked <c>[|...|]</c>; asserts exactly one error, with this id, exactly
        /// on the marked span, whose message holds every part.
        /// </summary>
        public static (GeneratorRun Run, Diagnostic Error) RunExpectingError(string id, string markedSource, params string[] messageParts)
        {
            int start = markedSource.IndexOf("[|", System.StringComparison.Ordinal);
            int end = markedSource.IndexOf("|]", System.StringComparison.Ordinal) - 2;
            string source = markedSource.Replace("[|", "").Replace("|]", "");
            GeneratorRun run = Run(source);
            Diagnostic d = Xunit.Assert.Single(run.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
            Xunit.Assert.Equal(id, d.Id);
            Xunit.Assert.Equal(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, end), d.Location.SourceSpan);
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            foreach (string part in messageParts) Xunit.Assert.Contains(part, message);
            return (run, d);
        }

        /// <summary>Runs the generator; returns generated sources, generator diagnostics and the final compilation's errors.</summary>
        public static GeneratorRun Run(string source, LanguageVersion version = LanguageVersion.Latest) =>
            Run(new[] { ("Model.cs", source) }, Array.Empty<(string, string)>(), null, version);

        /// <summary>Runs the generator on sources and JSON (or other) additional files.</summary>
        public static GeneratorRun Run(IEnumerable<(string Path, string Source)> sources, IEnumerable<(string Path, string Text)> additionalFiles,
            string? projectDirectory = null, LanguageVersion version = LanguageVersion.Latest)
        {
            CSharpCompilation compilation = Compile(sources, version);
            GeneratorDriver driver = CreateDriver(compilation, false, additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)), projectDirectory)
                .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            GeneratorDriverRunResult result = driver.GetRunResult();
            var generated = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            var generatorDiagnostics = result.Diagnostics;
            var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            return new GeneratorRun(generated, generatorDiagnostics, compileErrors, output);
        }
    }

    /// <summary>The planner's output for a declaration, read from the generator's tracked ExecutionPlans step.</summary>
    internal static class Planned
    {
        /// <summary>The execution plan of the one model <paramref name="source"/> declares (which must have no errors).</summary>
        public static CnnGen.Generator.Planning.ExecutionPlan Of(string source, LanguageVersion version = LanguageVersion.Latest)
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(source, version);
            GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation).GetRunResult();
            var outputs = result.Results.Single().TrackedSteps[TrackingNames.ExecutionPlans].SelectMany(step => step.Outputs);
            return (CnnGen.Generator.Planning.ExecutionPlan)outputs.Single().Value;
        }
    }

    /// <summary>An &lt;AdditionalFiles&gt; item held in memory.</summary>
    public sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Analyzer config options with only global (build_property.*) values.</summary>
    public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public TestOptionsProvider(IReadOnlyDictionary<string, string> values) => _global = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new Options(new Dictionary<string, string>());

            private readonly IReadOnlyDictionary<string, string> _values;

            public Options(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value)
            {
                bool found = _values.TryGetValue(key, out string? v);
                value = v ?? "";
                return found;
            }
        }
    }

    public sealed record GeneratorRun(
        IReadOnlyDictionary<string, string> Sources,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<Diagnostic> CompileErrors,
        Compilation Output)
    {
        public string Single() => Sources.Values.Single();

        /// <summary>
        /// The compiled run loaded into this process (no compile errors, emit must succeed), and its type
        /// <paramref name="fullName"/>.
        /// </summary>
        public Type LoadType(string fullName)
        {
            Xunit.Assert.Empty(CompileErrors);
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = Output.Emit(stream);
            Xunit.Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            return System.Reflection.Assembly.Load(stream.ToArray()).GetType(fullName) ?? throw new InvalidOperationException("No type " + fullName);
        }

        /// <summary>Compiler warnings inside the generated files (a consumer with TreatWarningsAsErrors would fail on them).</summary>
        public IEnumerable<Diagnostic> GeneratedWarnings()
        {
            static bool Generated(SyntaxTree? tree) => tree != null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);
            if (!Output.SyntaxTrees.Any(Generated)) throw new InvalidOperationException("No generated file in the compilation.");
            return Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning && Generated(d.Location.SourceTree)).ToList();
        }
    }
}

namespace CnnGen.Tests.Infrastructure
{
    public static class StandInAssertions
    {
        /// <summary>
        /// The run generated only the stand-in of a model with an error (FallbackEmitter: its public members, throwing), and
        /// the stand-in compiles: no compiler error besides the generator's own diagnostics. Returns its source.
        /// </summary>
        /// <param name="run">The generator run.</param>
        /// <param name="sourceErrors">Compiler errors the declaration itself causes (e.g. CS0579 for [Input] twice), which are allowed.</param>
        public static string AssertStandInOnly(this GeneratorRun run, params string[] sourceErrors)
        {
            string source = Xunit.Assert.Single(run.Sources).Value;
            Xunit.Assert.Contains("private const string CnnGenError = ", source);
            Xunit.Assert.Empty(run.CompileErrors.Where(d => !sourceErrors.Contains(d.Id)));
            return source;
        }
    }
}
