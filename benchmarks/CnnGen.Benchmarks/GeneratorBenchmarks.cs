using System;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Perfolizer.Horology;

namespace CnnGen.Benchmarks;

/// <summary>
/// The generator's own cost: a cold <c>CSharpGeneratorDriver</c> run (parse, shape inference, emission) on the seed
/// CNN declaration, and the emitted code's compilation to an assembly (what a build adds). The generator assembly is
/// loaded from its build output (the project references it as an analyzer only, as a consumer does).
/// </summary>
[Config(typeof(GeneratorBenchmarkConfig))]
public class GeneratorCost
{
    private const string SeedCnnSource = """
        using CnnGen;
        namespace Demo
        {
            [CnnModel]
            [Input(28, 28, 1)]
            [Conv2D(64, 3, Activation = Activation.Relu)]
            [MaxPooling2D(2)]
            [Conv2D(64, 3, Activation = Activation.Relu)]
            [MaxPooling2D(2)]
            [Flatten]
            [Dense(128, Activation = Activation.Relu)]
            [Dense(10, Activation = Activation.Softmax)]
            public partial class SeedCnn { }
        }
        """;

    private CSharpCompilation _compilation = null!;
    private ISourceGenerator _generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Append(typeof(CnnModelAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        _compilation = CSharpCompilation.Create("Consumer",
            new[] { CSharpSyntaxTree.ParseText(SeedCnnSource, new CSharpParseOptions(LanguageVersion.Latest)) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        Assembly generatorAssembly = Assembly.LoadFrom(FindGenerator());
        Type type = generatorAssembly.GetType("CnnGen.Generator.CnnGenerator", throwOnError: true)!;
        _generator = ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    /// <summary>generator/CnnGen.Generator/bin/{Release,Debug}/netstandard2.0/CnnGen.Generator.dll above the running benchmark.</summary>
    private static string FindGenerator()
    {
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            foreach (string configuration in new[] { "Release", "Debug" })
            {
                string path = Path.Combine(dir.FullName, "generator", "CnnGen.Generator", "bin", configuration, "netstandard2.0", "CnnGen.Generator.dll");
                if (File.Exists(path)) return path;
            }
        }

        throw new FileNotFoundException("CnnGen.Generator.dll not found above " + AppContext.BaseDirectory + "; build the solution first.");
    }

    [Benchmark(Description = "Generate seed CNN")]
    public int Generate()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(_generator).RunGenerators(_compilation);
        return driver.GetRunResult().GeneratedTrees.Sum(t => t.Length);
    }

    [Benchmark(Description = "Generate + emit assembly")]
    public long GenerateAndCompile()
    {
        CSharpGeneratorDriver.Create(_generator).RunGeneratorsAndUpdateCompilation(_compilation, out Compilation output, out _);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.Length;
    }
}

public sealed class GeneratorBenchmarkConfig : ManualConfig
{
    public GeneratorBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(500)).WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
