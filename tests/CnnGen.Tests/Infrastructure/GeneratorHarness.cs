using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using CnnGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Tests.Infrastructure
{
    /// <summary>Runs the CnnGen generator on source text in memory and compiles the result.</summary>
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

        public static GeneratorDriver CreateDriver(CSharpCompilation compilation, bool trackSteps = false) =>
            CSharpGeneratorDriver.Create(
                new[] { new CnnGenerator().AsSourceGenerator() },
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>Runs the generator; returns generated sources, generator diagnostics and the final compilation's errors.</summary>
        public static GeneratorRun Run(string source, LanguageVersion version = LanguageVersion.Latest)
        {
            CSharpCompilation compilation = Compile(source, version);
            GeneratorDriver driver = CreateDriver(compilation).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            GeneratorDriverRunResult result = driver.GetRunResult();
            var generated = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            var generatorDiagnostics = result.Diagnostics;
            var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            return new GeneratorRun(generated, generatorDiagnostics, compileErrors, output);
        }
    }

    public sealed record GeneratorRun(
        IReadOnlyDictionary<string, string> Sources,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<Diagnostic> CompileErrors,
        Compilation Output)
    {
        public string Single() => Sources.Values.Single();
    }
}
