using System.Linq;
using CnnGen.Tests.Emit;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace CnnGen.Tests.Diagnostics
{
    /// <summary>
    /// Hostile declarations: each either generates code that compiles (names escaped, keywords written with '@',
    /// colliding helpers renamed) or gets one located CNNG error, quickly (no hang, no CNNG900), and a stand-in that
    /// compiles where one can be written.
    /// </summary>
    public class HostileInputTests
    {
        /// <summary>Runs marked-up source; asserts one error with this id on the marked span and the message parts.</summary>
        private static GeneratorRun ExpectError(string id, string markedSource, params string[] messageParts) =>
            GeneratorHarness.RunExpectingError(id, markedSource, messageParts).Run;

        /// <summary>Runs the source; asserts no diagnostic but CNNG901, and that the output compiles without warnings.</summary>
        private static GeneratorRun ExpectCompiles(string source)
        {
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Empty(run.Diagnostics.Where(d => d.Id != "CNNG901"));
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
            Assert.NotEmpty(run.Sources);
            return run;
        }

        // Finding 1: an enum argument outside its values.

        [Theory]
        [InlineData("[[|Dense(2, Activation = (Activation)99)|]]", "Layer 0 'dense' (Dense): activation 99 is not a value of the Activation enum")]
        [InlineData("[[|Conv2D(2, 3, Activation = (Activation)(-1))|]]", "activation -1 is not a value")]
        [InlineData("[[|Activation((Activation)1234)|]]", "activation 1234 is not a value")]
        [InlineData("[[|MaxPooling2D(2, Padding = (Padding)42)|]]", "padding 42 is not a value of the Padding enum")]
        public void An_undefined_enum_value_is_CNNG004_on_the_layer(string layer, string message)
        {
            GeneratorRun run = ExpectError("CNNG004", $"using CnnGen;\n[CnnModel]\n[Input(6, 6, 1)]\n{layer}\n[Flatten]\npublic partial class M {{ }}", message);
            run.AssertStandInOnly();
        }

        // Found by the generator fuzz (GeneratorFuzzTests): a NaN or infinite activation parameter passed every check and
        // was written as a literal the compiler refuses ("NaNf", "Infinity").

        [Theory]
        [InlineData("[[|ELU(Alpha = double.PositiveInfinity)|]]", "Layer 0 'elu' (ELU): alpha must be a finite number, got Infinity")]
        [InlineData("[[|ELU(Alpha = double.NaN)|]]", "alpha must be a finite number, got NaN")]
        [InlineData("[[|LeakyReLU(Alpha = double.NaN)|]]", "Layer 0 'leaky_re_lu' (LeakyReLU): alpha must be a finite number, got NaN")]
        [InlineData("[[|LeakyReLU(Alpha = double.NegativeInfinity)|]]", "alpha must be a finite number, got -Infinity")]
        [InlineData("[[|ReLU(Threshold = double.NaN)|]]", "Layer 0 're_lu' (ReLU): threshold must be a finite number, got NaN")]
        [InlineData("[[|ReLU(Threshold = double.NegativeInfinity)|]]", "threshold must be a finite number, got -Infinity")]
        [InlineData("[[|ReLU(NegativeSlope = double.NaN)|]]", "negative_slope must be a finite number, got NaN")]
        [InlineData("[[|ReLU(NegativeSlope = double.PositiveInfinity)|]]", "negative_slope must be a finite number, got Infinity")]
        public void A_non_finite_activation_parameter_is_CNNG004_on_the_layer(string layer, string message)
        {
            GeneratorRun run = ExpectError("CNNG004", $"using CnnGen;\n[CnnModel]\n[Input(4)]\n{layer}\npublic partial class M {{ }}", message);
            run.AssertStandInOnly();
        }

        [Theory]
        [InlineData("[ReLU(MaxValue = double.PositiveInfinity)]")]
        [InlineData("[ReLU(MaxValue = 1e39, NegativeSlope = 1e39, Threshold = -1e39)]")]
        [InlineData("[ELU(Alpha = 1e39)]")]
        [InlineData("[LeakyReLU(Alpha = -1e39)]")]
        public void Large_finite_activation_parameters_still_generate(string layer) =>
            ExpectCompiles($"using CnnGen;\n[CnnModel]\n[Input(4)]\n{layer}\npublic partial class M {{ }}\n");

        [Fact]
        public void A_json_alpha_beyond_double_is_CNNG004_in_the_file()
        {
            // 1e400 reads as +Infinity (as Python's float() does).
            const string json = "{ \"input\": [4], \"layers\": [\n  { \"type\": \"ELU\", \"alpha\": 1e400 }] }";
            GeneratorRun run = GeneratorHarness.Run(
                new[] { ("/proj/M.cs", "using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n") },
                new[] { ("/proj/m.json", json) }, "/proj/");
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CNNG004", d.Id);
            Assert.Equal("/proj/m.json", d.Location.GetLineSpan().Path);
            Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Contains("alpha must be a finite number, got Infinity", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            run.AssertStandInOnly();
        }

        // Finding 2: names with line breaks, control characters, quotes and XML characters.

        private const string HostileName = "a\\nb\\rc\\u2028d\\u2029e\\u0085f\\u0000g\\u0007h\\\"i\\\\j<k>&l*/m\\ud800n\\tend";

        [Theory]
        [InlineData(4096)]
        [InlineData(0)]
        public void Hostile_layer_and_model_names_are_escaped_in_comments_docs_and_strings(int budget)
        {
            string source = "using CnnGen;\nnamespace Demo\n{\n" +
                $"    [CnnModel(Name = \"{HostileName}\", UnrollBudget = {budget})]\n    [Input(8, 8, 1)]\n" +
                $"    [Conv2D(4, 3, Name = \"{HostileName}1\", Activation = Activation.Relu)]\n" +
                $"    [BatchNormalization(Name = \"{HostileName}2\")]\n" +
                $"    [MaxPooling2D(2, Name = \"{HostileName}3\")]\n" +
                $"    [Conv2D(8, 3, Name = \"{HostileName}4\", Padding = Padding.Same)]\n" +
                $"    [Flatten(Name = \"{HostileName}5\")]\n" +
                $"    [Dense(3, Name = \"{HostileName}6\", Activation = Activation.Softmax)]\n" +
                "    public partial class M { }\n}\n";
            GeneratorRun run = ExpectCompiles(source);
            Assert.DoesNotContain('\u2028', run.Single());
            Assert.DoesNotContain('\u0085', run.Single());
            Assert.DoesNotContain('\r', run.Single());
        }

        [Fact]
        public void Hostile_names_in_the_stand_in_of_a_model_with_an_error_are_escaped_too()
        {
            string source = "using CnnGen;\n" +
                $"[CnnModel(Name = \"{HostileName}\")]\n[Input(4)]\n[Dense(3, Name = \"{HostileName}\")]\n[Dense(3, Name = \"{HostileName}\")]\npublic partial class M {{ }}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Equal("CNNG005", Assert.Single(run.Diagnostics).Id);
            run.AssertStandInOnly();
        }

        [Fact]
        public void Hostile_names_in_a_json_spec_are_escaped()
        {
            const string json = "{ \"input\": [4], \"name\": \"m\\n\\u2028x\", \"layers\": [" +
                "{ \"type\": \"Dense\", \"units\": 3, \"name\": \"d\\n#error x\\r\\n// \\u2029\\\"\\\\<\\u0000\" }," +
                "{ \"type\": \"Dense\", \"units\": 2, \"name\": \"e\\u0085\\ud800\", \"activation\": \"sigmoid\" }] }";
            GeneratorRun run = GeneratorHarness.Run(
                new[] { ("/proj/M.cs", "using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n") },
                new[] { ("/proj/m.json", json) }, "/proj/");
            Assert.Empty(run.Diagnostics.Where(d => d.Id != "CNNG901"));
            Assert.Empty(run.CompileErrors);
            Assert.Empty(run.GeneratedWarnings());
        }

        // Finding 3: keyword names keep their '@'.

        [Fact]
        public void Keyword_class_namespace_and_containing_type_names_are_written_with_at()
        {
            string source = "using CnnGen;\nnamespace @class.@int\n{\n    public partial class @struct\n    {\n" +
                "        [CnnModel]\n        [Input(4)]\n        [Dense(2, Activation = Activation.Sigmoid)]\n        public partial class @class { }\n    }\n" +
                "    public static class Use\n    {\n        public static @struct.@class Make() => new @struct.@class(new float[@struct.@class.ParameterCount]);\n" +
                "        public static @struct.@class Load() => @struct.@class.LoadKeras(\"m.h5\");\n    }\n}\n";
            GeneratorRun run = ExpectCompiles(source);
            Assert.Contains("partial class @class : global::CnnGen.ICnnModel", run.Single());
            Assert.Contains("namespace @class.@int", run.Single());
            Assert.Equal("class.int.struct.class.g.cs", Assert.Single(run.Sources).Key);
        }

        [Fact]
        public void A_keyword_class_with_an_error_gets_a_stand_in_that_compiles()
        {
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\nnamespace @event\n{\n    [CnnModel]\n    [Input(4)]\n    [Dense(0)]\n    public partial class @class { }\n}\n");
            Assert.Equal("CNNG004", Assert.Single(run.Diagnostics).Id);
            run.AssertStandInOnly();
        }

        // Finding 4: classes that cannot hold the generated members.

        [Theory]
        [InlineData("public abstract partial class [|M|] { }", "it is abstract")]
        [InlineData("public static partial class [|M|] { }", "it is static")]
        [InlineData("public partial record [|M|] { }", "it is a record")]
        [InlineData("public abstract partial record [|M|] { }", "it is a record")]
        public void Abstract_static_and_record_model_classes_are_CNNG009(string declaration, string message)
        {
            GeneratorRun run = ExpectError("CNNG009", $"using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\n{declaration}",
                "The model class 'M' must be a non-abstract, non-static class", message);
            Assert.Empty(run.Sources);
        }

        // Finding 5: collisions with generated names.

        [Fact]
        public void A_model_class_named_Ops_or_declaring_an_Ops_member_compiles_as_the_helpers_are_fully_qualified()
        {
            GeneratorRun run = ExpectCompiles("using CnnGen;\n[CnnModel(UnrollBudget = 0)]\n[Input(6, 6, 1)]\n[Conv2D(2, 3, Activation = Activation.Gelu)]\n" +
                "[Flatten]\n[Dense(3, Activation = Activation.Elu)]\n[Activation(Activation.Softmax)]\npublic partial class Ops { }\n");
            Assert.Contains("global::CnnGen.Kernels.Ops.Gelu(", run.Single());
            Assert.DoesNotContain("static class Ops", run.Single());
            ExpectCompiles("using CnnGen;\nnamespace N { class Ops { } }\nnamespace N {\n[CnnModel(UnrollBudget = 0)]\n[Input(6, 6, 1)]\n" +
                "[Conv2D(2, 3, Activation = Activation.Tanh)]\n[Flatten]\n[Dense(3)]\n[Activation(Activation.Softmax)]\npublic partial class M { private int Ops; }\n}\n");
        }

        [Theory]
        [InlineData("public const int [|InputLength|] = 4;", "it declares the constant 'InputLength', which the generated code declares too")]
        [InlineData("public static string [|Summary|] => \"\";", "the property 'Summary'")]
        [InlineData("private int [|_weights|];", "the field '_weights'")]
        [InlineData("public class [|Layers|] { }", "the nested type 'Layers'")]
        [InlineData("public void [|Predict|](System.ReadOnlySpan<float> x, System.Span<float> y) { }", "the method 'Predict(System.ReadOnlySpan<float>, System.Span<float>)'")]
        [InlineData("private void [|Run|](System.ReadOnlySpan<float> i, System.Span<float> o, System.Span<float> a, System.Span<float> b) { }", "the method 'Run(")]
        [InlineData("private void [|Layer00Dense|](System.ReadOnlySpan<float> x, System.Span<float> y) { }", "'Layer00Dense(")]
        [InlineData("public [|M|](System.ReadOnlySpan<float> w) { }", "the constructor 'M(System.ReadOnlySpan<float>)'")]
        public void A_member_the_generated_code_declares_is_CNNG010_on_the_member(string member, string message)
        {
            GeneratorRun run = ExpectError("CNNG010", $"using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic partial class M\n{{\n    {member}\n}}", message);
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void Overloads_with_other_parameters_and_unrelated_members_are_fine()
        {
            ExpectCompiles("using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic partial class M\n{\n" +
                "    public float[] Predict(float[] input) { var o = new float[OutputLength]; Predict(input, o); return o; }\n" +
                "    public static M LoadKeras(string path, int unused) => LoadKeras(path);\n" +
                "    private void Run() { }\n    public int Layer { get; set; }\n    public M() : this(new float[ParameterCount]) { }\n}\n");
        }

        [Theory]
        [InlineData("Summary")]
        [InlineData("Layers")]
        [InlineData("Predict")]
        [InlineData("RunRange")]
        public void A_model_class_named_like_a_generated_member_is_CNNG010(string name)
        {
            GeneratorRun run = ExpectError("CNNG010", $"using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(2)]\npublic partial class [|{name}|] {{ }}",
                $"its name is also the name of a member the generated code declares ('{name}')");
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void Layer_names_that_give_the_same_member_get_unique_Layers_members()
        {
            GeneratorRun run = ExpectCompiles("using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(3, Name = \"dense_1\")]\n[Dense(3, Name = \"dense1\")]\n" +
                "[Dense(2, Name = \"Dense1\")]\npublic partial class M\n{\n" +
                "    public const int Check = Layers.Dense1Length + Layers.Dense1_2Length + Layers.Dense1_3Length;\n}\n");
            Assert.Contains("public const int Dense1_2Length = 3;", run.Single());
            Assert.Contains("public const int Dense1_3Length = 2;", run.Single());
        }

        [Fact]
        public void Colliding_layer_names_in_a_stand_in_get_the_same_unique_members()
        {
            GeneratorRun run = GeneratorHarness.Run("using CnnGen;\n[CnnModel]\n[Input(4)]\n[Dense(3, Name = \"dense_1\")]\n[Dense(3, Name = \"dense1\")]\n" +
                "[Dense(0)]\npublic partial class M\n{\n    public const int Check = Layers.Dense1Length + Layers.Dense1_2Length;\n}\n");
            Assert.Equal("CNNG004", Assert.Single(run.Diagnostics).Id);
            run.AssertStandInOnly();
        }

        // Finding 6: sizes that would hang the generator or wrap a const int.

        [Theory]
        [InlineData("[Input(4)]", "[[|Dense(2147483647)|]]", "Layer 0 'dense' (Dense): its output (None, 2147483647) holds 2,147,483,647 floats, above CnnGen's limit of 268,435,456 floats")]
        [InlineData("[Input(300000)]", "[[|Dense(8000)|]]", "its weight 'dense/kernel' (300000, 8000) holds 2,400,000,000 floats")]
        [InlineData("[Input(32000)]", "[Dense(8000)]\n[[|Dense(8000)|]]", "Layer 1 'dense_1' (Dense): the model's parameters up to its weight 'dense_1/kernel' number 320,008,000")]
        [InlineData("[Input(8, 100000, 1)]", "[[|MaxPooling2D(46341, Padding = Padding.Same)|]]", "its pool window 46341x46341 has 2,147,488,281 cells, above CnnGen's limit of 4,096")]
        [InlineData("[Input(100, 100, 1)]", "[[|AveragePooling2D(65, 64)|]]", "its pool window 65x64 has 4,160 cells, above CnnGen's limit of 4,096")]
        [InlineData("[Input(1)]", "[[|Dense(8193)|]]", "its output (None, 8193) has 8,193 channels, above CnnGen's limit of 8,192")]
        [InlineData("[Input(3, 3, 1)]", "[[|Conv2D(100000, 3)|]]", "has 100,000 channels")]
        [InlineData("[Input(8, 8, 1)]", "[[|Conv2D(1, 3, DilationRate = 1000000000, Padding = Padding.Same)|]]", "spans 2000000001x2000000001, above CnnGen's limit of 1,000,000 per axis")]
        [InlineData("[Input(100, 4)]", "[[|Conv1D(1, 3, DilationRate = 2147483647, Padding = Padding.Same)|]]", "spans 4294967295")]
        [InlineData("[Input(5, 5, 3)]", "[[|DepthwiseConv2D(3, DepthMultiplier = 2147483647, Padding = Padding.Same)|]]", "3 input channels x depth_multiplier 2147483647 give 6,442,450,941 channels")]
        [InlineData("[Input(3, 3, 4097)]", "[[|SeparableConv2D(4, 3, DepthMultiplier = 2)|]]", "4097 input channels x depth_multiplier 2 give 8,194 channels in its depthwise stage, above CnnGen's limit of 8,192")]
        [InlineData("[Input(5, 5, 3)]", "[[|ZeroPadding2D(2147483647)|]]", "gives output (None, 4294967299, 4294967299, 3)")]
        [InlineData("[Input(4096, 4096, 1)]", "[[|Conv2D(64, 1)|]]", "its output (None, 4096, 4096, 64) holds 1,073,741,824 floats")]
        public void A_model_above_the_limits_is_CNNG107_on_the_layer(string input, string layers, string message)
        {
            GeneratorRun run = ExpectError("CNNG107", $"using CnnGen;\n[CnnModel]\n{input}\n{layers}\npublic partial class M {{ }}", message);
            run.AssertStandInOnly();
        }

        [Fact]
        public void An_input_above_the_limit_is_CNNG007_even_when_its_product_overflows_a_long()
        {
            GeneratorRun run = ExpectError("CNNG007", "using CnnGen;\n[CnnModel]\n[[|Input(int.MaxValue, 13, 1073741824)|]]\n[GlobalAveragePooling2D]\npublic partial class M { }",
                "above CnnGen's limit of 268,435,456 floats");
            run.AssertStandInOnly();
        }

        [Fact]
        public void Json_units_above_the_limit_are_CNNG107_in_the_file()
        {
            const string json = "{ \"input\": [4], \"layers\": [\n  { \"type\": \"Dense\", \"units\": 2147483647 }] }";
            GeneratorRun run = GeneratorHarness.Run(
                new[] { ("/proj/M.cs", "using CnnGen;\n[CnnModel(Spec = \"m.json\")]\npublic partial class M { }\n") },
                new[] { ("/proj/m.json", json) }, "/proj/");
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CNNG107", d.Id);
            Assert.Equal("/proj/m.json", d.Location.GetLineSpan().Path);
            Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Contains("holds 2,147,483,647 floats", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            run.AssertStandInOnly();
        }

        [Fact]
        public void A_large_window_within_the_limits_still_generates() => WithinLimits("[Input(64, 64, 3)]\n[AveragePooling2D(64, 64)]");

        [Fact]
        public void Large_units_within_the_limits_still_generate() => WithinLimits("[Input(1)]\n[Dense(8192)]");

        [Fact]
        public void Large_weights_within_the_limits_still_generate() => WithinLimits("[Input(30000)]\n[Dense(8192)]");

        private static void WithinLimits(string layers)
        {
            GeneratorRun run = GeneratorHarness.Run($"using CnnGen;\n[CnnModel]\n{layers}\npublic partial class M {{ }}\n");
            Assert.Empty(run.Diagnostics.Where(d => d.Id != "CNNG901"));
            Assert.Empty(run.CompileErrors);
            Assert.True(run.Single().Length < 10_000_000, run.Single().Length.ToString());
        }

        [Fact]
        public void An_unroll_budget_above_what_a_compiler_takes_is_CNNG902_and_keeps_the_loops()
        {
            GeneratorRun run = GeneratorHarness.Run(SnapshotTests.SeedCnn.Replace("[CnnModel]", "[CnnModel(UnrollBudget = int.MaxValue)]"));
            Diagnostic d = Assert.Single(run.Diagnostics);
            Assert.Equal("CNNG902", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("would unroll 5156810 statements (about 124 MB of C#) under UnrollBudget = 2147483647, more than CnnGen unrolls (1000000 statements", message);
            Assert.Empty(run.CompileErrors);
            Assert.Equal(GeneratorHarness.Run(SnapshotTests.SeedCnn).Single(), run.Single()); // the looped form, as under the default budget
        }

        [Theory]
        [InlineData("[Input(8, 8, 1)]\n[Conv2D(WIDTH, 3)]\n[Flatten]\n[Dense(2)]", 1008)]
        [InlineData("[Input(8, 8, 1)]\n[Conv2D(WIDTH, 3)]\n[Flatten]\n[Dense(2)]", 4000)]
        [InlineData("[Input(16, 16, 64)]\n[Conv2D(WIDTH, 3, Padding = Padding.Same)]\n[GlobalAveragePooling2D]\n[Dense(2)]", 256)]
        [InlineData("[Input(6, 6, 64)]\n[Conv2D(WIDTH, 3, Padding = Padding.Same)]\n[Conv2D(16, 3)]\n[Flatten]\n[Dense(2)]", 512)]
        [InlineData("[Input(64)]\n[Dense(WIDTH)]\n[Dense(WIDTH)]", 4096)]
        [InlineData("[Input(8, 8, WIDTH)]\n[DepthwiseConv2D(3)]\n[Flatten]\n[Dense(2)]", 1024)]
        [InlineData("[Input(8, 8, WIDTH)]\n[SeparableConv2D(WIDTH, 3)]\n[Flatten]\n[Dense(2)]", 1024)]
        [InlineData("[Input(8, 8, WIDTH)]\n[MaxPooling2D(2)]\n[AveragePooling2D(2, Padding = Padding.Same)]\n[Flatten]\n[Dense(2)]", 1024)]
        [InlineData("[Input(8, 8, WIDTH)]\n[GlobalMaxPooling2D]\n[Dense(2)]", 1024)]
        [InlineData("[Input(8, 8, WIDTH)]\n[BatchNormalization]\n[ReLU(MaxValue = 6)]\n[Activation(Activation.Softmax)]\n[Flatten]\n[Dense(2)]", 1024)]
        [InlineData("[Input(40, WIDTH)]\n[Conv1D(WIDTH, 3)]\n[MaxPooling1D(2)]\n[GlobalAveragePooling1D]\n[Dense(2)]", 1024)]
        public void Generated_size_does_not_grow_with_the_channel_count(string layers, int width)
        {
            // The register blocks of the SIMD forms are loops over the channels: twice the channels, the same code but
            // for its digits (direct and Winograd convs, dense layers and their batched form). Widths are multiples of 16:
            // a channel count that leaves a tail to Vector512 but not to Vector256 gets no Vector512 path (less code).
            string narrow = WithinLimitsSource(layers.Replace("WIDTH", width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            string wide = WithinLimitsSource(layers.Replace("WIDTH", (2 * width).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.True(wide.Length < narrow.Length * 1.02 + 200, $"{wide.Length} characters at {2 * width} channels, {narrow.Length} at {width}");
        }

        private static string WithinLimitsSource(string layers)
        {
            GeneratorRun run = GeneratorHarness.Run($"using CnnGen;\n[CnnModel]\n{layers}\npublic partial class M {{ }}\n");
            Assert.Empty(run.Diagnostics.Where(d => d.Id != "CNNG901"));
            Assert.Empty(run.CompileErrors);
            return run.Single();
        }

        [Theory]
        [InlineData(double.NaN, "float.NaN", "double.NaN")]
        [InlineData(double.PositiveInfinity, "float.PositiveInfinity", "double.PositiveInfinity")]
        [InlineData(double.NegativeInfinity, "float.NegativeInfinity", "double.NegativeInfinity")]
        [InlineData(1e300, "float.PositiveInfinity", "1E+300")]
        [InlineData(0.5, "0.5f", "0.5")]
        [InlineData(2.0, "2f", "2.0")]
        public void Float_and_double_literals_are_valid_csharp_for_every_value(double value, string asFloat, string asDouble)
        {
            // Shape inference refuses non-finite options (CNNG004); the writer still never prints 'NaNf' or 'Infinity'.
            Assert.Equal(asFloat, CnnGen.Generator.Emit.SourceWriter.Float(value));
            Assert.Equal(asDouble, CnnGen.Generator.Emit.SourceWriter.Double(value));
        }
    }
}
