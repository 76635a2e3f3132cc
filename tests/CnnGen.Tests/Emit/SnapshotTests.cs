using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Emit
{
    /// <summary>The generated source, as golden files; each one also compiles without errors.</summary>
    public class SnapshotTests
    {
        internal const string SmallModel = @"using CnnGen;
namespace Demo
{
    [CnnModel]
    [Input(8, 8, 1)]
    [Conv2D(2, 3, Activation = Activation.Relu)]
    [MaxPooling2D(2)]
    [Flatten]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class TinyCnn { }
}";

        internal const string SeedCnn = @"using CnnGen;
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
    public partial class FashionCnn { }
}";


        /// <summary>
        /// <c>[GeneratedCode]</c> marks what CnnGen wrote, not the user's class: every member the generator declares carries
        /// it (tools that skip generated code skip those), the partial class and the user's own members do not. For a
        /// model and for a stand-in.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Generated_members_carry_GeneratedCode_and_the_users_class_does_not(bool standIn)
        {
            string source = (standIn ? SmallModel.Replace("[Dense(3,", "[Dense(0,") : SmallModel)
                .Replace("public partial class TinyCnn { }", "public partial class TinyCnn { public int Mine() => 1; }");
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Equal(standIn, run.Diagnostics.Any(d => d.Id == "CNNG004"));
            INamedTypeSymbol model = run.Output.GetTypeByMetadataName("Demo.TinyCnn")!;
            static bool Marked(ISymbol s) => s.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute");
            Assert.False(Marked(model));
            Assert.False(Marked(model.GetMembers("Mine").Single()));
            var generated = model.GetMembers().Concat(model.GetTypeMembers())
                .Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { AssociatedSymbol: not null } && m.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal)))
                .Distinct(SymbolEqualityComparer.Default).ToList();
            Assert.True(generated.Count > 10, $"{generated.Count} generated members");
            Assert.Empty(generated.Where(m => !Marked(m)).Select(m => m.ToDisplayString()));
        }
        [Fact]
        [Golden("Demo.TinyCnn.g.cs")]
        public void Small_model_is_fully_unrolled_under_the_default_budget()
        {
            GeneratorRun run = GeneratorHarness.Run(SmallModel);
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.Diagnostics);
            string source = run.Single();
            // Everything one sample goes through: Run and the layer methods (only the batch runner loops, over samples).
            int start = source.IndexOf("private void Run(", System.StringComparison.Ordinal);
            int end = source.IndexOf("private static float[] ScratchA()", System.StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start);
            string perSample = source.Substring(start, end - start);
            Assert.DoesNotContain("for (", perSample);
            Assert.DoesNotContain("while", perSample);
            Assert.DoesNotContain("goto", perSample);
            Assert.Contains("Fully unrolled", source);
            Snapshot.Match(nameof(Small_model_is_fully_unrolled_under_the_default_budget), "Demo.TinyCnn.g.cs", source);
        }

        [Fact]
        [Golden("Demo.FashionCnn.g.cs")]
        public void Seed_cnn_keeps_literal_bounded_outer_loops_above_the_budget()
        {
            GeneratorRun run = GeneratorHarness.Run(SeedCnn);
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
            Diagnostic info = Assert.Single(run.Diagnostics);
            Assert.Equal("CNNG901", info.Id);
            Assert.Equal(DiagnosticSeverity.Info, info.Severity);
            string source = run.Single();
            Assert.Contains("for (int py = 0; py < 13; py++)", source); // conv2d with max_pooling2d fused
            Snapshot.Match(nameof(Seed_cnn_keeps_literal_bounded_outer_loops_above_the_budget), "Demo.FashionCnn.g.cs", source);
        }

        [Fact]
        [Golden("Demo.TinyCnn.g.cs")]
        public void Budget_zero_keeps_loops_even_for_a_small_model()
        {
            GeneratorRun run = GeneratorHarness.Run(SmallModel.Replace("[CnnModel]", "[CnnModel(UnrollBudget = 0)]"));
            Assert.Empty(run.CompileErrors);
            Assert.Contains("for (", run.Single());
            Snapshot.Match(nameof(Budget_zero_keeps_loops_even_for_a_small_model), "Demo.TinyCnn.g.cs", run.Single());
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp7_3)]
        [InlineData(LanguageVersion.CSharp8)]
        [InlineData(LanguageVersion.Latest)]
        public void Generated_code_compiles_on_every_language_version_from_7_3(LanguageVersion version)
        {
            foreach (string model in new[] { SmallModel, SeedCnn, SmallModel.Replace("[CnnModel]", "[CnnModel(UnrollBudget = 0)]") })
            {
                GeneratorRun run = GeneratorHarness.Run(model, version);
                Assert.Empty(run.CompileErrors);
                Assert.Equal(version >= LanguageVersion.CSharp8 || version == LanguageVersion.Latest, run.Single().Contains("#nullable enable"));
            }
        }

        [Fact]
        public void Nested_model_in_a_namespace_less_class_compiles()
        {
            GeneratorRun run = GeneratorHarness.Run(@"using CnnGen;
public partial class Outer
{
    [CnnModel(Name = ""my_model"")]
    [Input(6)]
    [Dense(3, Activation = Activation.Tanh)]
    internal partial class Inner { }
}");
            Assert.Empty(run.CompileErrors);
            Assert.Equal("Outer.Inner.g.cs", run.Sources.Keys.Single());
            Assert.StartsWith("Model: \"my_model\"", run.Output.GetTypeByMetadataName("Outer+Inner")!.GetMembers("Summary").OfType<IFieldSymbol>().Single().ConstantValue as string);
        }

        /// <summary>Negative literals, fractions and offsets: what a culture could write differently (sv-SE and fi-FI use U+2212 as the minus sign).</summary>
        private const string SignedModel = @"using CnnGen;
namespace Demo
{
    [CnnModel(UnrollBudget = BUDGET)]
    [Input(5, 4, 2)]
    [Rescaling(0.00392156863, Offset = -0.5)]
    [ZeroPadding2D(1, 2, 0, 1)]
    [Conv2D(17, 3, Padding = Padding.Same)]
    [LeakyReLU(Alpha = 0.3)]
    [BatchNormalization(Epsilon = 1e-5)]
    [Flatten]
    [Dense(3, Activation = Activation.Softmax)]
    public partial class Signed { }
}";

        [Theory]
        [InlineData("de-DE")]
        [InlineData("sv-SE")]
        [InlineData("fi-FI")]
        public void Output_is_byte_identical_across_runs_and_cultures(string cultureName)
        {
            var culture = System.Globalization.CultureInfo.CurrentCulture;
            var sources = new[] { SeedCnn, SignedModel.Replace("BUDGET", "0"), SignedModel.Replace("BUDGET", "100000") };
            try
            {
                var first = sources.Select(source => GeneratorHarness.Run(source).Single()).ToArray();
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(cultureName);
                Assert.Equal("\u2212", cultureName == "de-DE" ? "\u2212" : System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NegativeSign);
                for (int i = 0; i < sources.Length; i++)
                {
                    GeneratorRun run = GeneratorHarness.Run(sources[i]);
                    Assert.Empty(run.CompileErrors);
                    Assert.Equal(first[i], run.Single());
                }
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = culture;
            }
        }
    }
}
