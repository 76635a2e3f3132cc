using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace FashionMnist
{
    /// <summary>
    /// Classifies the Fashion-MNIST test split with <see cref="FashionCnn"/> and the weights Keras trained, checks the
    /// accuracy against the one Keras measured, times the generated code and draws a few test images.
    /// </summary>
    internal static class Program
    {
        // Images drawn at the end: the first few of the test split, plus the first one the model gets wrong.
        private const int FirstImagesShown = 3;

        // Images in the warm-up pass; far more calls than the JIT needs before it optimises the generated code.
        private const int WarmUpImages = 500;

        // Single-image calls timed for the latency figure; enough for a stable median, few enough to stay quick.
        private const int LatencyCalls = 500;

        /// <summary>Runs the sample.</summary>
        /// <param name="args">Optional: the folder holding the model and the test data (default: <c>data</c> beside the program).</param>
        /// <returns>0 when the accuracy equals Keras', 1 when it differs, 2 when a file is missing or malformed.</returns>
        private static int Main(string[] args)
        {
            // Numbers print the same on every machine, whatever its locale; UTF-8 so that "µs" survives a Windows console.
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Console.OutputEncoding = Encoding.UTF8;
            string dataFolder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data");
            try
            {
                return Run(dataFolder);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
            {
                // Bad or missing data is the user's to fix, so a clear message rather than a stack trace.
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }

        private static int Run(string dataFolder)
        {
            Console.WriteLine(FashionCnn.Summary);
            Console.WriteLine();

            long start = Stopwatch.GetTimestamp();
            FashionCnn model = FashionCnn.LoadTfjs(Path.Combine(dataFolder, "model.json"));
            Console.WriteLine($"Weights:  {FashionCnn.ParameterCount:N0} floats from model.json + weights.bin in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:F0} ms");

            IdxImages images = IdxReader.ReadImages(Path.Combine(dataFolder, "t10k-images-idx3-ubyte.gz"));
            byte[] labels = IdxReader.ReadLabels(Path.Combine(dataFolder, "t10k-labels-idx1-ubyte.gz"));
            CheckTestSet(images, labels);
            // Read before the long run, so that a missing or broken reference fails at once.
            KerasResult keras = KerasResult.Load(dataFolder, labels);
            float[] inputs = ToModelInput(images);
            int count = images.Count;
            Console.WriteLine($"Test set: {count:N0} images of {images.Rows}x{images.Columns}, labels 0..{FashionCnn.OutputLength - 1}");
            Console.WriteLine();

            // An untimed warm-up pass first, so that the timed one measures fully optimised code: the JIT starts every
            // method unoptimised and recompiles it once it has been called a few dozen times, so a slice will do.
            var outputs = new float[count * FashionCnn.OutputLength];
            int warmUp = Math.Min(WarmUpImages, count);
            model.Predict(inputs.AsSpan(0, warmUp * FashionCnn.InputLength), outputs.AsSpan(0, warmUp * FashionCnn.OutputLength), warmUp);
            start = Stopwatch.GetTimestamp();
            model.Predict(inputs, outputs, count);
            TimeSpan batchTime = Stopwatch.GetElapsedTime(start);
            int latencyCalls = Math.Min(LatencyCalls, count);
            double medianMicroseconds = MedianLatencyMicroseconds(model, inputs, latencyCalls);

            int[] predicted = Argmax(outputs, count);
            int correct = 0;
            for (int i = 0; i < count; i++) correct += predicted[i] == labels[i] ? 1 : 0;

            bool same = correct == keras.Correct && (keras.Argmax is null || correct == keras.ArgmaxCorrect);

            Console.WriteLine($"accuracy {Percent(correct, count)} (Keras: {keras.Accuracy * 100:F2}%)  {correct:N0} / {count:N0} correct (Keras: {keras.Correct:N0} / {keras.Images:N0})");
            if (keras.Argmax is not null)
            {
                int differing = 0;
                for (int i = 0; i < count; i++) differing += predicted[i] == keras.Argmax[i] ? 0 : 1;
                Console.WriteLine($"Keras' own predictions (test-argmax.bin): {keras.ArgmaxCorrect:N0} correct; ours differ on {differing:N0} of {count:N0} images");
            }

            Console.WriteLine(same ? "same accuracy as Keras" : "MISMATCH: the accuracy differs from Keras'");
            Console.WriteLine();
            Console.WriteLine($"throughput {count / batchTime.TotalSeconds:N0} images/s  (batch Predict of {count:N0} images in {batchTime.TotalSeconds:F2} s, one thread)");
            Console.WriteLine($"latency    {medianMicroseconds:F1} µs per image  (median of {latencyCalls:N0} single-image Predict calls)");
            Console.WriteLine();

            ShowImages(images, labels, predicted, outputs);
            return same ? 0 : 1;
        }

        private static void CheckTestSet(IdxImages images, byte[] labels)
        {
            if (images.Rows != FashionCnn.InputHeight || images.Columns != FashionCnn.InputWidth)
            {
                throw new InvalidDataException($"The model takes {FashionCnn.InputHeight}x{FashionCnn.InputWidth} images; the test images are {images.Rows}x{images.Columns}.");
            }

            if (labels.Length != images.Count)
            {
                throw new InvalidDataException($"{images.Count} test images but {labels.Length} labels.");
            }

            int bad = Array.FindIndex(labels, label => label >= FashionCnn.OutputLength);
            if (bad >= 0) throw new InvalidDataException($"Label {labels[bad]} of image {bad} is not a class (0..{FashionCnn.OutputLength - 1}).");
        }

        /// <summary>The model's input, as Keras was given it: pixel / 255 in float32, NHWC with one channel.</summary>
        private static float[] ToModelInput(IdxImages images)
        {
            // With one channel, NHWC is simply the pixels in file order.
            var inputs = new float[images.Pixels.Length];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = images.Pixels[i] / 255f;
            return inputs;
        }

        private static double MedianLatencyMicroseconds(FashionCnn model, float[] inputs, int calls)
        {
            var output = new float[FashionCnn.OutputLength];
            var microseconds = new double[calls];
            for (int i = 0; i < calls; i++)
            {
                long start = Stopwatch.GetTimestamp();
                model.Predict(inputs.AsSpan(i * FashionCnn.InputLength, FashionCnn.InputLength), output);
                microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            // The median, because a single GC or scheduler hiccup would move a mean.
            Array.Sort(microseconds);
            return calls % 2 == 1 ? microseconds[calls / 2] : (microseconds[calls / 2 - 1] + microseconds[calls / 2]) / 2;
        }

        /// <summary>The class of each output row; the first one wins a tie, as in Keras' argmax.</summary>
        private static int[] Argmax(float[] outputs, int count)
        {
            var classes = new int[count];
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = outputs.AsSpan(i * FashionCnn.OutputLength, FashionCnn.OutputLength);
                int best = 0;
                for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
                classes[i] = best;
            }

            return classes;
        }

        private static void ShowImages(IdxImages images, byte[] labels, int[] predicted, float[] outputs)
        {
            var shown = new List<int>();
            for (int i = 0; i < Math.Min(FirstImagesShown, images.Count); i++) shown.Add(i);
            for (int i = FirstImagesShown; i < images.Count; i++)
            {
                if (predicted[i] != labels[i])
                {
                    shown.Add(i);
                    break;
                }
            }

            // Two per row keeps the lines under 120 characters.
            for (int first = 0; first < shown.Count; first += 2)
            {
                var blocks = new List<IReadOnlyList<string>>();
                for (int k = first; k < Math.Min(first + 2, shown.Count); k++) blocks.Add(Picture(shown[k], images, labels, predicted, outputs));
                foreach (string line in TextArt.SideBySide(blocks)) Console.WriteLine(line);
                Console.WriteLine();
            }
        }

        private static IReadOnlyList<string> Picture(int index, IdxImages images, byte[] labels, int[] predicted, float[] outputs)
        {
            int guess = predicted[index];
            float probability = outputs[index * FashionCnn.OutputLength + guess];
            var lines = new List<string>
            {
                $"test image {index}: {FashionCnn.ClassNames[labels[index]]}",
                $"predicted {FashionCnn.ClassNames[guess]} ({probability * 100:F1}%){(guess == labels[index] ? "" : "  WRONG")}",
            };
            lines.AddRange(TextArt.Render(images.Image(index), images.Rows, images.Columns));
            return lines;
        }

        private static string Percent(int part, int whole) => $"{100.0 * part / whole:F2}%";

        /// <summary>What Keras measured on the same test split: from <c>meta.json</c> and, if present, <c>test-argmax.bin</c>.</summary>
        private sealed record KerasResult(double Accuracy, int Correct, int Images, byte[]? Argmax, int ArgmaxCorrect)
        {
            public static KerasResult Load(string dataFolder, byte[] labels)
            {
                string metaPath = Path.Combine(dataFolder, "meta.json");
                using JsonDocument meta = JsonDocument.Parse(File.ReadAllBytes(metaPath));
                JsonElement root = meta.RootElement;
                double accuracy = Number(root, "testAccuracy", metaPath).GetDouble();
                int correct = Number(root, "testCorrect", metaPath).GetInt32();
                int images = Number(root, "testImages", metaPath).GetInt32();
                if (images != labels.Length)
                {
                    throw new InvalidDataException($"{metaPath}: Keras was evaluated on {images} images, the test split here has {labels.Length}.");
                }

                // Keras' per-image predictions give a second, independent count: evaluate()'s accuracy is a float32 mean.
                string argmaxPath = Path.Combine(dataFolder, "test-argmax.bin");
                if (!File.Exists(argmaxPath)) return new KerasResult(accuracy, correct, images, null, 0);
                byte[] argmax = File.ReadAllBytes(argmaxPath);
                if (argmax.Length != labels.Length)
                {
                    throw new InvalidDataException($"{argmaxPath}: {argmax.Length} predictions for {labels.Length} test images.");
                }

                int argmaxCorrect = 0;
                for (int i = 0; i < labels.Length; i++) argmaxCorrect += argmax[i] == labels[i] ? 1 : 0;
                return new KerasResult(accuracy, correct, images, argmax, argmaxCorrect);
            }

            private static JsonElement Number(JsonElement root, string name, string path) =>
                root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
                    ? value
                    : throw new InvalidDataException($"{path}: no number \"{name}\".");
        }
    }
}
