using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Runtime.Intrinsics;
using FashionMnist;

namespace AotClassifier
{
    /// <summary>
    /// Classifies the 10,000 Fashion-MNIST test images with <see cref="FashionCnn"/>, whose weights are in the
    /// assembly, and checks the accuracy against the one Keras measured (its own predictions, test-argmax.bin). Built
    /// to be published with NativeAOT (see README.md); it runs the same under the JIT.
    /// </summary>
    internal static class Program
    {
        // Single-image calls timed for the latency figure, after as many untimed ones.
        private const int LatencyCalls = 2000;

        // Images in the untimed batch before the timed one.
        private const int WarmUpImages = 500;

        /// <summary>Runs the sample.</summary>
        /// <param name="args">
        /// None: classify the test set from <c>data/</c> beside the program. <c>keras-files &lt;folder&gt;</c>: load the
        /// four real Keras files of <c>shared/fixtures/keras-files</c> with <c>LoadKeras</c> and check their outputs.
        /// </param>
        /// <returns>0 when every check passes, 1 when one fails, 2 when a file is missing or malformed.</returns>
        private static int Main(string[] args)
        {
            // Time from process start to here: the runtime's and the program's start-up, before any model work.
            TimeSpan startUp = DateTime.Now - Process.GetCurrentProcess().StartTime;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                if (args.Length == 2 && args[0] == "keras-files") return KerasFilesCheck(args[1]);
                return Classify(Path.Combine(AppContext.BaseDirectory, "data"), startUp);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }

        private static int Classify(string dataFolder, TimeSpan startUp)
        {
            long start = Stopwatch.GetTimestamp();
            var model = new FashionCnn();
            TimeSpan load = Stopwatch.GetElapsedTime(start);
            var first = new float[FashionCnn.OutputLength];
            model.Predict(new float[FashionCnn.InputLength], first);
            TimeSpan firstPrediction = Stopwatch.GetElapsedTime(start);

            IdxImages images = IdxReader.ReadImages(Path.Combine(dataFolder, "t10k-images-idx3-ubyte.gz"));
            byte[] labels = IdxReader.ReadLabels(Path.Combine(dataFolder, "t10k-labels-idx1-ubyte.gz"));
            byte[] kerasArgmax = File.ReadAllBytes(Path.Combine(dataFolder, "test-argmax.bin"));
            if (images.Rows * images.Columns != FashionCnn.InputLength || labels.Length != images.Count || kerasArgmax.Length != images.Count)
            {
                throw new InvalidDataException($"expected {FashionCnn.InputHeight}x{FashionCnn.InputWidth} images with one label and one Keras prediction each; " +
                                               $"got {images.Count} images of {images.Rows}x{images.Columns}, {labels.Length} labels, {kerasArgmax.Length} predictions");
            }

            // The model's input, as Keras was given it: pixel / 255 in float32 (one channel, so NHWC is file order).
            var inputs = new float[images.Pixels.Length];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = images.Pixels[i] / 255f;
            var outputs = new float[images.Count * FashionCnn.OutputLength];
            // Under the JIT, a first pass compiles the batch code fully optimized; under NativeAOT it changes nothing.
            model.Predict(inputs.AsSpan(0, WarmUpImages * FashionCnn.InputLength), outputs.AsSpan(0, WarmUpImages * FashionCnn.OutputLength), WarmUpImages);
            start = Stopwatch.GetTimestamp();
            model.Predict(inputs, outputs, images.Count);
            TimeSpan batch = Stopwatch.GetElapsedTime(start);

            int correct = 0, kerasCorrect = 0, differing = 0;
            for (int i = 0; i < images.Count; i++)
            {
                int predicted = Argmax(outputs.AsSpan(i * FashionCnn.OutputLength, FashionCnn.OutputLength));
                correct += predicted == labels[i] ? 1 : 0;
                kerasCorrect += kerasArgmax[i] == labels[i] ? 1 : 0;
                differing += predicted == kerasArgmax[i] ? 0 : 1;
            }

            double latency = MedianLatencyMicroseconds(model, inputs);
            string mode = IsNativeAot() ? "NativeAOT" : "JIT";
            Console.WriteLine($"runtime     {mode}; widest hardware vector: {(Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "none")}");
            Console.WriteLine($"start-up    {startUp.TotalMilliseconds:F1} ms to Main, weights {load.TotalMilliseconds:F1} ms, first prediction {firstPrediction.TotalMilliseconds:F1} ms after that");
            Console.WriteLine($"accuracy    {100.0 * correct / images.Count:F2}% ({correct:N0} / {images.Count:N0}); Keras {100.0 * kerasCorrect / images.Count:F2}% ({kerasCorrect:N0}); argmax differs from Keras' on {differing} images");
            Console.WriteLine($"throughput  {images.Count / batch.TotalSeconds:N0} images/s (one batch Predict, one thread)");
            Console.WriteLine($"latency     {latency:F1} µs per image (median of {LatencyCalls:N0} single-image Predict calls)");
            bool same = correct == kerasCorrect && differing == 0;
            Console.WriteLine(same ? "OK: same predictions as Keras" : "MISMATCH: the predictions differ from Keras'");
            return same ? 0 : 1;
        }

        private static int KerasFilesCheck(string folder)
        {
#if CNNGEN_KERAS_FILES
            Console.WriteLine($"LoadKeras on the real Keras files in {folder}:");
            int failures = KerasFiles.Run(folder);
            Console.WriteLine(failures == 0 ? "OK: every file agrees with Keras" : $"MISMATCH: {failures} file(s) disagree");
            return failures == 0 ? 0 : 1;
#else
            Console.Error.WriteLine($"error: built without the shared Keras files, so it cannot check {folder}");
            return 2;
#endif
        }

        // A NativeAOT program has no assembly files, so no assembly location: what IL3000 warns of is the answer here.
        [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location is how NativeAOT is told apart from the JIT.")]
        private static bool IsNativeAot() => string.IsNullOrEmpty(typeof(Program).Assembly.Location);

        private static int Argmax(ReadOnlySpan<float> row)
        {
            int best = 0;
            for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
            return best;
        }

        private static double MedianLatencyMicroseconds(FashionCnn model, float[] inputs)
        {
            var output = new float[FashionCnn.OutputLength];
            var microseconds = new double[LatencyCalls];
            int images = inputs.Length / FashionCnn.InputLength;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < LatencyCalls; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    model.Predict(inputs.AsSpan(i % images * FashionCnn.InputLength, FashionCnn.InputLength), output);
                    microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            Array.Sort(microseconds);
            return (microseconds[LatencyCalls / 2 - 1] + microseconds[LatencyCalls / 2]) / 2;
        }
    }
}
