using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// Every CNNG declaration and shape diagnostic: exact id, exact span (marked <c>[|...|]</c> in the source),
    /// and a message naming the layer and shapes. The generator then emits only the stand-in of the model (its public
    /// members, throwing; see FallbackTests), or nothing when the class is not partial or is generic.
    /// </summary>
    public class DiagnosticTests
    {
        /// <summary>Runs the generator on marked-up source and asserts one error with this id exactly on the marked span.</summary>
        private static Diagnostic ExpectError(string id, string markedSource, params string[] messageParts)
        {
            (GeneratorRun run, Diagnostic d) = GeneratorHarness.RunExpectingError(id, markedSource, messageParts);
            Assert.Equal("Model.cs", d.Location.GetLineSpan().Path);
            // A class that is not partial, or is generic, cannot take a stand-in; any other error leaves one, and it compiles.
            if (id == "CNNG001" || id == "CNNG008") Assert.Empty(run.Sources);
            else run.AssertStandInOnly(sourceErrors: "CS0579"); // CS0579: the declaration's own duplicate [Input]
            return d;
        }

        private static string Model(string body, string modifiers = "public partial") =>
            "using CnnGen;\nnamespace Demo\n{\n" + body.Replace("CLASS", modifiers + " class M { }") + "\n}\n";

        [Fact]
        public void CNNG001_class_not_partial() =>
            ExpectError("CNNG001", "using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic class [|M|] { }", "'M'", "partial");

        [Fact]
        public void CNNG001_containing_type_not_partial() =>
            ExpectError("CNNG001", "using CnnGen;\npublic class [|Outer|]\n{\n    [CnnModel]\n    [Input(4)]\n    [Dense(2)]\n    public partial class M { }\n}", "containing type 'Outer'");

        [Fact]
        public void CNNG002_no_input() =>
            ExpectError("CNNG002", "using CnnGen;\n[CnnModel]\n[Dense(2)]\npublic partial class [|M|] { }", "[Input(");

        [Fact]
        public void CNNG003_layers_split_over_partial_declarations() =>
            ExpectError("CNNG003", "using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic partial class M { }\n[[|Dense(3)|]]\npublic partial class M { }", "one partial declaration");

        [Theory]
        [InlineData("[[|Conv2D(0, 3)|]]", "filters must be a positive integer, got 0")]
        [InlineData("[[|Conv2D(-2, 3)|]]", "got -2")]
        [InlineData("[[|Conv2D(2, 0)|]]", "kernel size must be positive, got 0x0")]
        [InlineData("[[|Conv2D(2, 3, Strides = 0)|]]", "strides must be positive, got 0x0")]
        [InlineData("[[|Conv2D(2, 3, DilationRate = 0)|]]", "dilation rate must be positive")]
        [InlineData("[[|MaxPooling2D(0)|]]", "pool size must be positive")]
        [InlineData("[[|AveragePooling2D(2, StrideWidth = -1)|]]", "strides must be positive, got 2x-1")]
        public void CNNG004_non_positive_conv_and_pool_arguments(string layer, string message) =>
            ExpectError("CNNG004", Model($"[CnnModel]\n[Input(5, 5, 1)]\n{layer}\nCLASS"), "Layer 0", message);

        [Theory]
        [InlineData("[[|Dense(0)|]]", "units must be a positive integer, got 0")]
        [InlineData("[[|Dropout(1.5)|]]", "rate must be in [0, 1), got 1.5")]
        [InlineData("[[|Dropout(-0.1)|]]", "got -0.1")]
        [InlineData("[[|Dropout(1)|]]", "got 1")]
        public void CNNG004_invalid_dense_and_dropout_arguments(string layer, string message) =>
            ExpectError("CNNG004", Model($"[CnnModel]\n[Input(5)]\n{layer}\nCLASS"), message);

        [Fact]
        public void CNNG005_duplicate_layer_name() =>
            ExpectError("CNNG005", Model("[CnnModel]\n[Input(5)]\n[Dense(4)]\n[[|Dense(3, Name = \"dense\")|]]\nCLASS"), "Layer 1 is named 'dense'", "layer 0");

        [Fact]
        public void CNNG006_no_layers() =>
            ExpectError("CNNG006", "using CnnGen;\n[CnnModel]\n[Input(5)]\npublic partial class [|M|] { }", "no layer");

        [Theory]
        [InlineData("[[|Input(2, 2, 2, 2)|]]", "got 4 dimensions")]
        [InlineData("[[|Input(-3)|]]", "every dimension must be positive, got (-3)")]
        [InlineData("[[|Input()|]]", "got 0 dimensions")]
        public void CNNG007_invalid_input(string input, string message) =>
            ExpectError("CNNG007", Model($"[CnnModel]\n{input}\n[Dense(2)]\nCLASS"), message);

        [Fact]
        public void CNNG007_input_declared_twice() =>
            ExpectError("CNNG007", Model("[CnnModel]\n[Input(4)]\n[[|Input(5)|]]\n[Dense(2)]\nCLASS"), "more than once");

        [Fact]
        public void CNNG008_generic_model() =>
            ExpectError("CNNG008", "using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic partial class [|M|]<T> { }", "generic");

        [Theory]
        [InlineData("[Input(3, 3, 1)]\n[[|Conv2D(2, 5)|]]", "kernel window 5x5 (effective 5x5) is larger than its input (None, 3, 3, 1)")]
        [InlineData("[Input(4, 4, 1)]\n[[|Conv2D(2, 5)|]]", "larger than its input (None, 4, 4, 1)")]
        [InlineData("[Input(4, 4, 1)]\n[[|Conv2D(2, 3, DilationRate = 3)|]]", "kernel window 3x3 (effective 7x7)")]
        [InlineData("[Input(2, 2, 1)]\n[[|MaxPooling2D(4, Strides = 1)|]]", "pool window 4x4")]
        [InlineData("[Input(4, 4, 1)]\n[Conv2D(2, 3)]\n[[|MaxPooling2D(3)|]]", "Layer 1 'max_pooling2d' (MaxPooling2D)", "input (None, 2, 2, 2)")]
        [InlineData("[Input(5, 9, 1)]\n[[|AveragePooling2D(6, 2)|]]", "pool window 6x2")]
        public void CNNG101_window_larger_than_input(string layers, params string[] message) =>
            ExpectError("CNNG101", Model($"[CnnModel]\n{layers}\nCLASS"), message);

        [Theory]
        [InlineData("[Input(5)]\n[[|Conv2D(2, 3)|]]", "expects an image (height, width, channels), but its input is (None, 5) (rank 1)")]
        [InlineData("[Input(5, 5)]\n[[|Conv2D(2, 3)|]]", "(None, 5, 5) (rank 2)")]
        [InlineData("[Input(5, 5, 1)]\n[Flatten]\n[[|Conv2D(2, 3)|]]", "Layer 1 'conv2d'")]
        [InlineData("[Input(5)]\n[Dense(4)]\n[[|MaxPooling2D(2)|]]", "Layer 1 'max_pooling2d' (MaxPooling2D)")]
        [InlineData("[Input(5)]\n[Dense(4)]\n[[|Flatten|]]", "Layer 1 'flatten' (Flatten) expects an input of rank 2 or more")]
        public void CNNG103_wrong_rank(string layers, string message) =>
            ExpectError("CNNG103", Model($"[CnnModel]\n{layers}\nCLASS"), message);

        [Fact]
        public void CNNG104_dilation_with_strides() =>
            ExpectError("CNNG104", Model("[CnnModel]\n[Input(9, 9, 1)]\n[[|Conv2D(2, 3, Strides = 2, DilationRate = 2)|]]\nCLASS"), "dilation rate 2x2 together with strides 2x2");

        [Fact]
        public void CNNG105_softmax_on_another_axis() =>
            ExpectError("CNNG105", Model("[CnnModel]\n[Input(3, 4)]\n[[|Softmax(Axis = 1)|]]\nCLASS"), "axis 1");

        /// <summary>
        /// An emitter that throws (a generator bug; none is known, so a test emitter stands in) gives CNNG900 on the model's
        /// class, naming the exception, and no source; other models of the compilation still generate.
        /// </summary>
        [Fact]
        public void CNNG900_an_emitter_failure_is_located_on_the_model_declaration()
        {
            string source = "using CnnGen;\nnamespace Demo\n{\n    [CnnModel]\n    [Input(4)]\n    [Dense(2)]\n    public partial class [|Broken|] { }\n\n" +
                "    [CnnModel]\n    [Input(4)]\n    [Dense(3)]\n    public partial class Fine { }\n}\n";
            int start = source.IndexOf("[|", System.StringComparison.Ordinal);
            int end = source.IndexOf("|]", System.StringComparison.Ordinal) - 2;
            source = source.Replace("[|", "").Replace("|]", "");
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile(source);
            var generator = new CnnGen.Generator.CnnGenerator((plan, token) => plan.Model.Type.Name == "Broken"
                ? throw new System.InvalidOperationException("test emitter failure")
                : CnnGen.Generator.Emit.ModelEmitter.Emit(plan, token));
            GeneratorDriverRunResult result = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(generator).RunGenerators(compilation).GetRunResult();

            Diagnostic d = Assert.Single(result.Diagnostics);
            Assert.Equal("CNNG900", d.Id);
            Assert.Equal("Model.cs", d.Location.GetLineSpan().Path);
            Assert.Equal(TextSpan.FromBounds(start, end), d.Location.SourceSpan);
            Assert.Contains("'Broken'", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("InvalidOperationException: test emitter failure", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("Demo.Fine.g.cs", Assert.Single(result.GeneratedTrees).FilePath.Split('/', '\\').Last());
        }

        [Fact]
        public void Broken_attribute_usage_never_crashes_the_generator()
        {
            // Missing constructor arguments are the compiler's errors; the generator must stay quiet and alive.
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense]\npublic partial class M { }");
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CNNG900");
            Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS7036");
        }

        [Fact]
        public void Errors_point_at_the_layer_in_a_long_model()
        {
            Diagnostic d = ExpectError("CNNG101", Model("[CnnModel]\n[Input(9, 9, 1)]\n[Conv2D(2, 5)]\n[Conv2D(2, 5)]\n[[|Conv2D(2, 3)|]]\nCLASS"),
                "Layer 2 'conv2d_2' (Conv2D)", "input (None, 1, 1, 2)");
            Assert.Equal(7, d.Location.GetLineSpan().StartLinePosition.Line);
        }
    }
}
