#if CNNGEN_KERAS_FILES
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using CnnGen;

namespace AotClassifier
{
    // The four real Keras files of shared/fixtures/keras-files, each declared by the model config stored in it.
    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k2_fashion_bn/keras-config.json")]
    internal partial class FashionBnKeras2 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/tfk2_cifar10_lenet/keras-config.json")]
    internal partial class Cifar10LeNetKeras2 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k3_fashion_h5/keras-config.json")]
    internal partial class FashionKeras3H5 { }

    [CnnModel(Spec = "../../../shared/fixtures/keras-files/k3_mnist_keras/keras-config.json")]
    internal partial class MnistKeras3Archive { }

    /// <summary>
    /// <c>keras-files &lt;folder&gt;</c>: loads each real Keras file with the generated <c>LoadKeras</c> (CnnGen's own
    /// HDF5 reader, so it runs under NativeAOT) and compares the outputs with the expected ones, element by element.
    /// </summary>
    internal static class KerasFiles
    {
        private const double Absolute = 1e-5, Relative = 1e-4;

        public static int Run(string folder)
        {
            var cases = new List<(string Name, string File, Func<string, ICnnModel> Load)>
            {
                ("k2_fashion_bn", "model.h5", p => FashionBnKeras2.LoadKeras(p)),
                ("tfk2_cifar10_lenet", "model.h5", p => Cifar10LeNetKeras2.LoadKeras(p)),
                ("k3_fashion_h5", "model.h5", p => FashionKeras3H5.LoadKeras(p)),
                ("k3_mnist_keras", "model.keras", p => MnistKeras3Archive.LoadKeras(p)),
            };
            int failures = 0;
            foreach (var (name, file, load) in cases)
            {
                string dir = Path.Combine(folder, name);
                ICnnModel model = load(Path.Combine(dir, file));
                float[] input = Floats(Path.Combine(dir, "input.bin"));
                float[] expected = Floats(Path.Combine(dir, "output.bin"));
                int samples = input.Length / model.InputLength;
                var output = new float[samples * model.OutputLength];
                for (int s = 0; s < samples; s++)
                {
                    model.Predict(input.AsSpan(s * model.InputLength, model.InputLength), output.AsSpan(s * model.OutputLength, model.OutputLength));
                }

                int bad = 0;
                double worst = 0;
                for (int i = 0; i < expected.Length; i++)
                {
                    double diff = Math.Abs(output[i] - expected[i]);
                    worst = Math.Max(worst, diff);
                    if (!(diff <= Absolute + Relative * Math.Abs(expected[i]))) bad++;
                }

                Console.WriteLine($"  {name,-20} {file,-12} {samples} samples, max |ours - keras| {worst:E2}, {(bad == 0 ? "OK" : bad + " outside tolerance")}");
                failures += bad == 0 && output.Length == expected.Length ? 0 : 1;
            }

            return failures;
        }

        private static float[] Floats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
    }
}
#endif
