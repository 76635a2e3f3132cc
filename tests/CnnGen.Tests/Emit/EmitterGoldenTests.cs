using System;
using System.Collections.Generic;
using System.Linq;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Emit
{
    /// <summary>
    /// Golden text of every layer emitter in every form it has, one tiny model per case:
    /// <c>Snapshots/Emitters/&lt;Case&gt;_&lt;Form&gt;.g.cs.txt</c>. Each output also compiles without errors, and the
    /// generator reports nothing but CNNG901 (loops kept) for the looped forms.
    /// </summary>
    public class EmitterGoldenTests
    {
        /// <summary>The forms EmitContext chooses between.</summary>
        public enum Form
        {
            /// <summary>Straight-line code: the default unroll budget, the latest C#.</summary>
            Unrolled,

            /// <summary>Literal-bounded loops without SIMD: UnrollBudget = 0 on C# 7.3 (EmitContext.UsesSimdForms needs C# 8).</summary>
            ScalarLoops,

            /// <summary>The SIMD looped forms (Vector512 → 256 → 128 → scalar): UnrollBudget = 0 on the latest C#.</summary>
            SimdLoops,

            /// <summary>
            /// The SIMD forms on C# 10: a body per vector width where C# 11 has width-generic ones (static abstract interface
            /// members); only the layers that have generic bodies (Winograd) get a golden file of it.
            /// </summary>
            SimdLoopsCSharp10,
        }

        /// <summary>
        /// How each form is asked for: <paramref name="Loops"/> (UnrollBudget = 0, else the default budget), the language
        /// version of its golden file, and the versions it must also compile on. A new form (say SIMD on C# 8-10, if that
        /// gets a text of its own) is one enum member and one row here.
        /// </summary>
        private sealed record FormSetting(Form Form, bool Loops, LanguageVersion Version, params LanguageVersion[] AlsoCompiles);

        private static readonly FormSetting[] FormSettings =
        {
            new FormSetting(Form.Unrolled, false, LanguageVersion.Latest, LanguageVersion.CSharp7_3),
            new FormSetting(Form.ScalarLoops, true, LanguageVersion.CSharp7_3),
            new FormSetting(Form.SimdLoops, true, LanguageVersion.Latest, LanguageVersion.CSharp8),
            new FormSetting(Form.SimdLoopsCSharp10, true, LanguageVersion.CSharp10),
        };

        private static FormSetting SettingOf(Form form) => FormSettings.Single(f => f.Form == form);

        /// <summary>The forms every case has; the C# 10 SIMD form only where its text differs (see <see cref="Form.SimdLoopsCSharp10"/>).</summary>
        private static readonly Form[] AllForms = FormSettings.Select(f => f.Form).Where(f => f != Form.SimdLoopsCSharp10).ToArray();

        /// <summary>A case: a tiny model and the forms it is emitted in; <paramref name="Covers"/> says what it exercises.</summary>
        public sealed record Case(string Name, string Input, string[] Layers, string Covers, Form[] Forms)
        {
            public Case(string name, string input, string[] layers, string covers) : this(name, input, layers, covers, AllForms) { }

            public string Source(Form form) =>
                "using CnnGen;\n" +
                $"namespace Golden.{form}\n" +
                "{\n" +
                (SettingOf(form).Loops ? "    [CnnModel(UnrollBudget = 0)]\n" : "    [CnnModel]\n") +
                $"    [Input({Input})]\n" +
                string.Concat(Layers.Select(l => $"    [{l}]\n")) +
                $"    public partial class {Name} {{ }}\n" +
                "}\n";
        }

        /// <summary>
        /// The table. Channel counts are chosen for the SIMD paths: 16 or more output channels reach the Vector512 path, a
        /// count that is not a multiple of the vector width leaves a tail computed one by one (17 = 16 + 1 = 2 x 8 + 1 =
        /// 4 x 4 + 1); spatial sizes are as small as the code path allows, so that the unrolled files stay short.
        /// </summary>
        public static readonly Case[] Cases =
        {
            new Case("Conv2D_Valid", "2, 4, 1", new[] { "Conv2D(17, 2, Activation = Activation.Relu)" },
                "Conv2DEmitter, 'valid': unrolled sums; scalar loops; SIMD runs of pixels along a row (with the rest of the row on Vector128) and a channel tail, relu on the registers, input channels = 1"),
            new Case("Conv2D_SamePadding", "2, 2, 2", new[] { "Conv2D(4, 3, Padding = Padding.Same, Activation = Activation.Tanh)" },
                "Conv2DEmitter, 'same': padding cells absent when unrolled, guarded kernel cells when looped (row if, column flags in SIMD blocks), an activation that is not applied on vectors (the row tail), input channels > 1"),
            new Case("Conv2D_Strided", "3, 3, 2", new[] { "Conv2D(4, 1, Strides = 2, UseBias = false)" },
                "Conv2DEmitter: a 1x1 projection with strides 2 (as in ResNet shortcuts), no bias"),
            new Case("Conv2D_MaxPoolFused", "3, 3, 1", new[] { "Conv2D(8, 2, UseBias = false)", "BatchNormalization", "ReLU", "MaxPooling2D(2)", "Flatten" },
                "LayerFusion in the SIMD form: the ReLU becomes the conv's activation and the max pooling is fused into it (max over each pooling window in registers; the scalar pooled path), across a BatchNormalization folded in between (kernel rescaled, bias derived in the constructor). Separate layers in the other forms"),
            new Case("Conv2D_Winograd", "4, 4, 16", new[] { "Conv2D(16, 3, Padding = Padding.Same)", "GlobalAveragePooling2D" },
                "WinogradEmitter: F(4x4,3x3) with 'same' padding (guarded input transform), linear; its kernel transform in the constructor; the direct scalar path. Only the SIMD form is Winograd (and the unrolled form is far above the budget); the transforms as generic bodies (C# 11+) and per width (C# 10)",
                new[] { Form.SimdLoops, Form.SimdLoopsCSharp10 }),
            new Case("Conv2D_WinogradMaxPoolFused", "6, 6, 16", new[] { "Conv2D(16, 3, Activation = Activation.Relu)", "MaxPooling2D(2)", "GlobalMaxPooling2D" },
                "WinogradEmitter with a fused max pooling (max over the pooling windows in the output transform), relu",
                new[] { Form.SimdLoops, Form.SimdLoopsCSharp10 }),
            new Case("Conv1D", "5, 2", new[] { "Conv1D(8, 3, Padding = Padding.Same, DilationRate = 2, Activation = Activation.Softmax)" },
                "Conv2DEmitter on a sequence (Conv1D), 'same' with dilation 2, with a row-wise activation (softmax per step)"),
            new Case("Dense", "10", new[] { "Dense(20, Activation = Activation.Relu)", "Dropout(0.5)", "Dense(3, Activation = Activation.Sigmoid)" },
                "DenseEmitter on a flat input: SIMD register blocks with a unit tail (20 = 16 + 4 = 2 x 8 + 4 = 5 x 4), zero inputs skipped, relu on the registers; a layer too narrow for vectors with an element-wise activation; Dropout is the identity"),
            new Case("Dense_Rows", "3, 5", new[] { "Dense(4, UseBias = false, Activation = Activation.Softmax)" },
                "DenseEmitter on a rank-2 input (one row per step), no bias, softmax per row"),
            new Case("Dense_BatchedTail", "2, 64", new[] { "GlobalMaxPooling1D", "Dense(8, Activation = Activation.Relu)", "Dense(3, Activation = Activation.Softmax)" },
                "BatchEmitter: the dense tail runs for 8 samples at once in the SIMD form (Layer01Dense_Group8 with the nonzero-input gather, the head per sample into c, the last Dense per sample of the group); one sample at a time otherwise. Unrolled it is only the Dense case, far longer, so not here",
                new[] { Form.ScalarLoops, Form.SimdLoops }),
            new Case("Dense_FoldedActivation", "6", new[] { "Dense(8)", "ReLU", "Dense(4)", "Activation(Activation.Softmax)" },
                "LayerFusion activation folding: in the SIMD form ReLU and Activation(softmax) become the Dense layers' activations; standalone elementwise layers otherwise"),
            new Case("Pooling2D_Valid", "4, 4, 20", new[] { "MaxPooling2D(2)", "AveragePooling2D(2)" },
                "Pooling2DEmitter, 'valid' max and average: SIMD over channels with a channel tail (20 = 16 + 4 = 2 x 8 + 4 = 5 x 4)"),
            new Case("Pooling2D_Same", "3, 3, 4", new[] { "AveragePooling2D(2, Padding = Padding.Same)", "MaxPooling2D(2, Strides = 1, Padding = Padding.Same)" },
                "Pooling2DEmitter, 'same' average and max (strides 1), both with padding cells (ignored; the average is over the real cells): scalar loops in every looped form"),
            new Case("Pooling1D", "6, 8", new[] { "MaxPooling1D(2)", "AveragePooling1D(2, Padding = Padding.Same)" },
                "Pooling2DEmitter on sequences: 'valid' MaxPooling1D (SIMD), 'same' AveragePooling1D (scalar loops)"),
            new Case("GlobalMaxPooling2D", "2, 2, 8", new[] { "GlobalMaxPooling2D" },
                "GlobalPoolingEmitter, max over the positions of each channel"),
            new Case("GlobalAveragePooling1D", "3, 8", new[] { "GlobalAveragePooling1D(KeepDims = true)" },
                "GlobalPoolingEmitter, mean over the steps of each channel (keepdims: output (1, 8))"),
            new Case("DepthwiseConv2D", "3, 3, 2", new[] { "DepthwiseConv2D(3, Padding = Padding.Same)", "DepthwiseConv2D(2, DepthMultiplier = 2, Activation = Activation.Relu6)" },
                "DepthwiseConv2DEmitter: 'same' with guards and depth multiplier 1; 'valid' with depth multiplier 2 and relu6"),
            new Case("DepthwiseConv2D_Vectors", "4, 4, 6", new[] { "DepthwiseConv2D(3, Padding = Padding.Same, Activation = Activation.Relu)", "DepthwiseConv2D(2, Activation = Activation.Tanh)" },
                "DepthwiseConv2DEmitter's SIMD form: 6 channels as lanes (one vector and one overlapping it), 'same' guards, relu on the registers; tanh one vectorized pass after"),
            new Case("SeparableConv2D", "2, 2, 2", new[] { "SeparableConv2D(4, 2, Padding = Padding.Same, DepthMultiplier = 2, Activation = Activation.Relu)" },
                "SeparableConv2DEmitter: depthwise into a stack buffer, then pointwise; 'same' guards, depth multiplier 2"),
            new Case("SeparableConv2D_Vectors", "3, 3, 6", new[] { "SeparableConv2D(10, 3, Padding = Padding.Same, Activation = Activation.Sigmoid)" },
                "SeparableConv2DEmitter's SIMD form: the depthwise step 6 channels as lanes (one vector and one overlapping it) into t, the pointwise step 10 filters in vectors (and one overlapping); sigmoid one vectorized pass after"),
            new Case("BatchNormalization_Folded", "4", new[] { "Dense(4)", "BatchNormalization(Center = false)" },
                "BatchNormalizationEmitter folded into the Dense before it: the constructor rescales the kernel and the bias (no beta); no code of its own"),
            new Case("BatchNormalization_Standalone", "2, 3", new[] { "Dense(3, Activation = Activation.Relu)", "BatchNormalization(Scale = false, Epsilon = 0.01)" },
                "BatchNormalizationEmitter standalone (after a non-linear Dense it cannot fold): per-channel scale and shift derived in the constructor, no gamma"),
            new Case("Edges2D", "2, 3, 2", new[] { "ZeroPadding2D(1, 0, 2, 1)", "Cropping2D(0, 1, 1, 2)", "Cropping2D(1, 0, 0, 0)" },
                "Edges2DEmitter: ZeroPadding2D (row loop with cleared edges), Cropping2D of columns (row loop) and of whole rows (one block)"),
            new Case("Rescaling", "6", new[] { "Rescaling(1.0 / 255, Offset = -0.5)" },
                "RescalingEmitter: x * scale + offset"),
            new Case("Elementwise", "2, 4", new[]
                {
                    "ReLU", "LeakyReLU(Alpha = 0.2)", "ELU(Alpha = 0.5)", "Activation(Activation.Gelu)",
                    "ReLU(MaxValue = 6, Threshold = 0.5, NegativeSlope = 0.1)", "Softmax", "Activation(Activation.LogSoftmax)",
                },
                "ElementwiseEmitter: every layer kind it handles (ReLU plain and general, LeakyReLU, ELU, Activation element-wise and row-wise, Softmax)"),
            new Case("Merge", "2, 2, 4", new[]
                {
                    "Conv2D(4, 1, Name = \"a\")", "Conv2D(4, 1, Name = \"b\", Inputs = new[] { \"input\" })", "Add(\"a\", \"b\")",
                    "Average(\"a\", \"b\", \"add\")", "GlobalAveragePooling2D(KeepDims = true, Name = \"g\", Inputs = new[] { \"a\" })",
                    "Multiply(\"average\", \"g\")", "Subtract(\"multiply\", \"b\")", "Maximum(\"subtract\", \"a\")",
                    "Dense(1, Name = \"d\", Inputs = new[] { \"maximum\" })", "Minimum(\"maximum\", \"d\")", "ReLU(MaxValue = 6)",
                },
                "MergeEmitter: Add, Average of 3, Multiply broadcast over pixels (rows), Subtract, Maximum, Minimum broadcast on the last axis (loops) with a ReLU(6) folded in; a graph's Run over its planned buffer"),
            new Case("Concatenate", "2, 2, 3", new[] { "Conv2D(2, 1, Name = \"a\")", "Concatenate(\"input\", \"a\")", "Concatenate(\"concatenate\", \"concatenate\", Axis = 1)" },
                "ConcatenateEmitter: along the channels (blocks per pixel) and along the rows (one block per input)"),
            new Case("UpSampling2D", "2, 3, 2", new[] { "UpSampling2D(2, Name = \"n\")", "UpSampling2D(2, 3, Interpolation = Interpolation.Bilinear, Name = \"b\", Inputs = new[] { \"input\" })", "Cropping2D(0, 0, 0, 3, Inputs = new[] { \"b\" })", "Add(\"n\", \"cropping2d\")" },
                "UpSampling2DEmitter: nearest and bilinear (half-pixel centers)"),
            new Case("Conv2DTranspose", "2, 2, 3", new[] { "Conv2DTranspose(4, 3, Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)", "Conv2DTranspose(2, 2, Strides = 3, UseBias = false)" },
                "Conv2DTransposeEmitter: 'same' with padding cut, 'valid' with a kernel smaller than its stride; in a chain"),
            new Case("Permute", "2, 3, 2", new[] { "Permute(2, 1, 3)", "Permute(3, 1, 2)" },
                "PermuteEmitter: rows and columns swapped, channels first"),
            new Case("PReLU", "2, 3, 2", new[] { "PReLU", "PReLU(SharedAxes = new[] { 1, 2 })" },
                "PReluEmitter: an alpha per position (one flat loop), and one per channel (loops, stride 0 on the shared axes)"),
            new Case("Sequence1D", "4, 3", new[] { "ZeroPadding1D(1, 2)", "Cropping1D(2, 0)", "UpSampling1D(3)", "Activation(Activation.HardSwish)" },
                "Edges2DEmitter and UpSampling2DEmitter on sequences: ZeroPadding1D, Cropping1D, UpSampling1D; the hard_silu activation"),
        };

        public static TheoryData<string> GoldenNames
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (Case c in Cases) foreach (Form form in c.Forms) data.Add(GoldenName(c, form));
                return data;
            }
        }

        /// <summary>The golden files of the table, for the whole-set check.</summary>
        [GoldenFiles]
        public static IEnumerable<string> GoldenFiles => Cases.SelectMany(c => c.Forms.Select(f => Goldens.RelativePath(Folder, GoldenName(c, f) + ".g.cs")));

        private const string Folder = "Emitters";

        private static string GoldenName(Case c, Form form) => c.Name + "_" + form;

        /// <summary>
        /// The models of the table in one compilation per language version (each form's golden version, and the versions it
        /// must also compile on: latest holds the unrolled and SIMD forms, C# 7.3 the scalar loops and the unrolled forms
        /// once more), each model in a namespace of its form. One compilation of many small models costs a fraction of one
        /// compilation per model; the generated text of a model depends on its own declaration and the compilation's
        /// language and target only.
        /// </summary>
        private static readonly Dictionary<LanguageVersion, Lazy<Batch>> s_batches = FormSettings
            .SelectMany(f => f.AlsoCompiles.Append(f.Version)).Distinct()
            .ToDictionary(v => v, v => new Lazy<Batch>(() => new Batch(v, FormSettings.Where(f => f.Version == v || f.AlsoCompiles.Contains(v)).Select(f => f.Form).ToArray())));

        private static Batch BatchOf(LanguageVersion version) => s_batches[version].Value;

        private sealed class Batch
        {
            private readonly GeneratorRun _run;
            private readonly Diagnostic[] _warnings;

            public Batch(LanguageVersion version, params Form[] forms)
            {
                var sources = Cases.SelectMany(c => c.Forms.Intersect(forms).Select(f => (ModelPath(c, f), c.Source(f)))).ToList();
                _run = GeneratorHarness.Run(sources, Array.Empty<(string, string)>(), null, version);
                _warnings = _run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).ToArray();
                Unowned = _run.Diagnostics.Where(d => !sources.Any(s => s.Item1 == PathOf(d))).ToArray();
            }

            /// <summary>Generator diagnostics on no model of the batch (there should be none: CNNG901 sits on the model's class).</summary>
            public Diagnostic[] Unowned { get; }

            private static string ModelPath(Case c, Form form) => form + "/" + c.Name + ".cs";

            private static string HintName(Case c, Form form) => $"Golden.{form}.{c.Name}.g.cs";

            public string Source(Case c, Form form)
            {
                Assert.True(_run.Sources.TryGetValue(HintName(c, form), out string? source), $"No generated {HintName(c, form)}; generated: {string.Join(", ", _run.Sources.Keys)}");
                return source!;
            }

            /// <summary>Errors in the model's declaration or generated file, or in no file.</summary>
            public IEnumerable<Diagnostic> Errors(Case c, Form form) => _run.CompileErrors.Where(d => Belongs(d, c, form, declarationToo: true));

            /// <summary>Compiler warnings in the model's generated file.</summary>
            public IEnumerable<Diagnostic> Warnings(Case c, Form form) => _warnings.Where(d => Belongs(d, c, form, declarationToo: false));

            /// <summary>The generator's diagnostics on the model.</summary>
            public IEnumerable<Diagnostic> GeneratorDiagnostics(Case c, Form form) => _run.Diagnostics.Where(d => PathOf(d) == ModelPath(c, form));

            /// <summary>The file of a diagnostic's location ("" for none); the generator's locations are file spans without a syntax tree.</summary>
            private static string PathOf(Diagnostic d) => d.Location.GetLineSpan().Path ?? "";

            private static bool Belongs(Diagnostic d, Case c, Form form, bool declarationToo)
            {
                string path = PathOf(d);
                if (path.Length == 0) return declarationToo;
                return path.EndsWith("/" + HintName(c, form), StringComparison.Ordinal) || path.EndsWith("\\" + HintName(c, form), StringComparison.Ordinal)
                    || (declarationToo && path == ModelPath(c, form));
            }
        }

        [Theory]
        [MemberData(nameof(GoldenNames))]
        public void Emitter_golden(string golden)
        {
            (Case c, Form form) = Cases.SelectMany(x => x.Forms.Select(f => (x, f))).Single(p => GoldenName(p.x, p.f) == golden);
            Batch batch = BatchOf(SettingOf(form).Version);
            Assert.Empty(batch.Errors(c, form));
            Assert.Empty(batch.Warnings(c, form));
            string source = batch.Source(c, form);

            // The form is the one asked for: CNNG901 (info) is reported exactly when the loops are kept, and only the SIMD
            // forms use System.Runtime.Intrinsics.
            Diagnostic[] diagnostics = batch.GeneratorDiagnostics(c, form).ToArray();
            if (!SettingOf(form).Loops)
            {
                Assert.Empty(diagnostics);
            }
            else
            {
                Diagnostic info = Assert.Single(diagnostics);
                Assert.Equal("CNNG901", info.Id);
                Assert.Equal(DiagnosticSeverity.Info, info.Severity);
            }
            Assert.Equal(form == Form.SimdLoops || form == Form.SimdLoopsCSharp10, source.Contains("System.Runtime.Intrinsics", StringComparison.Ordinal));

            Snapshot.Match(Folder, golden + ".g.cs", source);
        }

        [Fact]
        public void Every_generator_diagnostic_is_on_a_model()
        {
            foreach (LanguageVersion version in s_batches.Keys) Assert.Empty(BatchOf(version).Unowned);
        }

        /// <summary>
        /// The forms also compile on their other language versions, with the same diagnostics: the unrolled forms on C# 7.3,
        /// the SIMD forms on C# 8 (the first version with them; without the C# 9 attributes on local functions).
        /// </summary>
        [Fact]
        public void Forms_also_compile_on_their_other_language_versions()
        {
            foreach (FormSetting setting in FormSettings)
            {
                foreach (LanguageVersion version in setting.AlsoCompiles)
                {
                    foreach (Case c in Cases.Where(x => x.Forms.Contains(setting.Form)))
                    {
                        Batch batch = BatchOf(version);
                        Assert.True(!batch.Errors(c, setting.Form).Any(), $"{c.Name} {setting.Form} on {version}: " + string.Join("\n", batch.Errors(c, setting.Form)));
                        Assert.True(!batch.Warnings(c, setting.Form).Any(), $"{c.Name} {setting.Form} on {version}: " + string.Join("\n", batch.Warnings(c, setting.Form)));
                        Assert.Equal(BatchOf(setting.Version).GeneratorDiagnostics(c, setting.Form).Select(d => d.Id), batch.GeneratorDiagnostics(c, setting.Form).Select(d => d.Id));
                        Assert.Equal(version >= LanguageVersion.CSharp8, batch.Source(c, setting.Form).Contains("#nullable enable", StringComparison.Ordinal));
                    }
                }
            }
        }

        [Fact]
        public void Every_emitter_has_a_case()
        {
            // Every layer emitter in the generator (by reflection, so that a new one needs a case here), and the batch and
            // fusion passes, is named at the start of the Covers text of some case.
            string[] layerEmitters = typeof(CnnGen.Generator.CnnGenerator).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && !t.IsInterface && t.GetInterfaces().Any(i => i.Name == "ILayerEmitter"))
                .Select(t => t.Name).ToArray();
            Assert.True(layerEmitters.Length >= 11, "Found only these layer emitters: " + string.Join(", ", layerEmitters));
            foreach (string emitter in layerEmitters.Concat(new[] { "BatchEmitter", "LayerFusion" }))
            {
                Assert.True(Cases.Any(c => c.Covers.StartsWith(emitter, StringComparison.Ordinal)), "No golden case covers " + emitter + ".");
            }
            Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct().Count());
        }
    }
}
