using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace CnnGen.Tests.Pipeline
{
    /// <summary>
    /// Seeded fuzzing of the generator (issue #10, hostile input): random and mutated attribute declarations (layer
    /// sequences with plausible and extreme sizes, out-of-range enum casts, NaN and infinite options, hostile and colliding
    /// names, unroll budgets, missing spec and weight files, class shapes), the tutorial CNN mutated, models with large
    /// widths and windows, and random and mutated JSON specs (CnnGen, Keras 2, 2.1 and 3 to_json, TF.js model.json;
    /// structural mutations, wrong types, byte flips, truncations, huge numbers, CR and U+2028 line breaks). Every case
    /// must keep the invariants of <see cref="Check"/>: no CNNG900 and no exception; without a CNNG error the generated
    /// code compiles (no errors, no warnings in it), with one a stand-in that compiles is generated (or nothing, where
    /// the class cannot take one); every error is located in the declaring file or the JSON file; the generated text is
    /// bounded (<see cref="SizeBound"/>). Cancellation is checked without timing: a cancelled token, or one cancelled
    /// by the run itself when it reads the spec, ends the run with OperationCanceledException.
    /// Each case has its own seed (the base seed plus its number) and a failure prints it with the whole declaration.
    /// By default 3,140 cases a run (1,500 attribute declarations, 400 mutations of the tutorial CNN, 1,200 JSON specs, 40
    /// wide models), each run through the generator and its output compiled. Set <c>CNNGEN_FUZZ_CASES</c> (cases per
    /// kind), <c>CNNGEN_FUZZ_SEED</c> (base seed) and, for long runs, <c>CNNGEN_FUZZ_COMPILE_EVERY</c> (n: compile the
    /// output of the first few dozen cases of each kind and then of one case in n) for another run (CNNGEN_FUZZ_CASES=1 and
    /// the printed seed repeat one case). Deterministic: times are written to the test output (rate, slowest case), never asserted.
    /// </summary>
    public class GeneratorFuzzTests
    {
        /// <summary>
        /// The most generated text (characters, all files) a case may produce with an unroll budget up to the default.
        /// Generous (the tutorial CNN generates 455,217): the generated size must be bounded by the model's structure (its
        /// layers, the unroll budget), not by its widths.
        /// </summary>
        public const int MaxGeneratedChars = 4_000_000;

        /// <summary>
        /// Above the default budget the user asks for more unrolled statements, and gets them: a fully unrolled model
        /// takes about 25 characters per statement (the tutorial CNN: 5,156,810 statements, 125,655,568 characters
        /// with UnrollBudget = int.MaxValue). So a larger budget allows this many characters per budgeted statement.
        /// </summary>
        public const int CharsPerBudgetedStatement = 64;

        /// <summary>
        /// Generated code longer than this is not compiled here (binding a megabyte of unrolled code takes seconds on a
        /// busy machine); only the wide models reach it. Such code is compiled by HostileInputTests' within-the-limits tests.
        /// </summary>
        public const int MaxCompiledChars = 600_000;

        /// <summary>The size bound of a model with this UnrollBudget (null: the default).</summary>
        public static long SizeBound(int? budget) => Math.Max(MaxGeneratedChars, CharsPerBudgetedStatement * (long)(budget ?? 0));

        private const string ProjectDir = "/proj/";
        private const string ModelPath = ProjectDir + "Model.cs";
        private const string ConsumerPath = ProjectDir + "Use.cs";
        private const string JsonPath = ProjectDir + "m.json";

        /// <summary>Errors after which no stand-in is written (it would itself break the build); see CnnGenerator.Finish.</summary>
        private static readonly string[] NoStandInIds = { "CNNG001", "CNNG008", "CNNG009", "CNNG010" };

        private readonly ITestOutputHelper _output;

        public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

        private static int Cases(int normal) => FuzzSettings.Cases(normal);

        private static int Seed(int normal) => FuzzSettings.Seed(normal);

        // ------------------------------------------------------------------------------------------------------------
        // The facts

        [Fact]
        public void Random_attribute_declarations_keep_the_invariants() =>
            RunCases("attributes", Cases(1500), Seed(10_000), 50, random => RandomAttributeCase(random, mutateSeedModel: false));

        [Fact]
        public void Mutations_of_the_Fashion_MNIST_CNN_keep_the_invariants() =>
            RunCases("seed model", Cases(400), Seed(20_000), 16, random => RandomAttributeCase(random, mutateSeedModel: true));

        /// <summary>
        /// Models within every CnnGen limit whose widths (units, filters, depth multipliers, windows) are large and whose
        /// structure is small: one or two computing layers. Their generated size must not grow with the widths.
        /// </summary>
        [Fact]
        public void Wide_models_keep_the_invariants() =>
            RunCases("wide", Cases(40), Seed(50_000), 6, RandomWideCase);

        [Fact]
        public void Random_and_mutated_json_specs_keep_the_invariants() =>
            RunCases("json", Cases(1200), Seed(30_000), 40, RandomJsonCase);

        /// <summary>
        /// The unmutated seed models generate (a check of the fuzzer itself: it starts from valid input): the tutorial
        /// CNN declared by attributes (C# 7.3, fully checked) and written in every JSON layout, and every Keras fixture,
        /// as keras-config.json and as model.json (no diagnostic but CNNG901).
        /// </summary>
        [Fact]
        public void The_seed_models_generate_without_diagnostics()
        {
            var random = new Random(1);
            FuzzCase declared = AttributeCase("seed model, C# 7.3", random, Shape.Namespace, FashionInput(), FashionLayers(), null, null, LanguageVersion.CSharp7_3);
            Outcome outcome = Check(declared);
            Assert.True(outcome.Violations.Count == 0, declared.Describe(outcome));
            Assert.Equal("generated", outcome.Kind);

            var specs = new List<(string What, string Json)>();
            foreach (JsonLayout layout in Enum.GetValues(typeof(JsonLayout)))
                specs.Add(($"seed model as {layout}", RenderJson(layout, FashionInput(), FashionLayers(), "fashion", random).ToJsonString()));
            foreach (string fixture in KerasFixtures.Concat(SlowKerasFixtures))
            {
                foreach (string file in new[] { "keras-config.json", "model.json" })
                    specs.Add(($"fixture {fixture}/{file}", File.ReadAllText(SharedFiles.Keras(fixture, file))));
            }
            foreach (var (what, json) in specs)
            {
                FuzzCase c = JsonCase(what, json, LanguageVersion.Latest, null);
                CSharpCompilation compilation = GeneratorHarness.Compile(c.Sources, c.Version);
                GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(compilation, false,
                    c.Files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)), ProjectDir).RunGenerators(compilation).GetRunResult();
                Assert.True(result.Diagnostics.All(d => d.Id == "CNNG901"), what + ": " + string.Join("; ", result.Diagnostics));
                Assert.Single(result.GeneratedTrees);
            }
        }

        // ------------------------------------------------------------------------------------------------------------
        // Cancellation: deterministic, no timing. The token is cancelled before the run, or by the run itself at a
        // fixed point (when the generator reads the spec file), and the run must end with OperationCanceledException:
        // the generator must not swallow it (CNNG900, CNNG213) or carry on.

        [Fact]
        public void A_run_with_a_cancelled_token_ends_with_OperationCanceledException()
        {
            int seed = Seed(40_000);
            int cases = Math.Max(1, Cases(6) / 2);
            var failures = new List<string>();
            for (int n = 0; n < cases; n++)
            {
                var random = new Random(seed + n);
                FuzzCase c = n % 2 == 0 ? RandomAttributeCase(random, mutateSeedModel: n % 4 == 0) : RandomJsonCase(random);
                c.Seed = seed + n;
                using var cts = new CancellationTokenSource();
                cts.Cancel();
                string? problem = ExpectCancelled(c, c.Files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)), cts.Token);
                if (problem != null) failures.Add(problem + "\n" + c.Describe(null));
            }
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_run_cancelled_while_the_generator_reads_the_spec_ends_with_OperationCanceledException(bool getTextThrows)
        {
            var random = new Random(2);
            var layers = new List<Layer> { new Layer("Conv2D") { Filters = 2, KernelHeight = 3 }, new Layer("Flatten"), new Layer("Dense") { Units = 3, Activation = 6 } };
            string json = RenderJson(JsonLayout.CnnGen, new[] { 6, 6, 1 }, layers, "small", random).ToJsonString();
            FuzzCase c = JsonCase("cancelled while reading", json, LanguageVersion.Latest, null);
            using var cts = new CancellationTokenSource();
            var file = new CancellingAdditionalText(JsonPath, json, cts, getTextThrows);
            string? problem = ExpectCancelled(c, new AdditionalText[] { file }, cts.Token);
            Assert.True(file.Calls > 0, "the generator never read the spec file");
            Assert.True(problem is null, problem);

            // The same declaration, not cancelled, still generates: the cancelled run left nothing behind.
            Outcome outcome = Check(c);
            Assert.True(outcome.Violations.Count == 0, c.Describe(outcome));
            Assert.Equal("generated", outcome.Kind);
        }

        private static string? ExpectCancelled(FuzzCase c, IEnumerable<AdditionalText> files, CancellationToken token)
        {
            CSharpCompilation compilation = GeneratorHarness.Compile(c.Sources, c.Version);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, false, files, ProjectDir);
            try
            {
                GeneratorDriver after = driver.RunGeneratorsAndUpdateCompilation(compilation, out _, out _, token);
                GeneratorDriverRunResult result = after.GetRunResult();
                return $"seed {c.Seed}: the cancelled run ended normally, with {result.GeneratedTrees.Length} files and diagnostics [" +
                    string.Join("; ", result.Diagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture))) + "]";
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception e)
            {
                return $"seed {c.Seed}: the cancelled run threw {e.GetType().Name} instead of OperationCanceledException: {e}";
            }
        }

        /// <summary>An additional file whose reading cancels the run (and, if asked, then observes the cancellation as GetText(token) may).</summary>
        private sealed class CancellingAdditionalText : AdditionalText
        {
            private readonly SourceText _text;
            private readonly CancellationTokenSource _cts;
            private readonly bool _throws;

            public CancellingAdditionalText(string path, string text, CancellationTokenSource cts, bool throws)
            {
                Path = path;
                _text = SourceText.From(text);
                _cts = cts;
                _throws = throws;
            }

            public int Calls { get; private set; }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default)
            {
                Calls++;
                _cts.Cancel();
                if (_throws) cancellationToken.ThrowIfCancellationRequested();
                return _text;
            }
        }

        // ------------------------------------------------------------------------------------------------------------
        // Generated size: found by the fuzz (Wide_models_keep_the_invariants, and the issue's Conv2D(2000, 3)). Each
        // declaration is within every CnnGen limit (no diagnostic but CNNG901) and must generate at most
        // MaxGeneratedChars: the size must not grow with the widths. These fail until the emitters keep their loops over
        // channels (and window cells) once the unroll budget is spent.

        public static TheoryData<string, string, string> OversizedDeclarations => new TheoryData<string, string, string>
        {
            // model, input, layers // generated characters when found (commit b6f1c0d)
            { "[CnnModel]", "[Input(8, 8, 1)]", "[Conv2D(2000, 3)]" }, // 4,064,653
            { "[CnnModel]", "[Input(8, 8, 1)]", "[Conv2D(8192, 3)]" }, // 16,538,739
            { "[CnnModel(UnrollBudget = 0)]", "[Input(8, 8, 1)]", "[Conv2D(8192, 3)]" }, // 16,538,739: the budget does not help
            { "[CnnModel]", "[Input(10, 5, 1)]", "[Conv2D(1024, 3, Padding = Padding.Same)]\n[Conv2D(1024, 3, Padding = Padding.Same)]" }, // 7,999,930
            { "[CnnModel]", "[Input(1000, 8)]", "[Conv1D(8192, 3)]" }, // 4,467,108
            { "[CnnModel]", "[Input(30000)]", "[Dense(8192)]" }, // 5,058,522
            { "[CnnModel]", "[Input(8192)]", "[Dense(8192)]\n[Dense(8192)]" }, // 9,971,620
            { "[CnnModel]", "[Input(100, 100, 3)]", "[Conv2D(8, 64, Padding = Padding.Same)]" }, // 35,933,811: a 64x64 window, 'same'
        };

        [Theory]
        [MemberData(nameof(OversizedDeclarations))]
        public void Generated_size_is_bounded_by_structure(string model, string input, string layers)
        {
            string source = $"using CnnGen;\n{model}\n{input}\n{layers}\npublic partial class M {{ }}\n";
            CSharpCompilation compilation = GeneratorHarness.Compile(source);
            GeneratorDriverRunResult result = GeneratorHarness.CreateDriver(compilation).RunGenerators(compilation).GetRunResult();
            Assert.Empty(result.Diagnostics.Where(d => d.Id != "CNNG901"));
            long size = result.GeneratedTrees.Sum(t => (long)t.Length);
            Assert.True(size <= MaxGeneratedChars, $"{model} {input} {layers}: {size:N0} generated characters, above {MaxGeneratedChars:N0}");
        }

        // ------------------------------------------------------------------------------------------------------------
        // Running and checking one case

        /// <summary>One generator input: the C# sources, the additional files, the language version; what a failure prints.</summary>
        private sealed class FuzzCase
        {
            public FuzzCase(string what, LanguageVersion version)
            {
                What = what;
                Version = version;
            }

            public string What { get; }

            public int Seed { get; set; }

            public LanguageVersion Version { get; }

            public List<(string Path, string Text)> Sources { get; } = new List<(string Path, string Text)>();

            public List<(string Path, string Text)> Files { get; } = new List<(string Path, string Text)>();

            /// <summary>The UnrollBudget the declaration sets (null: the default).</summary>
            public int? Budget { get; set; }

            /// <summary>Where the CNNG errors must be: the declaring .cs file, or the JSON spec.</summary>
            public string ErrorFile { get; set; } = ModelPath;

            public string Describe(Outcome? outcome)
            {
                var b = new StringBuilder();
                b.Append($"seed {Seed} ({What}; LangVersion {Version})");
                if (outcome != null)
                {
                    b.Append(": ").Append(outcome.Kind).Append('\n');
                    foreach (string v in outcome.Violations) b.Append("  VIOLATION: ").Append(v).Append('\n');
                    foreach (string d in outcome.Diagnostics) b.Append("  diagnostic: ").Append(d).Append('\n');
                }
                b.Append("  reproduce: CNNGEN_FUZZ_SEED=").Append(Seed).Append(" CNNGEN_FUZZ_CASES=1 (in the test of this kind)\n");
                foreach (var (path, text) in Sources.Concat(Files))
                {
                    b.Append("---- ").Append(path).Append(" ----\n").Append(text).Append('\n');
                }
                return b.ToString();
            }
        }

        private sealed class Outcome
        {
            public string Kind { get; set; } = "";

            public List<string> Violations { get; } = new List<string>();

            public List<string> Diagnostics { get; } = new List<string>();

            /// <summary>Time in the generator driver and in compiling its output (reported, never asserted).</summary>
            public TimeSpan GenerateTime { get; set; }

            public TimeSpan CompileTime { get; set; }
        }

        /// <summary>
        /// Runs <paramref name="cases"/> cases from consecutive seeds. The generator runs on every case, and its output is
        /// compiled: for every case, or, with <see cref="FuzzSettings.CompileEvery"/> above 1, for the first
        /// <paramref name="compiledFirst"/> and then one case in that many (binding the generated code takes 10-900 ms a
        /// case, the generator 1-16 ms).
        /// </summary>
        private void RunCases(string kind, int cases, int seed, int compiledFirst, Func<Random, FuzzCase> make)
        {
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var failures = new List<string>();
            int failed = 0;
            TimeSpan generating = TimeSpan.Zero, compiling = TimeSpan.Zero, slowest = TimeSpan.Zero;
            int slowestSeed = 0, compiled = 0, every = FuzzSettings.CompileEvery(1);
            for (int n = 0; n < cases; n++)
            {
                var random = new Random(seed + n);
                FuzzCase c;
                try
                {
                    c = make(random);
                }
                catch (Exception e)
                {
                    failures.Add($"seed {seed + n}: the fuzzer failed to make a case: {e}");
                    continue;
                }
                c.Seed = seed + n;
                bool compile = n < compiledFirst || n % every == 0;
                Outcome outcome = Check(c, compile);
                if (compile) compiled++;
                generating += outcome.GenerateTime;
                compiling += outcome.CompileTime;
                if (outcome.GenerateTime > slowest) { slowest = outcome.GenerateTime; slowestSeed = c.Seed; }
                outcomes[outcome.Kind] = outcomes.TryGetValue(outcome.Kind, out int k) ? k + 1 : 1;
                if (outcome.Violations.Count > 0)
                {
                    failed++;
                    if (failures.Count < 8) failures.Add(c.Describe(outcome));
                }
            }
            _output.WriteLine($"{kind}: {cases} cases, seeds {seed}..{seed + cases - 1}; generator {generating.TotalSeconds:F1} s " +
                $"({cases / Math.Max(generating.TotalSeconds, 1e-3):F0} cases/s, slowest {slowest.TotalMilliseconds:F0} ms: seed {slowestSeed}); " +
                $"{compiled} outputs compiled in {compiling.TotalSeconds:F1} s");
            foreach (var o in outcomes) _output.WriteLine($"  {o.Key}: {o.Value}");
            Assert.True(failures.Count == 0, $"{failed} of {cases} cases broke an invariant (first {failures.Count} shown):\n\n" + string.Join("\n\n", failures));
        }

        /// <summary>
        /// Runs the generator on the case and checks the invariants:
        /// (a) no CNNG900, no exception out of the generator (the driver's CS8785), none out of the driver;
        /// (b) no CNNG error: one generated file, and the compilation (with a consumer using the model's members) has no
        ///     error and the generated file no warning; a CNNG error: the stand-in only (a compilation without errors),
        ///     or nothing at all after an error that forbids one (not partial, generic, not instantiable, member collision);
        /// (c) every error is located, in the declaring file (attributes) or the JSON file (specs), on a span inside it
        ///     whose line and column match;
        /// (d) the generated text is at most <see cref="MaxGeneratedChars"/> characters.
        /// The declaring file itself must compile before generation (a check of the fuzzer).
        /// </summary>
        private static Outcome Check(FuzzCase c, bool compile = true)
        {
            var outcome = new Outcome();
            CSharpCompilation compilation = GeneratorHarness.Compile(c.Sources, c.Version);
            SyntaxTree declaring = compilation.SyntaxTrees.First(t => t.FilePath == ModelPath);
            var own = compilation.GetSemanticModel(declaring).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (own.Count > 0)
            {
                outcome.Kind = "fuzzer error";
                outcome.Violations.Add("the declaration does not compile by itself (a fuzzer bug): " + string.Join("; ", own.Take(3)));
                return outcome;
            }

            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, false,
                c.Files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)), ProjectDir);
            Compilation output;
            GeneratorDriverRunResult result;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
                result = driver.GetRunResult();
                outcome.GenerateTime = clock.Elapsed;
            }
            catch (Exception e)
            {
                outcome.Kind = "threw";
                outcome.Violations.Add("(a) the generator driver threw: " + e);
                return outcome;
            }

            // (a)
            foreach (GeneratorRunResult r in result.Results)
            {
                if (r.Exception != null) outcome.Violations.Add("(a) the generator threw: " + r.Exception);
            }
            foreach (Diagnostic d in result.Diagnostics)
            {
                outcome.Diagnostics.Add($"{d.Id} {d.Severity} at {Where(d.Location)}: {d.GetMessage(CultureInfo.InvariantCulture)}");
                if (d.Id == "CNNG900" || d.Id == "CS8785") outcome.Violations.Add($"(a) {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
            }

            // (c)
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            foreach (Diagnostic d in errors) CheckLocation(c, d, outcome);

            // (d)
            var generated = result.Results.SelectMany(r => r.GeneratedSources).ToList();
            long size = generated.Sum(s => (long)s.SourceText.Length);
            if (size > SizeBound(c.Budget))
            {
                outcome.Kind = "oversized";
                outcome.Violations.Add($"(d) {size:N0} generated characters, above {SizeBound(c.Budget):N0}");
                return outcome; // compiling megabytes of code would only take time
            }
            if (size > MaxCompiledChars)
            {
                // Within its bound (that of its unroll budget, above MaxGeneratedChars); too long to compile in a test.
                outcome.Kind = errors.Count == 0 ? "generated, large: not compiled" : "error, large: not compiled";
                return outcome;
            }

            // (b)
            outcome.Kind = errors.Count == 0 ? "generated" : errors.Any(d => NoStandInIds.Contains(d.Id))
                ? "error, no stand-in: " + string.Join(",", errors.Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal))
                : "error, stand-in: " + errors[0].Id;
            if (!compile) return outcome;
            clock.Restart();
            var compileDiagnostics = output.GetDiagnostics();
            outcome.CompileTime = clock.Elapsed;
            var compileErrors = compileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            static string Show(IEnumerable<Diagnostic> ds) => string.Join("; ", ds.Take(5).Select(d => d.ToString()));
            if (errors.Count == 0)
            {
                if (generated.Count != 1) outcome.Violations.Add($"(b) no CNNG error, but {generated.Count} generated files");
                if (generated.Any(s => s.SourceText.ToString().Contains("private const string CnnGenError = ")))
                    outcome.Violations.Add("(b) no CNNG error, but the stand-in was generated");
                if (compileErrors.Count > 0) outcome.Violations.Add($"(b) no CNNG error, but {compileErrors.Count} compile errors: {Show(compileErrors)}");
                var warnings = compileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
                if (warnings.Count > 0) outcome.Violations.Add($"(b) {warnings.Count} compiler warnings in the generated code: {Show(warnings)}");
            }
            else if (errors.Any(d => NoStandInIds.Contains(d.Id)))
            {
                if (generated.Count != 0) outcome.Violations.Add($"(b) {generated.Count} generated files after an error that allows no stand-in");
                var declarationErrors = compileErrors.Where(d => d.Location.SourceTree?.FilePath != ConsumerPath).ToList();
                if (declarationErrors.Count > 0) outcome.Violations.Add($"(b) compile errors outside the consumer: {Show(declarationErrors)}");
            }
            else
            {
                if (generated.Count != 1 || !generated[0].SourceText.ToString().Contains("private const string CnnGenError = "))
                    outcome.Violations.Add($"(b) a CNNG error, but {generated.Count} generated files and no stand-in");
                if (compileErrors.Count > 0) outcome.Violations.Add($"(b) the stand-in does not compile: {compileErrors.Count} errors: {Show(compileErrors)}");
            }
            return outcome;
        }

        private static string Where(Location location)
        {
            if (location.Kind == LocationKind.None) return "Location.None";
            FileLinePositionSpan span = location.GetLineSpan();
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) [{location.SourceSpan.Start}..{location.SourceSpan.End}]";
        }

        private static void CheckLocation(FuzzCase c, Diagnostic d, Outcome outcome)
        {
            if (d.Location.Kind == LocationKind.None)
            {
                outcome.Violations.Add($"(c) {d.Id} has no location (Location.None)");
                return;
            }
            FileLinePositionSpan lineSpan = d.Location.GetLineSpan();
            if (lineSpan.Path != c.ErrorFile)
            {
                outcome.Violations.Add($"(c) {d.Id} is located in '{lineSpan.Path}', expected '{c.ErrorFile}'");
                return;
            }
            string text = c.Sources.Concat(c.Files).First(s => s.Path == c.ErrorFile).Text;
            TextSpan span = d.Location.SourceSpan;
            if (span.End > text.Length)
            {
                outcome.Violations.Add($"(c) {d.Id} span {span} ends after the file ({text.Length} characters)");
                return;
            }
            LinePositionSpan expected = SourceText.From(text).Lines.GetLinePositionSpan(span);
            if (expected != lineSpan.Span) outcome.Violations.Add($"(c) {d.Id} span {span} is at {expected}, but its line span says {lineSpan.Span}");
        }

        // ------------------------------------------------------------------------------------------------------------
        // Values: mostly plausible, sometimes extreme

        private static readonly int[] ExtremeInts =
        {
            0, -1, 1, 2, int.MaxValue, int.MinValue, 46341, 1 << 30, 65536, 8192, 8193, 4096, 4097, 64, 65, 1000000, 1000001, 100000, 2000,
        };

        private static readonly double[] ExtremeDoubles =
        {
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, 1.0, -1.0, 1e308, -1e308, double.Epsilon, 1e-45,
            3.4028235e38, 1e39, -1e39, 0.9999999999999999, 1.0 / 3, double.MaxValue, 2.5, 100,
        };

        /// <summary>Names that stress escaping (line breaks, U+2028, quotes, comment ends, keywords) or collide with each other or with generated names.</summary>
        private static readonly string[] HostileNames =
        {
            "dense_1", "dense1", "Dense1", "dense", "conv2d", "conv2d_1", "class", "int", "namespace", "a\nb", "a\r\nb", "a\u2028b", "a\u2029b", "a\u0085b",
            "q\"uote", "back\\slash", "*/ x /*", "// c", "#error x", "<tag>&amp;", "\u0000", "\ud800", "\t", " ", "", "_", "@x", "x.y", "名前",
            "Layers", "Summary", "Predict", "InputLength", "Ops", "CnnGenError", "Run", "_weights", "M", "Length", "1x", "a-b", new string('n', 300),
        };

        private static readonly string[] ActivationNames =
        {
            "Linear", "Relu", "Relu6", "Sigmoid", "HardSigmoid", "Tanh", "Softmax", "LogSoftmax", "Softplus", "Softsign", "Elu", "Selu", "Swish", "Mish", "Gelu", "Exponential",
        };

        private static readonly string[] KerasActivationNames =
        {
            "linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign", "elu", "selu", "swish", "mish", "gelu", "exponential",
        };

        private static int Small(Random r, int max) => r.Next(12) == 0 ? ExtremeInts[r.Next(ExtremeInts.Length)] : 1 + r.Next(max);

        private static double Real(Random r, double low, double high) =>
            r.Next(6) == 0 ? ExtremeDoubles[r.Next(ExtremeDoubles.Length)] : Math.Round(low + r.NextDouble() * (high - low), 3);

        private static int ActivationValue(Random r) => r.Next(10) == 0 ? new[] { 16, 17, 99, -1, int.MaxValue, int.MinValue }[r.Next(6)] : r.Next(ActivationNames.Length);

        private static int PaddingValue(Random r) => r.Next(12) == 0 ? new[] { 2, 3, -1, 42 }[r.Next(4)] : r.Next(2);

        private static string? MaybeName(Random r) =>
            r.Next(8) != 0 ? null : r.Next(3) == 0 ? HostileNames[r.Next(HostileNames.Length)] : "layer_" + r.Next(4).ToString(CultureInfo.InvariantCulture);

        // ------------------------------------------------------------------------------------------------------------
        // A model, independent of how it is written (attributes or JSON)

        /// <summary>One layer: its class and the options set (null: not written, the default).</summary>
        private sealed class Layer
        {
            public Layer(string kind) => Kind = kind;

            public string Kind { get; set; }

            public string? Name { get; set; }

            public int? Filters { get; set; }

            public int? Units { get; set; }

            public int? KernelHeight { get; set; }

            public int? KernelWidth { get; set; }

            public int? StrideHeight { get; set; }

            public int? StrideWidth { get; set; }

            public int? DilationHeight { get; set; }

            public int? DilationWidth { get; set; }

            public int? Padding { get; set; }

            public int? Activation { get; set; }

            public bool? UseBias { get; set; }

            public int? DepthMultiplier { get; set; }

            public double? Rate { get; set; }

            public int[]? Target { get; set; }

            /// <summary>ZeroPadding2D / Cropping2D amounts: 1, 2 or 4 values (0: the default).</summary>
            public int[]? Edges { get; set; }

            public double? Scale { get; set; }

            public double? Offset { get; set; }

            public double? MaxValue { get; set; }

            public double? NegativeSlope { get; set; }

            public double? Threshold { get; set; }

            public double? Alpha { get; set; }

            public int? Axis { get; set; }

            public bool? KeepDims { get; set; }

            public double? Epsilon { get; set; }

            public double? Momentum { get; set; }

            public bool? Center { get; set; }

            public bool? ScaleFlag { get; set; }

            public Layer Clone() => (Layer)MemberwiseClone();
        }

        private static readonly string[] LayerKinds =
        {
            "Conv2D", "Conv1D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D", "MaxPooling1D", "AveragePooling1D",
            "GlobalMaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling2D", "Dense", "Flatten", "Dropout",
            "SpatialDropout1D", "SpatialDropout2D", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "BatchNormalization", "Reshape",
            "ZeroPadding2D", "Cropping2D", "Rescaling",
        };

        private static readonly string[] Kinds3 =
        {
            "Conv2D", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D", "GlobalMaxPooling2D", "GlobalAveragePooling2D",
            "Flatten", "Dense", "SpatialDropout2D", "BatchNormalization", "ZeroPadding2D", "Cropping2D", "Activation", "ReLU", "Rescaling", "Dropout",
        };

        private static readonly string[] Kinds2 =
        {
            "Conv1D", "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "Flatten", "Dense",
            "SpatialDropout1D", "BatchNormalization", "LeakyReLU", "ELU", "Softmax", "Reshape",
        };

        private static readonly string[] Kinds1 = { "Dense", "Dense", "Dense", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Dropout", "BatchNormalization", "Reshape", "Rescaling" };

        private static int[] FashionInput() => new[] { 28, 28, 1 };

        /// <summary>The Fashion-MNIST CNN of the tutorial.</summary>
        private static List<Layer> FashionLayers() => new List<Layer>
        {
            new Layer("Conv2D") { Filters = 64, KernelHeight = 3, Activation = 1 },
            new Layer("MaxPooling2D") { KernelHeight = 2 },
            new Layer("Conv2D") { Filters = 64, KernelHeight = 3, Activation = 1 },
            new Layer("MaxPooling2D") { KernelHeight = 2 },
            new Layer("Flatten"),
            new Layer("Dense") { Units = 128, Activation = 1 },
            new Layer("Dense") { Units = 10, Activation = 6 },
        };

        private static int[] RandomInput(Random r)
        {
            int rank = r.Next(10) switch { < 5 => 3, < 7 => 2, < 9 => 1, _ => r.Next(2) == 0 ? 0 : 4 };
            var dims = new int[rank];
            for (int i = 0; i < rank; i++) dims[i] = rank == 3 && i == 2 ? Small(r, 3) : Small(r, rank == 1 ? 24 : 10);
            return dims;
        }

        /// <summary>A random layer, usually one that fits the (approximate) shape so far; the shape is then updated.</summary>
        private static Layer RandomLayer(Random r, ref int[] shape)
        {
            string[] fitting = shape.Length switch { 3 => Kinds3, 2 => Kinds2, _ => Kinds1 };
            string kind = r.Next(7) == 0 ? LayerKinds[r.Next(LayerKinds.Length)] : fitting[r.Next(fitting.Length)];
            int h = shape.Length > 0 ? Math.Max(1, shape[0]) : 1;
            int w = shape.Length > 1 ? Math.Max(1, shape[1]) : 1;
            var l = new Layer(kind) { Name = MaybeName(r) };
            int Kernel(int limit) => Small(r, Math.Min(4, Math.Max(1, limit)));
            void Window(bool twoD, bool conv)
            {
                l.KernelHeight = Kernel(h);
                if (twoD && r.Next(3) == 0) l.KernelWidth = Kernel(w);
                if (r.Next(3) == 0) { l.StrideHeight = Small(r, 3); if (twoD && r.Next(2) == 0) l.StrideWidth = Small(r, 3); }
                if (conv && r.Next(4) == 0) { l.DilationHeight = Small(r, 3); if (twoD && r.Next(2) == 0) l.DilationWidth = Small(r, 3); }
                if (r.Next(2) == 0) l.Padding = PaddingValue(r);
            }
            switch (kind)
            {
                case "Conv2D":
                case "SeparableConv2D":
                    l.Filters = Small(r, 8);
                    Window(true, true);
                    break;
                case "Conv1D":
                    l.Filters = Small(r, 8);
                    Window(false, true);
                    break;
                case "DepthwiseConv2D":
                    Window(true, true);
                    if (r.Next(3) == 0) l.DepthMultiplier = Small(r, 3);
                    break;
                case "MaxPooling2D":
                case "AveragePooling2D":
                    Window(true, false);
                    break;
                case "MaxPooling1D":
                case "AveragePooling1D":
                    if (r.Next(4) != 0) Window(false, false);
                    break;
                case "GlobalMaxPooling1D":
                case "GlobalAveragePooling1D":
                case "GlobalMaxPooling2D":
                case "GlobalAveragePooling2D":
                    if (r.Next(3) == 0) l.KeepDims = r.Next(2) == 0;
                    break;
                case "Dense":
                    l.Units = Small(r, 12);
                    break;
                case "Dropout":
                case "SpatialDropout1D":
                case "SpatialDropout2D":
                    l.Rate = Real(r, 0, 0.9);
                    break;
                case "Activation":
                    l.Activation = ActivationValue(r);
                    break;
                case "ReLU":
                    if (r.Next(2) == 0) l.MaxValue = Real(r, 0, 6);
                    if (r.Next(3) == 0) l.NegativeSlope = Real(r, 0, 1);
                    if (r.Next(3) == 0) l.Threshold = Real(r, -1, 1);
                    break;
                case "LeakyReLU":
                case "ELU":
                    if (r.Next(2) == 0) l.Alpha = Real(r, 0, 1);
                    break;
                case "Softmax":
                    if (r.Next(3) == 0) l.Axis = r.Next(4) == 0 ? ExtremeInts[r.Next(ExtremeInts.Length)] : r.Next(-1, 4);
                    break;
                case "BatchNormalization":
                    if (r.Next(4) == 0) l.Axis = r.Next(5) == 0 ? ExtremeInts[r.Next(ExtremeInts.Length)] : r.Next(-2, 4);
                    if (r.Next(3) == 0) l.Epsilon = Real(r, 0, 0.01);
                    if (r.Next(4) == 0) l.Center = r.Next(2) == 0;
                    if (r.Next(4) == 0) l.ScaleFlag = r.Next(2) == 0;
                    if (r.Next(5) == 0) l.Momentum = Real(r, 0, 1);
                    break;
                case "Reshape":
                {
                    long length = shape.Aggregate(1L, (a, d) => a * Math.Max(1, d));
                    int n = (int)Math.Min(length, int.MaxValue);
                    l.Target = r.Next(8) switch
                    {
                        0 => new[] { -1 },
                        1 => new[] { n },
                        2 => new[] { 1, n },
                        3 => new[] { n, 1, 1 },
                        4 => new[] { -1, 1 },
                        5 => new[] { Small(r, 8), -1 },
                        6 => Enumerable.Range(0, r.Next(5)).Select(_ => Small(r, 4) * (r.Next(6) == 0 ? -1 : 1)).ToArray(),
                        _ => new[] { 2, -1, 2 },
                    };
                    break;
                }
                case "ZeroPadding2D":
                case "Cropping2D":
                    l.Edges = r.Next(4) switch
                    {
                        0 => Array.Empty<int>(),
                        1 => new[] { Small(r, 2) - 1 },
                        2 => new[] { Small(r, 2) - 1, Small(r, 2) - 1 },
                        _ => new[] { Small(r, 2) - 1, Small(r, 2) - 1, Small(r, 2) - 1, Small(r, 2) - 1 },
                    };
                    break;
                case "Rescaling":
                    l.Scale = r.Next(3) == 0 ? 1.0 / 255 : Real(r, -2, 2);
                    if (r.Next(2) == 0) l.Offset = Real(r, -1, 1);
                    break;
            }
            if (kind is "Conv2D" or "Conv1D" or "DepthwiseConv2D" or "SeparableConv2D" or "Dense")
            {
                if (r.Next(2) == 0) l.Activation = ActivationValue(r);
                if (r.Next(5) == 0) l.UseBias = r.Next(2) == 0;
            }
            shape = NextShape(l, shape);
            return l;
        }

        /// <summary>Roughly the layer's output shape (Keras' rules for sensible options, anything positive otherwise): only steers the next choice.</summary>
        private static int[] NextShape(Layer l, int[] shape)
        {
            static int Out(int input, int kernel, int stride, int dilation, int padding)
            {
                long ek = (long)Math.Max(1, dilation) * (Math.Max(1, kernel) - 1) + 1;
                long s = Math.Max(1, stride);
                long o = padding == 1 ? (input + s - 1) / s : (input - ek) / s + 1;
                return (int)Math.Max(1, Math.Min(o, 1 << 20));
            }
            int Dim(int i) => i < shape.Length ? Math.Max(1, shape[i]) : 1;
            int last = shape.Length > 0 ? Math.Max(1, shape[shape.Length - 1]) : 1;
            bool pool = l.Kind.Contains("Pooling") && !l.Kind.StartsWith("Global", StringComparison.Ordinal);
            int kh = l.KernelHeight ?? (pool ? 2 : 1), kw = l.KernelWidth ?? kh;
            int sh = l.StrideHeight ?? (pool ? kh : 1), sw = l.StrideWidth ?? (l.StrideHeight ?? (pool ? kw : 1));
            int dh = l.DilationHeight ?? 1, dw = l.DilationWidth ?? dh, pad = l.Padding ?? 0;
            switch (l.Kind)
            {
                case "Conv2D":
                case "SeparableConv2D":
                    return new[] { Out(Dim(0), kh, sh, dh, pad), Out(Dim(1), kw, sw, dw, pad), Math.Max(1, l.Filters ?? 1) };
                case "DepthwiseConv2D":
                    return new[] { Out(Dim(0), kh, sh, dh, pad), Out(Dim(1), kw, sw, dw, pad), Dim(2) * Math.Max(1, Math.Min(64, l.DepthMultiplier ?? 1)) };
                case "MaxPooling2D":
                case "AveragePooling2D":
                    return new[] { Out(Dim(0), kh, sh, 1, pad), Out(Dim(1), kw, sw, 1, pad), Dim(2) };
                case "Conv1D":
                    return new[] { Out(Dim(0), kh, sh, dh, pad), Math.Max(1, l.Filters ?? 1) };
                case "MaxPooling1D":
                case "AveragePooling1D":
                    return new[] { Out(Dim(0), kh, sh, 1, pad), Dim(1) };
                case "GlobalMaxPooling1D":
                case "GlobalAveragePooling1D":
                case "GlobalMaxPooling2D":
                case "GlobalAveragePooling2D":
                    return l.KeepDims == true ? Enumerable.Repeat(1, Math.Max(1, shape.Length - 1)).Append(last).ToArray() : new[] { last };
                case "Dense":
                    return shape.Take(Math.Max(0, shape.Length - 1)).Append(Math.Max(1, l.Units ?? 1)).ToArray();
                case "Flatten":
                    return new[] { (int)Math.Min(shape.Aggregate(1L, (a, d) => a * Math.Max(1, d)), int.MaxValue) };
                case "Reshape":
                    return l.Target!.Length == 0 ? shape : l.Target.Select(d => Math.Max(1, d)).ToArray();
                case "ZeroPadding2D":
                case "Cropping2D":
                {
                    int[] e = l.Edges!;
                    int top = e.Length > 0 ? e[0] : l.Kind == "ZeroPadding2D" ? 1 : 0;
                    int bottom = e.Length == 4 ? e[1] : top, left = e.Length == 4 ? e[2] : e.Length == 2 ? e[1] : top, right = e.Length == 4 ? e[3] : left;
                    int sign = l.Kind == "ZeroPadding2D" ? 1 : -1;
                    return new[] { (int)Math.Max(1, Math.Min(Dim(0) + sign * ((long)top + bottom), 1 << 20)), (int)Math.Max(1, Math.Min(Dim(1) + sign * ((long)left + right), 1 << 20)), Dim(2) };
                }
                default:
                    return shape;
            }
        }

        // ------------------------------------------------------------------------------------------------------------
        // Attribute declarations

        private enum Shape
        {
            Plain, Namespace, FileScopedNamespace, Nested, NestedInStruct, KeywordNames, InternalSealed, TwoParts,
            NotPartial, Generic, Abstract, Static, Record, MemberCollision, SplitLayers, NotPartialOuter, ClassNamedLikeAMember,
        }

        private static FuzzCase RandomAttributeCase(Random r, bool mutateSeedModel)
        {
            int[]? input;
            List<Layer> layers;
            var mutations = new List<string>();
            if (mutateSeedModel)
            {
                input = FashionInput();
                layers = FashionLayers();
                int count = 1 + r.Next(3);
                for (int m = 0; m < count; m++) mutations.Add(Mutate(r, ref input, layers));
            }
            else
            {
                input = r.Next(25) == 0 ? null : RandomInput(r);
                int[] shape = input ?? new[] { 8, 8, 1 };
                layers = new List<Layer>();
                int count = r.Next(25) == 0 ? 0 : 1 + r.Next(6);
                for (int i = 0; i < count; i++) layers.Add(RandomLayer(r, ref shape));
            }

            Shape shapeKind = r.Next(4) != 0 ? (r.Next(2) == 0 ? Shape.Plain : Shape.Namespace) : (Shape)r.Next(Enum.GetValues(typeof(Shape)).Length);
            LanguageVersion version = r.Next(4) == 0 && shapeKind != Shape.FileScopedNamespace && shapeKind != Shape.Record ? LanguageVersion.CSharp7_3 : LanguageVersion.Latest;
            string? modelName = r.Next(6) == 0 ? HostileNames[r.Next(HostileNames.Length)] : null;
            int? budget = r.Next(4) == 0 ? new[] { 0, 1, -1, 4096, 100, int.MaxValue, 1 << 20, int.MinValue }[r.Next(8)] : null;
            string what = mutateSeedModel ? "Fashion-MNIST CNN, mutated: " + string.Join("; ", mutations) : "random attributes";
            return AttributeCase(what + $"; class shape {shapeKind}", r, shapeKind, input, layers, modelName, budget, version);
        }

        /// <summary>A small valid input and one or two computing layers with large widths, large windows or 'same' padding.</summary>
        private static FuzzCase RandomWideCase(Random r)
        {
            int[] Width() => new[] { 512, 1000, 2000, 3000, 4096, 8192 }.Select(x => new[] { x }).ToArray()[r.Next(6)];
            int wide = Width()[0];
            int[] input;
            var layers = new List<Layer>();
            switch (r.Next(6))
            {
                case 0:
                    input = new[] { 1 + r.Next(12), 1 + r.Next(12), 1 + r.Next(3) };
                    layers.Add(new Layer("Conv2D") { Filters = wide, KernelHeight = 1 + r.Next(3), Padding = r.Next(2), Activation = r.Next(ActivationNames.Length) });
                    break;
                case 1:
                    input = r.Next(2) == 0 ? new[] { 1 + r.Next(64) } : new[] { new[] { 1000, 4096, 8192, 30000 }[r.Next(4)] };
                    layers.Add(new Layer("Dense") { Units = wide, Activation = r.Next(ActivationNames.Length) });
                    break;
                case 2:
                    input = new[] { 4 + r.Next(1000), 1 + r.Next(8) };
                    layers.Add(new Layer("Conv1D") { Filters = wide, KernelHeight = 1 + r.Next(3), Padding = 1 });
                    break;
                case 3:
                    input = new[] { 4 + r.Next(8), 4 + r.Next(8), 1 + r.Next(4) };
                    layers.Add(r.Next(2) == 0
                        ? new Layer("SeparableConv2D") { Filters = wide, KernelHeight = 3, Padding = 1 }
                        : new Layer("DepthwiseConv2D") { KernelHeight = 3, Padding = 1, DepthMultiplier = wide / 4 });
                    break;
                case 4:
                {
                    // A large window: up to 64x64 cells (the limit is 4,096), 'same' padding over a larger input.
                    int k = new[] { 16, 32, 48, 64 }[r.Next(4)];
                    input = new[] { k + r.Next(100), k + r.Next(100), 1 + r.Next(3) };
                    layers.Add(r.Next(2) == 0
                        ? new Layer("Conv2D") { Filters = 1 + r.Next(8), KernelHeight = k, Padding = 1 }
                        : new Layer(r.Next(2) == 0 ? "AveragePooling2D" : "MaxPooling2D") { KernelHeight = k, StrideHeight = 1, Padding = 1 });
                    break;
                }
                default:
                    input = new[] { 4 + r.Next(8), 4 + r.Next(8), 1 };
                    layers.Add(new Layer("Conv2D") { Filters = wide / 8, KernelHeight = 3, Padding = 1 });
                    layers.Add(new Layer("Conv2D") { Filters = Width()[0] / 8, KernelHeight = 3, Padding = 1 });
                    break;
            }
            if (r.Next(2) == 0) layers.Add(new Layer(input.Length == 1 ? "Dense" : "Flatten") { Units = input.Length == 1 ? 4 : null });
            return AttributeCase("wide model", r, Shape.Plain, input, layers, null, null, LanguageVersion.Latest);
        }

        /// <summary>One mutation of a model: an option set to a random or extreme value, a layer deleted, duplicated, moved or inserted, the input changed.</summary>
        private static string Mutate(Random r, ref int[]? input, List<Layer> layers)
        {
            int op = r.Next(10);
            if (layers.Count == 0) op = 6;
            int i = layers.Count == 0 ? 0 : r.Next(layers.Count);
            switch (op)
            {
                case 0:
                    layers.RemoveAt(i);
                    return $"layer {i} deleted";
                case 1:
                    layers.Insert(i, layers[i].Clone());
                    return $"layer {i} duplicated";
                case 2 when layers.Count > 1:
                {
                    int j = r.Next(layers.Count);
                    (layers[i], layers[j]) = (layers[j], layers[i]);
                    return $"layers {i} and {j} swapped";
                }
                case 3:
                {
                    int[] dims = input ?? new[] { 28, 28, 1 };
                    int rank = dims.Length;
                    input = r.Next(4) switch
                    {
                        0 => dims.Select(d => r.Next(3) == 0 ? ExtremeInts[r.Next(ExtremeInts.Length)] : d).ToArray(),
                        1 => dims.Take(Math.Max(0, rank - 1)).ToArray(),
                        2 => dims.Append(Small(r, 3)).ToArray(),
                        _ => new[] { Small(r, 12), Small(r, 12), Small(r, 4) },
                    };
                    return $"input ({string.Join(", ", input)})";
                }
                case 4:
                    layers[i].Name = HostileNames[r.Next(HostileNames.Length)];
                    return $"layer {i} named {Literal(layers[i].Name)}";
                case 5:
                    layers[i].Activation = ActivationValue(r);
                    return $"layer {i} activation {layers[i].Activation}";
                case 6:
                {
                    int[] shape = ShapeBefore(input, layers, i);
                    layers.Insert(i, RandomLayer(r, ref shape));
                    return $"layer {layers[i].Kind} inserted at {i}";
                }
                default:
                {
                    // An integer option of the layer set to an extreme or random value.
                    Layer l = layers[i];
                    var options = new (string Name, Action<int> Set)[]
                    {
                        ("filters", v => l.Filters = v), ("units", v => l.Units = v), ("kernel", v => l.KernelHeight = v), ("kernel width", v => l.KernelWidth = v),
                        ("stride", v => l.StrideHeight = v), ("stride width", v => l.StrideWidth = v), ("dilation", v => l.DilationHeight = v),
                        ("padding", v => l.Padding = v), ("depth multiplier", v => l.DepthMultiplier = v),
                    };
                    var applicable = options.Where(o => Applies(l.Kind, o.Name)).ToArray();
                    if (applicable.Length == 0) { layers[i] = layers[i].Clone(); layers[i].Name = "renamed"; return $"layer {i} renamed"; }
                    var (name, set) = applicable[r.Next(applicable.Length)];
                    int value = name == "padding" ? PaddingValue(r) : r.Next(3) == 0 ? 1 + r.Next(300) : ExtremeInts[r.Next(ExtremeInts.Length)];
                    set(value);
                    return $"layer {i} {name} {value}";
                }
            }
        }

        private static bool Applies(string kind, string option)
        {
            bool conv = kind is "Conv2D" or "Conv1D" or "DepthwiseConv2D" or "SeparableConv2D";
            bool pool = kind.Contains("Pooling") && !kind.StartsWith("Global", StringComparison.Ordinal);
            bool twoD = kind.EndsWith("2D", StringComparison.Ordinal);
            return option switch
            {
                "filters" => kind is "Conv2D" or "Conv1D" or "SeparableConv2D",
                "units" => kind == "Dense",
                "kernel" or "stride" or "padding" => conv || pool,
                "kernel width" or "stride width" => (conv || pool) && twoD,
                "dilation" => conv,
                "depth multiplier" => kind is "DepthwiseConv2D" or "SeparableConv2D",
                _ => false,
            };
        }

        private static int[] ShapeBefore(int[]? input, List<Layer> layers, int index)
        {
            int[] shape = input ?? new[] { 28, 28, 1 };
            for (int k = 0; k < index && k < layers.Count; k++) shape = NextShape(layers[k], shape);
            return shape;
        }

        /// <summary>A C# string literal: every character outside printable ASCII as \uXXXX.</summary>
        private static string Literal(string? s)
        {
            if (s is null) return "null";
            var b = new StringBuilder("\"");
            foreach (char ch in s)
            {
                if (ch == '"') b.Append("\\\"");
                else if (ch == '\\') b.Append("\\\\");
                else if (ch < 0x20 || ch > 0x7E) b.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                else b.Append(ch);
            }
            return b.Append('"').ToString();
        }

        private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static string CsDouble(double v) =>
            double.IsNaN(v) ? "double.NaN" : double.IsPositiveInfinity(v) ? "double.PositiveInfinity" : double.IsNegativeInfinity(v) ? "double.NegativeInfinity"
            : v == 0 && double.IsNegative(v) ? "-0.0" : v.ToString("R", CultureInfo.InvariantCulture) + (v.ToString("R", CultureInfo.InvariantCulture).IndexOfAny(new[] { '.', 'E' }) < 0 ? ".0" : "");

        private static string CsActivation(int v) => v >= 0 && v < ActivationNames.Length ? "Activation." + ActivationNames[v] : v < 0 ? $"(Activation)({Int(v)})" : $"(Activation){Int(v)}";

        private static string CsPadding(int v) => v switch { 0 => "Padding.Valid", 1 => "Padding.Same", 2 => "Padding.Causal", < 0 => $"(Padding)({Int(v)})", _ => $"(Padding){Int(v)}" };

        /// <summary>The layer as an attribute, e.g. <c>[Conv2D(8, 3, 2, Strides = 2, Padding = Padding.Same)]</c>.</summary>
        private static string AttributeOf(Layer l, Random r)
        {
            var args = new List<string>();
            var named = new List<string>();
            void Kernel(bool twoD)
            {
                args.Add(Int(l.KernelHeight ?? 1));
                if (twoD && l.KernelWidth.HasValue) args.Add(Int(l.KernelWidth.Value));
            }
            void Pair(string both, string height, string width, int? h, int? w)
            {
                if (h is null && w is null) return;
                if (w is null || (h == w && r.Next(2) == 0)) named.Add($"{both} = {Int(h ?? 1)}");
                else if (h is null) named.Add($"{width} = {Int(w.Value)}");
                else if (r.Next(3) == 0) { named.Add($"{both} = {Int(h.Value)}"); named.Add($"{width} = {Int(w.Value)}"); }
                else { named.Add($"{height} = {Int(h.Value)}"); named.Add($"{width} = {Int(w.Value)}"); }
            }
            bool twoD = l.Kind.EndsWith("2D", StringComparison.Ordinal);
            switch (l.Kind)
            {
                case "Conv2D":
                case "SeparableConv2D":
                case "Conv1D":
                    args.Add(Int(l.Filters ?? 1));
                    Kernel(twoD);
                    break;
                case "DepthwiseConv2D":
                    Kernel(true);
                    break;
                case "MaxPooling2D":
                case "AveragePooling2D":
                    Kernel(true);
                    break;
                case "MaxPooling1D":
                case "AveragePooling1D":
                    if (l.KernelHeight.HasValue) args.Add(Int(l.KernelHeight.Value));
                    break;
                case "Dense":
                    args.Add(Int(l.Units ?? 1));
                    break;
                case "Dropout":
                case "SpatialDropout1D":
                case "SpatialDropout2D":
                    args.Add(CsDouble(l.Rate ?? 0));
                    break;
                case "Activation":
                    args.Add(CsActivation(l.Activation ?? 0));
                    break;
                case "Reshape":
                    args.AddRange((l.Target ?? Array.Empty<int>()).Select(Int));
                    break;
                case "ZeroPadding2D":
                case "Cropping2D":
                    args.AddRange((l.Edges ?? Array.Empty<int>()).Select(Int));
                    break;
                case "Rescaling":
                    args.Add(CsDouble(l.Scale ?? 1));
                    if (l.Offset.HasValue) named.Add("Offset = " + CsDouble(l.Offset.Value));
                    break;
            }
            bool oneD = l.Kind is "Conv1D" or "MaxPooling1D" or "AveragePooling1D";
            if (l.Kind is "Conv2D" or "SeparableConv2D" or "DepthwiseConv2D" or "MaxPooling2D" or "AveragePooling2D")
                Pair("Strides", "StrideHeight", "StrideWidth", l.StrideHeight, l.StrideWidth);
            else if (oneD && l.StrideHeight.HasValue) named.Add("Strides = " + Int(l.StrideHeight.Value));
            if (l.Kind is "Conv2D" or "SeparableConv2D" or "DepthwiseConv2D")
                Pair("DilationRate", "DilationHeight", "DilationWidth", l.DilationHeight, l.DilationWidth);
            else if (l.Kind == "Conv1D" && l.DilationHeight.HasValue) named.Add("DilationRate = " + Int(l.DilationHeight.Value));
            if (l.Padding.HasValue && (oneD || l.Kind is "Conv2D" or "SeparableConv2D" or "DepthwiseConv2D" or "MaxPooling2D" or "AveragePooling2D"))
                named.Add("Padding = " + CsPadding(l.Padding.Value));
            if (l.DepthMultiplier.HasValue && l.Kind is "DepthwiseConv2D" or "SeparableConv2D") named.Add("DepthMultiplier = " + Int(l.DepthMultiplier.Value));
            bool computes = l.Kind is "Conv2D" or "Conv1D" or "DepthwiseConv2D" or "SeparableConv2D" or "Dense";
            if (computes && l.UseBias.HasValue) named.Add("UseBias = " + (l.UseBias.Value ? "true" : "false"));
            if (computes && l.Activation.HasValue) named.Add("Activation = " + CsActivation(l.Activation.Value));
            if (l.Kind.StartsWith("Global", StringComparison.Ordinal) && l.KeepDims.HasValue) named.Add("KeepDims = " + (l.KeepDims.Value ? "true" : "false"));
            if (l.Kind == "ReLU")
            {
                if (l.MaxValue.HasValue) named.Add("MaxValue = " + CsDouble(l.MaxValue.Value));
                if (l.NegativeSlope.HasValue) named.Add("NegativeSlope = " + CsDouble(l.NegativeSlope.Value));
                if (l.Threshold.HasValue) named.Add("Threshold = " + CsDouble(l.Threshold.Value));
            }
            if (l.Kind is "LeakyReLU" or "ELU" && l.Alpha.HasValue) named.Add("Alpha = " + CsDouble(l.Alpha.Value));
            if (l.Kind is "Softmax" or "BatchNormalization" && l.Axis.HasValue) named.Add("Axis = " + Int(l.Axis.Value));
            if (l.Kind == "BatchNormalization")
            {
                if (l.Epsilon.HasValue) named.Add("Epsilon = " + CsDouble(l.Epsilon.Value));
                if (l.Center.HasValue) named.Add("Center = " + (l.Center.Value ? "true" : "false"));
                if (l.ScaleFlag.HasValue) named.Add("Scale = " + (l.ScaleFlag.Value ? "true" : "false"));
                if (l.Momentum.HasValue) named.Add("Momentum = " + CsDouble(l.Momentum.Value));
            }
            if (l.Name != null) named.Add("Name = " + Literal(l.Name));
            var all = args.Concat(named).ToList();
            return all.Count == 0 && r.Next(2) == 0 ? $"[{l.Kind}]" : $"[{l.Kind}({string.Join(", ", all)})]";
        }

        private static readonly string[] CollidingMembers =
        {
            "public const int InputLength = 4;", "public static string Summary => \"\";", "private int _weights;", "public class Layers { }",
            "public void Predict(System.ReadOnlySpan<float> x, System.Span<float> y) { }",
        };

        /// <summary>The attribute declaration in the class shape asked for, plus (for a usable class) a consumer of its members.</summary>
        private static FuzzCase AttributeCase(string what, Random r, Shape shape, int[]? input, List<Layer> layers, string? modelName, int? budget, LanguageVersion version)
        {
            var model = new List<string>();
            if (modelName != null) model.Add("Name = " + Literal(modelName));
            if (budget.HasValue) model.Add("UnrollBudget = " + Int(budget.Value));
            if (r.Next(15) == 0)
            {
                // A spec or weight file that is not there (or a hostile path): located errors on the declaration.
                string[] paths = { "missing.json", "", " ", "../../etc/passwd", "C:\\x.json", "/abs/m.json", "a\u2028b.json", "m.json\u0000", "w.bin", "../w.bin", "w.json" };
                model.Add((r.Next(2) == 0 ? "Spec = " : "Weights = ") + Literal(paths[r.Next(paths.Length)]));
            }
            var attributes = new List<string> { model.Count == 0 ? "[CnnModel]" : $"[CnnModel({string.Join(", ", model)})]" };
            if (input != null) attributes.Add(input.Length == 0 ? "[Input]" : $"[Input({string.Join(", ", input.Select(Int))})]");
            attributes.AddRange(layers.Select(l => AttributeOf(l, r)));
            string Attrs(string indent) => string.Join("\n", attributes.Select(a => indent + a));

            string className = shape switch { Shape.KeywordNames => "@class", Shape.ClassNamedLikeAMember => new[] { "Summary", "Layers", "Ops", "Predict" }[r.Next(4)], _ => "M" };
            string typeRef = "global::" + className;
            string body = "{ }";
            string source;
            bool usable = true;
            switch (shape)
            {
                case Shape.Namespace:
                    source = $"namespace Demo.Models\n{{\n{Attrs("    ")}\n    public partial class M {body}\n}}\n";
                    typeRef = "global::Demo.Models.M";
                    break;
                case Shape.FileScopedNamespace:
                    source = $"namespace Demo;\n{Attrs("")}\npublic partial class M {body}\n";
                    typeRef = "global::Demo.M";
                    break;
                case Shape.Nested:
                    source = $"public static partial class Outer\n{{\n{Attrs("    ")}\n    public partial class M {body}\n}}\n";
                    typeRef = "global::Outer.M";
                    break;
                case Shape.NestedInStruct:
                    source = $"namespace N {{ internal partial struct Outer\n{{\n{Attrs("    ")}\n    internal sealed partial class M {body}\n}} }}\n";
                    typeRef = "global::N.Outer.M";
                    break;
                case Shape.KeywordNames:
                    source = $"namespace @event.@int\n{{\n    public partial class @struct\n    {{\n{Attrs("        ")}\n        public partial class @class {body}\n    }}\n}}\n";
                    typeRef = "global::@event.@int.@struct.@class";
                    break;
                case Shape.InternalSealed:
                    source = $"{Attrs("")}\ninternal sealed partial class M {body}\n";
                    break;
                case Shape.TwoParts:
                    source = $"{Attrs("")}\npublic partial class M {body}\npublic partial class M {{ public int Extra => 1; }}\n";
                    break;
                case Shape.NotPartial:
                    source = $"{Attrs("")}\npublic class M {body}\n";
                    usable = false;
                    break;
                case Shape.Generic:
                    source = $"{Attrs("")}\npublic partial class M<T> {body}\n";
                    usable = false;
                    break;
                case Shape.Abstract:
                    source = $"{Attrs("")}\npublic abstract partial class M {body}\n";
                    usable = false;
                    break;
                case Shape.Static:
                    source = $"{Attrs("")}\npublic static partial class M {body}\n";
                    usable = false;
                    break;
                case Shape.Record:
                    source = $"{Attrs("")}\npublic partial record M {body}\n";
                    usable = false;
                    break;
                case Shape.MemberCollision:
                    source = $"{Attrs("")}\npublic partial class M\n{{\n    {CollidingMembers[r.Next(CollidingMembers.Length)]}\n}}\n";
                    usable = false;
                    break;
                case Shape.SplitLayers:
                {
                    int split = 1 + r.Next(Math.Max(1, attributes.Count - 1));
                    string first = string.Join("\n", attributes.Take(split)), second = string.Join("\n", attributes.Skip(split));
                    source = $"{first}\npublic partial class M {{ }}\n{second}\npublic partial class M {{ }}\n";
                    break;
                }
                case Shape.NotPartialOuter:
                    source = $"public static class Outer\n{{\n{Attrs("    ")}\n    public partial class M {body}\n}}\n";
                    usable = false;
                    break;
                default:
                    source = $"{Attrs("")}\npublic partial class {className} {body}\n";
                    break;
            }
            var c = new FuzzCase(what, version) { Budget = budget };
            c.Sources.Add((ModelPath, "using CnnGen;\n" + source));
            if (usable) c.Sources.Add((ConsumerPath, Consumer(typeRef)));
            return c;
        }

        /// <summary>Uses the members every generated model (and every stand-in) has; C# 7.3.</summary>
        private static string Consumer(string type) =>
            "public static class Use\n{\n    public static int Run()\n    {\n" +
            $"        var model = new {type}(new float[{type}.ParameterCount]);\n" +
            $"        var output = new float[{type}.OutputLength];\n" +
            $"        model.Predict(new float[{type}.InputLength], output);\n" +
            "        global::CnnGen.ICnnModel any = model;\n" +
            $"        return output.Length + any.InputLength + {type}.Summary.Length + {type}.WeightSpecs.Count + {type}.TrainableParameterCount;\n" +
            "    }\n}\n";

        // ------------------------------------------------------------------------------------------------------------
        // JSON specs

        private enum JsonLayout { CnnGen, Keras2, Keras3, Keras21, Tfjs }

        /// <summary>Shared Keras fixtures (keras-config.json and model.json) used as mutation seeds.</summary>
        private static readonly string[] KerasFixtures =
        {
            "seed_dnn", "same_stride", "pool_variants", "global_pools", "global_pools_max", "depthwise_separable", "reshape_misc",
            "nonsquare_dilated", "batchnorm_dropout", "seed_cnn", "activations",
        };

        /// <summary>Fixtures only checked unmutated (The_seed_models_generate_without_diagnostics): their code takes seconds to compile.</summary>
        private static readonly string[] SlowKerasFixtures = { "rgb_blocks" };

        private static FuzzCase JsonCase(string what, string json, LanguageVersion version, string? modelName, int? budget = null)
        {
            var model = new List<string> { "Spec = \"m.json\"" };
            if (modelName != null) model.Add("Name = " + Literal(modelName));
            if (budget.HasValue) model.Add("UnrollBudget = " + Int(budget.Value));
            var c = new FuzzCase(what, version) { ErrorFile = JsonPath, Budget = budget };
            c.Sources.Add((ModelPath, $"using CnnGen;\nnamespace Demo\n{{\n    [CnnModel({string.Join(", ", model)})]\n    public partial class M {{ }}\n}}\n"));
            c.Sources.Add((ConsumerPath, Consumer("global::Demo.M")));
            c.Files.Add((JsonPath, json));
            return c;
        }

        private static FuzzCase RandomJsonCase(Random r)
        {
            var what = new List<string>();
            JsonNode root;
            if (r.Next(3) == 0)
            {
                string fixture = KerasFixtures[r.Next(KerasFixtures.Length)];
                string file = r.Next(2) == 0 ? "keras-config.json" : "model.json";
                root = JsonNode.Parse(File.ReadAllText(SharedFiles.Keras(fixture, file)))!;
                what.Add($"fixture {fixture}/{file}");
            }
            else
            {
                var layout = (JsonLayout)r.Next(Enum.GetValues(typeof(JsonLayout)).Length);
                int[] input;
                List<Layer> layers;
                if (r.Next(6) == 0)
                {
                    input = FashionInput();
                    layers = FashionLayers();
                    int[]? changed = input;
                    what.Add("Fashion-MNIST CNN, mutated: " + Mutate(r, ref changed, layers));
                    input = changed ?? input;
                }
                else
                {
                    input = RandomInput(r);
                    int[] shape = input;
                    layers = new List<Layer>();
                    int count = r.Next(25) == 0 ? 0 : 1 + r.Next(6);
                    for (int i = 0; i < count; i++) layers.Add(RandomLayer(r, ref shape));
                    what.Add("random layers");
                }
                root = RenderJson(layout, input, layers, r.Next(4) == 0 ? HostileNames[r.Next(HostileNames.Length)] : "model\u2028\u0085", r);
                what.Insert(0, layout.ToString());
            }

            // Structural mutations (on the tree), then sometimes damage to the text.
            int structural = r.Next(3) == 0 ? 0 : 1 + r.Next(3);
            for (int m = 0; m < structural; m++) what.Add(MutateJson(root, r));
            // Compact or indented, with \n, \r\n or \r line ends; sometimes U+2028, U+2029 and U+0085 raw in strings (line
            // breaks to Roslyn's SourceText: the locations of later errors must count them).
            bool indented = r.Next(2) == 0;
            string text = root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = indented })
                .Replace("\"__NaN__\"", "NaN").Replace("\"__Infinity__\"", "Infinity").Replace("\"__-Infinity__\"", "-Infinity");
            if (indented && r.Next(2) == 0)
            {
                string end = r.Next(2) == 0 ? "\r" : "\r\n";
                text = text.Replace("\r\n", "\n").Replace("\n", end);
                what.Add(end == "\r" ? "CR line ends" : "CRLF line ends");
            }
            if (r.Next(3) == 0)
            {
                text = text.Replace("\\u2028", "\u2028").Replace("\\u2029", "\u2029").Replace("\\u0085", "\u0085");
                what.Add("U+2028, U+2029, U+0085 unescaped");
            }
            if (r.Next(4) == 0)
            {
                (text, string damage) = DamageText(text, r);
                what.Add(damage);
            }
            LanguageVersion version = r.Next(4) == 0 ? LanguageVersion.CSharp7_3 : LanguageVersion.Latest;
            string? name = r.Next(8) == 0 ? HostileNames[r.Next(HostileNames.Length)] : null;
            int? budget = r.Next(6) == 0 ? new[] { 0, 1, -1, int.MaxValue }[r.Next(4)] : null;
            return JsonCase(string.Join("; ", what), text, version, name, budget);
        }

        private static JsonNode? JsonDouble(double v) =>
            double.IsNaN(v) ? "__NaN__" : double.IsPositiveInfinity(v) ? "__Infinity__" : double.IsNegativeInfinity(v) ? "__-Infinity__" : JsonValue.Create(v);

        private static JsonNode JsonActivation(int v, Random r) =>
            v >= 0 && v < KerasActivationNames.Length ? KerasActivationNames[v] : r.Next(3) switch { 0 => "relu7", 1 => (JsonNode)JsonValue.Create(v), _ => "Relu" };

        private static JsonNode JsonPadding(int v) => v switch { 0 => "valid", 1 => "same", 2 => "causal", 3 => "full", _ => JsonValue.Create(v) };

        private static JsonArray Ints(params int[] values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

        /// <summary>The options of a layer under Keras' config names.</summary>
        private static JsonObject KerasOptions(Layer l, Random r, bool keras3)
        {
            var o = new JsonObject();
            if (l.Name != null) o["name"] = l.Name;
            bool twoD = l.Kind.EndsWith("2D", StringComparison.Ordinal) || l.Kind == "Conv2D";
            JsonNode PairOf(int h, int? w) => twoD ? (r.Next(4) == 0 && w is null ? (JsonNode)JsonValue.Create(h) : Ints(h, w ?? h)) : (r.Next(3) == 0 ? (JsonNode)JsonValue.Create(h) : Ints(h));
            bool pool = l.Kind.Contains("Pooling") && !l.Kind.StartsWith("Global", StringComparison.Ordinal);
            if (l.Filters.HasValue && l.Kind is "Conv2D" or "Conv1D" or "SeparableConv2D") o["filters"] = l.Filters.Value;
            if (l.Kind is "Conv2D" or "Conv1D" or "SeparableConv2D" or "DepthwiseConv2D") o["kernel_size"] = PairOf(l.KernelHeight ?? 1, l.KernelWidth);
            if (pool && l.KernelHeight.HasValue) o["pool_size"] = PairOf(l.KernelHeight.Value, l.KernelWidth);
            if (l.StrideHeight.HasValue || l.StrideWidth.HasValue) o["strides"] = PairOf(l.StrideHeight ?? 1, l.StrideWidth);
            if (l.DilationHeight.HasValue || l.DilationWidth.HasValue) o["dilation_rate"] = PairOf(l.DilationHeight ?? 1, l.DilationWidth);
            if (l.Padding.HasValue && (pool || l.Kind is "Conv2D" or "Conv1D" or "SeparableConv2D" or "DepthwiseConv2D")) o["padding"] = JsonPadding(l.Padding.Value);
            if (l.DepthMultiplier.HasValue) o["depth_multiplier"] = l.DepthMultiplier.Value;
            if (l.Units.HasValue) o["units"] = l.Units.Value;
            if (l.Activation.HasValue) o["activation"] = JsonActivation(l.Activation.Value, r);
            else if (l.Kind == "Activation") o["activation"] = "linear";
            if (l.UseBias.HasValue) o["use_bias"] = l.UseBias.Value;
            if (l.Rate.HasValue || l.Kind.Contains("Dropout")) o["rate"] = JsonDouble(l.Rate ?? 0);
            if (l.Kind == "Reshape") o["target_shape"] = Ints(l.Target ?? Array.Empty<int>());
            if (l.Kind is "ZeroPadding2D" or "Cropping2D" && l.Edges is int[] e && e.Length > 0)
            {
                o[l.Kind == "ZeroPadding2D" ? "padding" : "cropping"] = e.Length switch
                {
                    1 => JsonValue.Create(e[0]),
                    2 => Ints(e[0], e[1]),
                    _ => new JsonArray(Ints(e[0], e[1]), Ints(e[2], e[3])),
                };
            }
            if (l.Kind == "Rescaling") { o["scale"] = JsonDouble(l.Scale ?? 1); if (l.Offset.HasValue) o["offset"] = JsonDouble(l.Offset.Value); }
            if (l.MaxValue.HasValue) o["max_value"] = JsonDouble(l.MaxValue.Value);
            if (l.NegativeSlope.HasValue) o["negative_slope"] = JsonDouble(l.NegativeSlope.Value);
            if (l.Threshold.HasValue) o["threshold"] = JsonDouble(l.Threshold.Value);
            if (l.Alpha.HasValue) o[keras3 && l.Kind == "LeakyReLU" ? "negative_slope" : "alpha"] = JsonDouble(l.Alpha.Value);
            if (l.Axis.HasValue) o["axis"] = l.Axis.Value;
            if (l.KeepDims.HasValue) o["keepdims"] = l.KeepDims.Value;
            if (l.Epsilon.HasValue) o["epsilon"] = JsonDouble(l.Epsilon.Value);
            if (l.Momentum.HasValue) o["momentum"] = JsonDouble(l.Momentum.Value);
            if (l.Center.HasValue) o["center"] = l.Center.Value;
            if (l.ScaleFlag.HasValue) o["scale"] = l.ScaleFlag.Value;
            return o;
        }

        private static JsonNode RenderJson(JsonLayout layout, int[] input, List<Layer> layers, string name, Random r)
        {
            JsonArray batchShape() => new JsonArray(new JsonNode?[] { null }.Concat(input.Select(d => (JsonNode?)JsonValue.Create(d))).ToArray());
            if (layout == JsonLayout.CnnGen)
            {
                var list = new JsonArray();
                foreach (Layer l in layers)
                {
                    JsonObject o = KerasOptions(l, r, keras3: false);
                    var entry = new JsonObject { ["type"] = l.Kind };
                    foreach (var p in o.ToList()) { o.Remove(p.Key); entry[p.Key] = p.Value; }
                    list.Add(entry);
                }
                return new JsonObject { ["$schema"] = "../schema/cnngen-model.schema.json", ["name"] = name, ["input"] = Ints(input), ["layers"] = list };
            }
            bool keras3 = layout == JsonLayout.Keras3;
            var entries = new JsonArray();
            if (keras3)
            {
                entries.Add(new JsonObject
                {
                    ["module"] = "keras.layers", ["class_name"] = "InputLayer",
                    ["config"] = new JsonObject { ["batch_shape"] = batchShape(), ["dtype"] = "float32", ["name"] = "input_layer" }, ["registered_name"] = null,
                });
            }
            for (int i = 0; i < layers.Count; i++)
            {
                JsonObject config = KerasOptions(layers[i], r, keras3);
                if (!keras3 && i == 0) config["batch_input_shape"] = batchShape();
                if (!keras3) config["trainable"] = true;
                var entry = new JsonObject { ["class_name"] = layers[i].Kind, ["config"] = config };
                if (keras3) { entry["module"] = "keras.layers"; entry["registered_name"] = null; }
                entries.Add(entry);
            }
            if (!keras3 && layers.Count == 0) entries.Add(new JsonObject { ["class_name"] = "InputLayer", ["config"] = new JsonObject { ["batch_input_shape"] = batchShape() } });
            if (layout == JsonLayout.Keras21) return new JsonObject { ["class_name"] = "Sequential", ["config"] = entries, ["keras_version"] = "2.1.6" };
            var model = new JsonObject
            {
                ["class_name"] = "Sequential",
                ["config"] = new JsonObject { ["name"] = name, ["layers"] = entries },
                ["keras_version"] = keras3 ? "3.4.1" : "2.15.0",
                ["backend"] = "tensorflow",
            };
            if (keras3) model["module"] = "keras";
            if (layout != JsonLayout.Tfjs) return model;
            return new JsonObject
            {
                ["format"] = "layers-model", ["generatedBy"] = "keras v2.15.0", ["convertedBy"] = "TensorFlow.js Converter v4.22.0",
                ["modelTopology"] = new JsonObject { ["keras_version"] = "2.15.0", ["backend"] = "tensorflow", ["model_config"] = model },
                ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("group1-shard1of1.bin"), ["weights"] = new JsonArray() }),
            };
        }

        private static JsonNode?[] JsonValues() => new JsonNode?[]
        {
            0, -1, 1, 2, 3, int.MaxValue, int.MinValue, 2147483648L, 4294967296L, long.MaxValue, 46341, 1 << 30, 8193, 1.5, -0.5, 1e300, "__NaN__", "__Infinity__",
            "3", "", "relu", "same", "valid", "causal", "channels_first", "Dense", new string('x', 2000), "a\u2028b\nc\"d", null, true, false,
            new JsonArray(), new JsonArray(1), new JsonArray(2, 2), new JsonArray(0, 0), new JsonArray(-1, 3), new JsonArray(null, 4, 4, 1), new JsonArray(new JsonArray(1, 1), new JsonArray(1, 1)),
            new JsonArray("a"), new JsonObject(), new JsonObject { ["class_name"] = "Dense", ["config"] = new JsonObject() },
        };

        private static readonly string[] JsonKeys =
        {
            "filters", "units", "kernel_size", "strides", "padding", "dilation_rate", "activation", "use_bias", "pool_size", "rate", "target_shape",
            "cropping", "depth_multiplier", "axis", "epsilon", "center", "scale", "offset", "max_value", "negative_slope", "threshold", "alpha",
            "keepdims", "data_format", "name", "type", "class_name", "config", "batch_input_shape", "batch_shape", "input_shape", "input", "layers",
            "dtype", "groups", "inbound_nodes", "build_input_shape", "modelTopology", "model_config", "module", "registered_name", "format", "generatedBy",
        };

        private static readonly string[] ClassNames =
        {
            "Conv2D", "Dense", "Flatten", "InputLayer", "MaxPooling2D", "Conv3D", "LSTM", "Add", "Sequential", "Functional", "Model", "", "dense", "Lambda", "TFOpLambda",
        };

        /// <summary>All JSON objects and arrays of the tree, in order.</summary>
        private static List<JsonNode> Containers(JsonNode root)
        {
            var all = new List<JsonNode>();
            void Walk(JsonNode? n)
            {
                if (n is JsonObject o) { all.Add(o); foreach (var p in o.ToList()) Walk(p.Value); }
                else if (n is JsonArray a) { all.Add(a); foreach (JsonNode? item in a.ToList()) Walk(item); }
            }
            Walk(root);
            return all;
        }

        /// <summary>One structural mutation: a member set to a random value or removed, a layer deleted, duplicated or moved, a class renamed.</summary>
        private static string MutateJson(JsonNode root, Random r)
        {
            List<JsonNode> containers = Containers(root);
            var layerArrays = containers.OfType<JsonArray>().Where(a => PropertyName(a) is "layers" or "config").ToList();
            var objects = containers.OfType<JsonObject>().ToList();
            switch (r.Next(8))
            {
                case 0 when layerArrays.Count > 0 && layerArrays[0].Count > 0:
                {
                    JsonArray a = layerArrays[r.Next(layerArrays.Count)];
                    if (a.Count == 0) return "nothing";
                    int i = r.Next(a.Count);
                    switch (r.Next(3))
                    {
                        case 0: a.RemoveAt(i); return $"layer entry {i} deleted";
                        case 1: a.Insert(i, a[i]?.DeepClone()); return $"layer entry {i} duplicated";
                        default:
                        {
                            int j = r.Next(a.Count);
                            JsonNode? x = a[i]?.DeepClone(), y = a[j]?.DeepClone();
                            a[i] = y; a[j] = x;
                            return $"layer entries {i} and {j} swapped";
                        }
                    }
                }
                case 1:
                {
                    var named = objects.Where(o => o.ContainsKey("class_name") || o.ContainsKey("type")).ToList();
                    if (named.Count == 0) return "nothing";
                    JsonObject o = named[r.Next(named.Count)];
                    string key = o.ContainsKey("class_name") ? "class_name" : "type";
                    string value = ClassNames[r.Next(ClassNames.Length)];
                    if (r.Next(2) == 0) value = LayerKinds[r.Next(LayerKinds.Length)];
                    o[key] = value;
                    return $"{key} → {value}";
                }
                case 2:
                {
                    if (objects.Count == 0) return "nothing";
                    JsonObject o = objects[r.Next(objects.Count)];
                    if (o.Count == 0) return "nothing";
                    string key = o.ElementAt(r.Next(o.Count)).Key;
                    o.Remove(key);
                    return $"member \"{key}\" removed";
                }
                case 3:
                {
                    // A number anywhere changed to an extreme.
                    var numbers = containers.SelectMany(c => c is JsonObject o ? o.Select(p => (c, p.Key, Index: -1, p.Value)) : ((JsonArray)c).Select((v, i) => (c, Key: "", Index: i, Value: v)))
                        .Where(x => x.Value is JsonValue v && v.TryGetValue(out double _)).ToList();
                    if (numbers.Count == 0) return "nothing";
                    var (container, key, index, _) = numbers[r.Next(numbers.Count)];
                    JsonNode? value = new JsonNode?[] { 0, -1, int.MaxValue, int.MinValue, 2147483648L, 46341, 1 << 30, 8193, 1e300, 1.5, -0.0, "__NaN__", "7" }[r.Next(13)];
                    if (container is JsonObject co) co[key] = value?.DeepClone(); else ((JsonArray)container)[index] = value?.DeepClone();
                    return $"number {(key.Length > 0 ? "\"" + key + "\"" : "[" + index + "]")} → {value?.ToJsonString() ?? "null"}";
                }
                case 4:
                {
                    // A layer-like object gets a known member with a random (often wrong-typed) value.
                    var candidates = objects.Where(o => o.Parent is JsonArray || PropertyName(o) == "config").ToList();
                    if (candidates.Count == 0) candidates = objects;
                    if (candidates.Count == 0) return "nothing";
                    JsonObject o = candidates[r.Next(candidates.Count)];
                    string key = JsonKeys[r.Next(JsonKeys.Length)];
                    JsonNode?[] values = JsonValues();
                    JsonNode? value = values[r.Next(values.Length)];
                    o[key] = value;
                    return $"\"{key}\" → {Short(value)}";
                }
                case 5:
                {
                    // A container replaced by a value of another type.
                    JsonNode target = containers[r.Next(containers.Count)];
                    if (target.Parent is null) return "nothing";
                    JsonNode?[] values = JsonValues();
                    JsonNode? value = values[r.Next(values.Length)];
                    if (target.Parent is JsonObject po) po[target.GetPropertyName()] = value;
                    else if (target.Parent is JsonArray pa) pa[target.GetElementIndex()] = value;
                    return $"{target.GetPath()} replaced by {Short(value)}";
                }
                case 6:
                {
                    // The input shape changed.
                    var shapes = containers.OfType<JsonArray>().Where(a => PropertyName(a) is "input" or "batch_input_shape" or "batch_shape" or "input_shape" or "target_shape").ToList();
                    if (shapes.Count == 0) return "nothing";
                    JsonArray s = shapes[r.Next(shapes.Count)];
                    if (s.Count > 0 && r.Next(2) == 0) s.RemoveAt(r.Next(s.Count));
                    else s.Add(new JsonNode?[] { 1, 0, -1, 3, int.MaxValue, null, "2" }[r.Next(7)]?.DeepClone());
                    return $"{s.GetPath()} → {s.ToJsonString()}";
                }
                default:
                {
                    // A fresh random layer inserted into a layer list.
                    if (layerArrays.Count == 0) return "nothing";
                    JsonArray a = layerArrays[r.Next(layerArrays.Count)];
                    int[] shape = { 8, 8, 2 };
                    Layer l = RandomLayer(r, ref shape);
                    bool cnngen = a.Parent is JsonObject p && p.ContainsKey("input");
                    JsonObject options = KerasOptions(l, r, keras3: false);
                    JsonObject entry;
                    if (cnngen)
                    {
                        entry = new JsonObject { ["type"] = l.Kind };
                        foreach (var o in options.ToList()) { options.Remove(o.Key); entry[o.Key] = o.Value; }
                    }
                    else
                    {
                        entry = new JsonObject { ["class_name"] = l.Kind, ["config"] = options };
                    }
                    int at = r.Next(a.Count + 1);
                    a.Insert(at, entry);
                    return $"{l.Kind} inserted at {at}";
                }
            }
        }

        private static string? PropertyName(JsonNode node) => node.Parent is JsonObject ? node.GetPropertyName() : null;

        private static string Short(JsonNode? value)
        {
            string s = value?.ToJsonString() ?? "null";
            return s.Length > 40 ? s.Substring(0, 40) + "..." : s;
        }

        /// <summary>Damage to the text: a byte flipped, the text truncated, junk inserted, a slice repeated, huge numbers, a BOM, deep nesting.</summary>
        private static (string Text, string What) DamageText(string json, Random r)
        {
            if (json.Length == 0) return (json, "empty");
            int at = r.Next(json.Length);
            switch (r.Next(9))
            {
                case 0:
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(json);
                    int i = r.Next(bytes.Length), bit = r.Next(8);
                    bytes[i] ^= (byte)(1 << bit);
                    return (Encoding.UTF8.GetString(bytes), $"byte {i} bit {bit} flipped");
                }
                case 1: return (json.Substring(0, at), $"truncated at {at}");
                case 2:
                {
                    string junk = new[] { "{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-", "e", "\u0000", "\u2028", "\ud800", "/*", "//", "NaN", "1e999", "\"\\u12\"" }[r.Next(19)];
                    return (json.Insert(at, junk), $"{Literal(junk)} inserted at {at}");
                }
                case 3: return (json.Insert(at, json.Substring(at, Math.Min(60, json.Length - at))), $"slice at {at} repeated");
                case 4: return (json.Replace(":1,", ":1e400,").Replace(":3,", ":99999999999999999999999999,"), "huge numbers");
                case 5: return ("\uFEFF" + json, "BOM");
                case 6: return (new string('[', 3000) + json + new string(']', 3000), "deep nesting");
                case 7: return (json.Remove(at, 1), $"character {at} deleted");
                default: return (json.Replace(",", ",\u2028").Replace(":", "\u00a0:"), "odd whitespace");
            }
        }
    }
}
