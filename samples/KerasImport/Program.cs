using System;
using System.Globalization;
using System.IO;
using CnnGen;
using FashionMnist;

namespace KerasImport
{
    /// <summary>
    /// Runs the Keras-imported model on the 10,000 Fashion-MNIST test images and compares every probability with the
    /// ones Keras computed (test-predictions.bin) and every argmax with Keras' (test-argmax.bin).
    /// </summary>
    internal static class Program
    {
        // Tolerance of one probability: |ours - keras| <= Absolute + Relative * |keras|.
        private const double Absolute = 1e-5;
        private const double Relative = 1e-4;

        /// <summary>Runs the sample.</summary>
        /// <param name="args">Optional: the data folder (default: <c>data</c> beside the program).</param>
        /// <returns>0 when both variants agree with Keras, 1 when they do not, 2 when a file is missing or malformed.</returns>
        private static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            string data = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data");
            try
            {
                return Run(data);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or WeightFileException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }

        private static int Run(string data)
        {
            Console.WriteLine(KerasCnn.Summary);
            Console.WriteLine();

            IdxImages images = IdxReader.ReadImages(Path.Combine(data, "t10k-images-idx3-ubyte.gz"));
            int count = images.Count;
            int classes = KerasCnn.OutputLength;
            float[] keras = ReadFloats(Path.Combine(data, "test-predictions.bin"), count * classes);
            byte[] kerasArgmax = File.ReadAllBytes(Path.Combine(data, "test-argmax.bin"));
            if (kerasArgmax.Length != count) throw new InvalidDataException($"test-argmax.bin holds {kerasArgmax.Length} labels, expected {count}.");

            var inputs = new float[images.Pixels.Length];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = images.Pixels[i] / 255f;

            // From the files at run time, and from the weights embedded at compile time: both must agree with Keras.
            var fromFiles = KerasCnn.LoadTfjs(Path.Combine(data, "model.json"));
            var outputs = new float[count * classes];
            fromFiles.Predict(inputs, outputs, count);
            bool ok = Compare("LoadTfjs(model.json)", outputs, keras, kerasArgmax, count, classes);

            var embedded = new EmbeddedKerasCnn();
            var embeddedOutputs = new float[count * classes];
            embedded.Predict(inputs, embeddedOutputs, count);
            ok &= Compare("new EmbeddedKerasCnn() (embedded weights)", embeddedOutputs, keras, kerasArgmax, count, classes);
            bool identical = outputs.AsSpan().SequenceEqual(embeddedOutputs);
            Console.WriteLine($"embedded vs file-loaded outputs bit-identical: {identical}");
            ok &= identical;

            Console.WriteLine(ok ? "OK: the generated model agrees with Keras." : "FAIL: the generated model disagrees with Keras.");
            return ok ? 0 : 1;
        }

        private static bool Compare(string label, float[] ours, float[] keras, byte[] kerasArgmax, int count, int classes)
        {
            double maxAbs = 0;
            int within = 0, argmaxEqual = 0, tiesExcused = 0, argmaxDiffer = 0;
            for (int i = 0; i < count; i++)
            {
                int best = 0;
                for (int c = 0; c < classes; c++)
                {
                    double a = ours[i * classes + c], b = keras[i * classes + c];
                    double diff = Math.Abs(a - b);
                    maxAbs = Math.Max(maxAbs, diff);
                    if (diff <= Absolute + Relative * Math.Abs(b)) within++;
                    if (ours[i * classes + c] > ours[i * classes + best]) best = c;
                }
                if (best == kerasArgmax[i])
                {
                    argmaxEqual++;
                }
                else if (TopTwoTied(keras, i, classes))
                {
                    tiesExcused++;
                }
                else
                {
                    argmaxDiffer++;
                }
            }
            int total = count * classes;
            Console.WriteLine($"{label}:");
            Console.WriteLine($"  max |ours - keras|       {maxAbs:E3}");
            Console.WriteLine($"  within tolerance         {within:N0} / {total:N0} probabilities (|a-b| <= {Absolute:0e0} + {Relative:0e0}*|b|)");
            Console.WriteLine($"  argmax equal to Keras    {argmaxEqual:N0} / {count:N0}");
            Console.WriteLine($"  ties excused             {tiesExcused:N0} (Keras' top two closer than the tolerance)");
            return within == total && argmaxDiffer == 0;
        }

        /// <summary>Whether Keras' two highest probabilities of sample <paramref name="i"/> are within the tolerance of each other.</summary>
        private static bool TopTwoTied(float[] keras, int i, int classes)
        {
            double first = double.NegativeInfinity, second = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double v = keras[i * classes + c];
                if (v > first) { second = first; first = v; }
                else if (v > second) second = v;
            }
            return first - second <= Absolute + Relative * Math.Abs(first);
        }

        private static float[] ReadFloats(string path, int expected)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length != expected * sizeof(float))
                throw new InvalidDataException($"{Path.GetFileName(path)} holds {bytes.Length} bytes, expected {expected * sizeof(float)} ({expected} float32).");
            var values = new float[expected];
            for (int i = 0; i < expected; i++) values[i] = BitConverter.ToSingle(bytes, i * sizeof(float));
            return values;
        }
    }
}
