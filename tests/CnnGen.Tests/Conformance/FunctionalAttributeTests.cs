using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using CnnGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CnnGen.Tests.Conformance
{
    /// <summary>
    /// The Keras functional fixtures declared by attributes (Inputs, the merge attributes, [Reuse] for shared layers, the
    /// input's Name), layer by layer in Keras' model.layers order, in every form: the default (the planner's choice), the
    /// SIMD loops, the C# 7.3 scalar loops and the C# 10 SIMD bodies. Each compilation holds the eight models; each model
    /// loads the fixture's model.json weights by name and must give Keras' output and every layer call's output within the
    /// conformance tolerance, and Keras' summary byte for byte.
    /// </summary>
    public class FunctionalAttributeTests
    {
        /// <summary>The attribute declarations, written from each fixture's keras-config.json (one line per layer call).</summary>
        public static readonly IReadOnlyDictionary<string, string[]> Declarations = new Dictionary<string, string[]>
        {
            ["resnet_basic"] = new[]
                {
                    "[Input(32, 32, 3, Name = \"input_1\")]",
                    "[Conv2D(8, 3, Name = \"conv2d\", Strides = 2, Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization\")]",
                    "[ReLU(Name = \"re_lu\")]",
                    "[MaxPooling2D(2, Name = \"max_pooling2d\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_1\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_1\")]",
                    "[ReLU(Name = \"re_lu_1\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_2\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_2\")]",
                    "[Add(\"batch_normalization_2\", \"max_pooling2d\", Name = \"add\")]",
                    "[ReLU(Name = \"re_lu_2\")]",
                    "[Conv2D(16, 3, Name = \"conv2d_3\", Strides = 2, Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_3\")]",
                    "[ReLU(Name = \"re_lu_3\")]",
                    "[Conv2D(16, 3, Name = \"conv2d_4\", Padding = Padding.Same, UseBias = false)]",
                    "[Conv2D(16, 1, Name = \"conv2d_5\", Strides = 2, UseBias = false, Inputs = new[] { \"re_lu_2\" })]",
                    "[BatchNormalization(Name = \"batch_normalization_4\", Inputs = new[] { \"conv2d_4\" })]",
                    "[BatchNormalization(Name = \"batch_normalization_5\", Inputs = new[] { \"conv2d_5\" })]",
                    "[Add(\"batch_normalization_4\", \"batch_normalization_5\", Name = \"add_1\")]",
                    "[ReLU(Name = \"re_lu_4\")]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d\")]",
                    "[Dense(10, Name = \"dense\", Activation = Activation.Softmax)]",
                },
            ["mobilenetv2_blocks"] = new[]
                {
                    "[Input(16, 16, 3, Name = \"input_1\")]",
                    "[Conv2D(8, 3, Name = \"conv2d\", Strides = 2, Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization\")]",
                    "[ReLU(Name = \"re_lu\", MaxValue = 6)]",
                    "[Conv2D(24, 1, Name = \"conv2d_1\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_1\")]",
                    "[ReLU(Name = \"re_lu_1\", MaxValue = 6)]",
                    "[DepthwiseConv2D(3, Name = \"depthwise_conv2d\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_2\")]",
                    "[ReLU(Name = \"re_lu_2\", MaxValue = 6)]",
                    "[Conv2D(8, 1, Name = \"conv2d_2\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_3\")]",
                    "[Add(\"re_lu\", \"batch_normalization_3\", Name = \"add\")]",
                    "[Conv2D(24, 1, Name = \"conv2d_3\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_4\")]",
                    "[ReLU(Name = \"re_lu_3\", MaxValue = 6)]",
                    "[DepthwiseConv2D(3, Name = \"depthwise_conv2d_1\", Strides = 2, Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_5\")]",
                    "[ReLU(Name = \"re_lu_4\", MaxValue = 6)]",
                    "[Conv2D(12, 1, Name = \"conv2d_4\", Padding = Padding.Same, UseBias = false)]",
                    "[BatchNormalization(Name = \"batch_normalization_6\")]",
                    "[Conv2D(24, 1, Name = \"conv2d_5\", Activation = Activation.Relu)]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d\")]",
                    "[Dense(10, Name = \"dense\", Activation = Activation.Softmax)]",
                },
            ["inception_concat"] = new[]
                {
                    "[Input(16, 16, 4, Name = \"input_1\")]",
                    "[Conv2D(3, 1, Name = \"conv2d_1\", Activation = Activation.Relu)]",
                    "[Conv2D(2, 1, Name = \"conv2d_3\", Activation = Activation.Relu, Inputs = new[] { \"input_1\" })]",
                    "[MaxPooling2D(3, Name = \"max_pooling2d\", Strides = 1, Padding = Padding.Same, Inputs = new[] { \"input_1\" })]",
                    "[Conv2D(4, 1, Name = \"conv2d\", Activation = Activation.Relu, Inputs = new[] { \"input_1\" })]",
                    "[Conv2D(6, 3, Name = \"conv2d_2\", Padding = Padding.Same, Activation = Activation.Relu, Inputs = new[] { \"conv2d_1\" })]",
                    "[Conv2D(3, 5, Name = \"conv2d_4\", Padding = Padding.Same, Activation = Activation.Relu, Inputs = new[] { \"conv2d_3\" })]",
                    "[Conv2D(3, 1, Name = \"conv2d_5\", Activation = Activation.Relu, Inputs = new[] { \"max_pooling2d\" })]",
                    "[Concatenate(\"conv2d\", \"conv2d_2\", \"conv2d_4\", \"conv2d_5\", Name = \"concatenate\")]",
                    "[Conv2D(4, 3, Name = \"conv2d_6\", Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[Conv2D(4, 2, Name = \"conv2d_7\", Strides = 2, Activation = Activation.Tanh, Inputs = new[] { \"concatenate\" })]",
                    "[Concatenate(\"conv2d_6\", \"conv2d_7\", Name = \"concatenate_1\", Axis = 1)]",
                    "[MaxPooling2D(2, Name = \"max_pooling2d_1\")]",
                    "[Flatten(Name = \"flatten\")]",
                    "[Dense(10, Name = \"dense\", Activation = Activation.Softmax)]",
                },
            ["squeeze_excite"] = new[]
                {
                    "[Input(24, 24, 3, Name = \"input_1\")]",
                    "[Conv2D(16, 3, Name = \"conv2d\", Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d\")]",
                    "[Reshape(1, 1, 16, Name = \"reshape\")]",
                    "[Dense(4, Name = \"dense\", Activation = Activation.Relu)]",
                    "[Dense(16, Name = \"dense_1\", Activation = Activation.Sigmoid)]",
                    "[Multiply(\"conv2d\", \"dense_1\", Name = \"multiply\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_1\", Activation = Activation.Relu)]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d_1\")]",
                    "[Dense(2, Name = \"dense_2\", Activation = Activation.Relu)]",
                    "[Dense(8, Name = \"dense_3\", Activation = Activation.Sigmoid)]",
                    "[Reshape(1, 1, 8, Name = \"reshape_1\")]",
                    "[Multiply(\"reshape_1\", \"conv2d_1\", Name = \"multiply_1\")]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d_2\")]",
                    "[Dense(10, Name = \"dense_4\", Activation = Activation.Softmax)]",
                },
            ["merge_zoo"] = new[]
                {
                    "[Input(12, 12, 3, Name = \"input_1\")]",
                    "[Conv2D(6, 3, Name = \"conv2d\", Activation = Activation.Relu)]",
                    "[Conv2D(6, 3, Name = \"conv2d_1\", Padding = Padding.Same)]",
                    "[Conv2D(6, 1, Name = \"conv2d_2\", Inputs = new[] { \"conv2d\" })]",
                    "[Conv2D(6, 3, Name = \"conv2d_3\", Padding = Padding.Same, Activation = Activation.Tanh, Inputs = new[] { \"conv2d\" })]",
                    "[Subtract(\"conv2d_1\", \"conv2d_2\", Name = \"subtract\")]",
                    "[Average(\"conv2d_1\", \"conv2d_2\", \"conv2d_3\", Name = \"average\")]",
                    "[Maximum(\"conv2d_1\", \"conv2d_2\", \"conv2d_3\", Name = \"maximum\")]",
                    "[Minimum(\"conv2d_2\", \"conv2d_3\", Name = \"minimum\")]",
                    "[Add(\"subtract\", \"average\", \"maximum\", \"minimum\", Name = \"add\")]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d\")]",
                    "[Dense(10, Name = \"dense\", Activation = Activation.Softmax)]",
                },
            ["unet_tiny"] = new[]
                {
                    "[Input(16, 16, 3, Name = \"input_1\")]",
                    "[Conv2D(6, 3, Name = \"conv2d\", Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[MaxPooling2D(2, Name = \"max_pooling2d\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_1\", Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[MaxPooling2D(2, Name = \"max_pooling2d_1\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_2\", Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[UpSampling2D(2, Name = \"up_sampling2d\")]",
                    "[Concatenate(\"up_sampling2d\", \"conv2d_1\", Name = \"concatenate\")]",
                    "[Conv2D(6, 3, Name = \"conv2d_3\", Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[Conv2DTranspose(6, 3, Name = \"conv2d_transpose\", Strides = 2, Padding = Padding.Same, Activation = Activation.Relu)]",
                    "[Conv2DTranspose(4, 3, Name = \"conv2d_transpose_1\", Strides = 2, Inputs = new[] { \"conv2d_2\" })]",
                    "[Concatenate(\"conv2d_transpose\", \"conv2d\", Name = \"concatenate_1\")]",
                    "[Cropping2D(0, 1, 0, 1, Name = \"cropping2d\", Inputs = new[] { \"conv2d_transpose_1\" })]",
                    "[Conv2D(4, 3, Name = \"conv2d_4\", Padding = Padding.Same, Activation = Activation.Relu, Inputs = new[] { \"concatenate_1\" })]",
                    "[UpSampling2D(2, Name = \"up_sampling2d_1\", Interpolation = Interpolation.Bilinear, Inputs = new[] { \"cropping2d\" })]",
                    "[Add(\"conv2d_4\", \"up_sampling2d_1\", Name = \"add\")]",
                    "[Conv2D(3, 1, Name = \"conv2d_5\", Activation = Activation.Softmax)]",
                },
            ["shared_layer"] = new[]
                {
                    "[Input(16, 16, 2, Name = \"input_1\")]",
                    "[MaxPooling2D(3, Name = \"max_pooling2d\", Strides = 1, Padding = Padding.Same)]",
                    "[Conv2D(4, 3, Name = \"conv2d\", Padding = Padding.Same, Activation = Activation.Relu, Inputs = new[] { \"input_1\" })]",
                    "[Conv2D(4, 1, Name = \"conv2d_1\", Inputs = new[] { \"max_pooling2d\" })]",
                    "[Conv2D(5, 3, Name = \"conv2d_2\", Strides = 2, Padding = Padding.Same, Activation = Activation.Relu, Inputs = new[] { \"conv2d\" })]",
                    "[Reuse(\"conv2d_2\", \"conv2d_1\")]",
                    "[Concatenate(\"conv2d_2\", \"conv2d_2:1\", Name = \"concatenate\")]",
                    "[GlobalAveragePooling2D(Name = \"global_average_pooling2d\")]",
                    "[GlobalMaxPooling2D(Name = \"global_max_pooling2d\", Inputs = new[] { \"concatenate\" })]",
                    "[Dense(6, Name = \"dense\", Activation = Activation.Tanh, Inputs = new[] { \"global_average_pooling2d\" })]",
                    "[Reuse(\"dense\", \"global_max_pooling2d\")]",
                    "[Subtract(\"dense\", \"dense:1\", Name = \"subtract\")]",
                    "[Dense(4, Name = \"dense_1\", Activation = Activation.Softmax)]",
                },
            ["plain_chain"] = new[]
                {
                    "[Input(20, 20, 1, Name = \"input_1\")]",
                    "[Conv2D(6, 3, Name = \"conv2d\")]",
                    "[BatchNormalization(Name = \"batch_normalization\")]",
                    "[ReLU(Name = \"re_lu\")]",
                    "[MaxPooling2D(2, Name = \"max_pooling2d\")]",
                    "[Conv2D(8, 3, Name = \"conv2d_1\", Strides = 2, Activation = Activation.Relu)]",
                    "[Flatten(Name = \"flatten\")]",
                    "[Dense(16, Name = \"dense\", Activation = Activation.Relu)]",
                    "[Dense(10, Name = \"dense_1\", Activation = Activation.Softmax)]",
                },
        };

        /// <summary>The forms: the budget attribute and the language version.</summary>
        public static readonly IReadOnlyDictionary<string, (string Model, LanguageVersion Version)> Forms = new Dictionary<string, (string, LanguageVersion)>
        {
            ["default"] = ("[CnnModel(Name = \"model\")]", LanguageVersion.Latest),
            ["simd"] = ("[CnnModel(Name = \"model\", UnrollBudget = 0)]", LanguageVersion.Latest),
            ["csharp7_3"] = ("[CnnModel(Name = \"model\", UnrollBudget = 0)]", LanguageVersion.CSharp7_3),
            ["csharp10"] = ("[CnnModel(Name = \"model\", UnrollBudget = 0)]", LanguageVersion.CSharp10),
        };

        public static TheoryData<string, string> Cases
        {
            get
            {
                var data = new TheoryData<string, string>();
                foreach (string form in Forms.Keys) foreach (string model in Declarations.Keys) data.Add(form, model);
                return data;
            }
        }

        private static readonly Dictionary<string, Lazy<(GeneratorRun Run, Assembly Assembly)>> s_runs =
            Forms.Keys.ToDictionary(f => f, f => new Lazy<(GeneratorRun, Assembly)>(() => Load(Compile(f))));

        private static (GeneratorRun, Assembly) Load(GeneratorRun run)
        {
            using var stream = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = run.Output.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            return (run, Assembly.Load(stream.ToArray()));
        }

        private static GeneratorRun Compile(string form)
        {
            var (model, version) = Forms[form];
            string source = "using CnnGen;\nnamespace Functional\n{\n" + string.Concat(Declarations.Select(d =>
                "    " + model + "\n" + string.Concat(d.Value.Select(l => "    " + l + "\n")) + "    public partial class " + ClassName(d.Key) + " { }\n\n")) + "}\n";
            GeneratorRun run = GeneratorHarness.Run(source, version);
            Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(run.CompileErrors);
            return run;
        }

        private static string ClassName(string model) => string.Concat(model.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));

        [Theory]
        [MemberData(nameof(Cases))]
        public void Attribute_declared_graph_equals_keras(string form, string model)
        {
            var (run, assembly) = s_runs[form].Value;
            Type type = assembly.GetType("Functional." + ClassName(model))!;
            var m = (ICnnModel)type.GetMethod("LoadTfjs")!.Invoke(null, new object[] { FunctionalFixtureTests.Path(model, "model.json") })!;
            string what = $"{model} by attributes ({form})";
            FunctionalFixtureTests.AssertOutputMatches(m, model, what);
            string summary = File.ReadAllText(FunctionalFixtureTests.Path(model, "summary-tf2.txt"));
            Assert.Equal(summary.Substring(0, summary.Length - 1), m.Summary);
            if (form == "csharp7_3") Assert.DoesNotContain("Vector512", run.Sources.Single(k => k.Key.Contains("." + ClassName(model) + ".")).Value);
            FunctionalFixtureTests.AssertEveryLayerMatches(m, model, what);
        }
    }
}
