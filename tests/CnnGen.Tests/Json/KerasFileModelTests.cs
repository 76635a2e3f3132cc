using System;
using System.Collections.Generic;
using System.IO;
using CnnGen.Tests.Infrastructure;
using CnnGen.Tests.Models;
using Xunit;

namespace CnnGen.Tests.Json
{
    /// <summary>
    /// Models declared by the config stored in real Keras files (shared/fixtures/keras-files: tf.keras 2.2.4 .h5,
    /// Keras 3 .h5 and .keras), generated through [CnnModel(Spec = ...)], loaded with the file's own weights
    /// (matched by the layer names the config gives) and run on the fixture inputs.
    /// </summary>
    public class KerasFileModelTests
    {
        private sealed record Case(Func<float[], ICnnModel> Create, IReadOnlyList<WeightSpec> Specs, string WeightFile);

        private static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
        {
            ["tfk2_cifar10_lenet"] = new Case(w => new Cifar10LeNetFromKeras2(w), Cifar10LeNetFromKeras2.WeightSpecs, "model.h5"),
            ["k3_mnist_keras"] = new Case(w => new MnistFromKeras3(w), MnistFromKeras3.WeightSpecs, "model.keras"),
            ["k3_fashion_h5"] = new Case(w => new FashionFromKeras3H5(w), FashionFromKeras3H5.WeightSpecs, "model.h5"),
        };

        public static TheoryData<string> Names => new TheoryData<string>(Cases.Keys);

        internal static string File(string model, string file) => Path.Combine(SharedFiles.Root, "fixtures", "keras-files", model, file);

        [Theory]
        [MemberData(nameof(Names))]
        public void Output_matches_keras_for_every_input(string model)
        {
            Case c = Cases[model];
            ICnnModel m = c.Create(WeightReader.LoadKeras(File(model, c.WeightFile), c.Specs));
            foreach (string suffix in new[] { "", "-uniform" })
            {
                string inputPath = File(model, "input" + suffix + ".bin");
                if (!System.IO.File.Exists(inputPath)) continue;
                float[] input = SharedFiles.ReadFloats(inputPath);
                float[] expected = SharedFiles.ReadFloats(File(model, "output" + suffix + ".bin"));
                int n = input.Length / m.InputLength;
                Assert.Equal(input.Length, n * m.InputLength);
                var actual = new float[n * m.OutputLength];
                m.Predict(input, actual, n);
                Tolerance.AssertAllClose(expected, actual, model + " output" + suffix);
            }
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Parameter_count_equals_keras(string model)
        {
            var meta = SharedFiles.ReadJson(File(model, "params.json"));
            Assert.Equal(meta.GetProperty("totalParams").GetInt32(), Cases[model].Create(new float[TotalOf(Cases[model].Specs)]).ParameterCount);
        }

        private static int TotalOf(IReadOnlyList<WeightSpec> specs)
        {
            int n = 0;
            foreach (WeightSpec s in specs) n += s.Length;
            return n;
        }
    }
}
