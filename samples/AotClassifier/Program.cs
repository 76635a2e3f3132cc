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
    /// to be published with NativeAOT (see README.md beside this file); it runs the same under the JIT.
    /// </summary>
    internal static class Program
    {
        // Single-image calls timed for the latency figure, after as many untimed ones.
        private const int LatencyCalls = 2000;

        // Images in the untimed batch before the timed one.
        private const int WarmUpImages = 500;

        /// <summary>Runs the sample.</summary>
        /// <param name="args">
        /// None: classify the test set from <c>data/</c> beside the program; a number: only that many of its first images
        /// (for slow machines and emulators). <c>first</c>: one prediction, then exit.
        /// <c>keras-files &lt;folder&gt;</c> (a build with <c>-p:KerasFiles=true</c>): load the four real Keras files of
        /// <c>shared/fixtures/keras-files</c> with <c>LoadKeras</c> and check their outputs.
        /// </param>
        /// <returns>0 when every check passes, 1 when one fails, 2 when a file is missing or malformed.</returns>
        private static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                if (args.Length == 2 && args[0] == "keras-files") return KerasFilesCheck(args[1]);
                if (args.Length == 1 && args[0] == "first") return FirstPrediction();
                int images = args.Length == 1 && int.TryParse(args[0], out int n) && n > 0 ? n : int.MaxValue;
                return Classify(Path.Combine(AppContext.BaseDirectory, "data"), images);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        }

        private static int Classify(string dataFolder, int maxImages)
        {
            long start = Stopwatch.GetTimestamp();
            var model = new FashionCnn();
            TimeSpan load = Stopwatch.GetElapsedTime(start);
            var first = new float[FashionCnn.OutputLength];
            model.Predict(new float[FashionCnn.InputLength], first);
            TimeSpan firstPrediction = Stopwatch.GetElapsedTime(start);

            IdxImages all = IdxReader.ReadImages(Path.Combine(dataFolder, "t10k-images-idx3-ubyte.gz"));
            byte[] labels = IdxReader.ReadLabels(Path.Combine(dataFolder, "t10k-labels-idx1-ubyte.gz"));
            byte[] kerasArgmax = File.ReadAllBytes(Path.Combine(dataFolder, "test-argmax.bin"));
            if (all.Rows * all.Columns != FashionCnn.InputLength || labels.Length != all.Count || kerasArgmax.Length != all.Count)
            {
                throw new InvalidDataException($"expected {FashionCnn.InputHeight}x{FashionCnn.InputWidth} images with one label and one Keras prediction each; " +
                                               $"got {all.Count} images of {all.Rows}x{all.Columns}, {labels.Length} labels, {kerasArgmax.Length} predictions");
            }

            int count = Math.Min(maxImages, all.Count);
            var images = new IdxImages(count, all.Rows, all.Columns, all.Pixels.AsSpan(0, count * all.ImageLength).ToArray());

            // The model's input, as Keras was given it: pixel / 255 in float32 (one channel, so NHWC is file order).
            var inputs = new float[images.Pixels.Length];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = images.Pixels[i] / 255f;
            var outputs = new float[images.Count * FashionCnn.OutputLength];
            // Under the JIT, a first pass compiles the batch code fully optimized; under NativeAOT it changes nothing.
            int warmUp = Math.Min(WarmUpImages, images.Count);
            model.Predict(inputs.AsSpan(0, warmUp * FashionCnn.InputLength), outputs.AsSpan(0, warmUp * FashionCnn.OutputLength), warmUp);
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

            int latencyCalls = Math.Min(LatencyCalls, images.Count);
            double latency = MedianLatencyMicroseconds(model, inputs, latencyCalls);
            string mode = IsNativeAot() ? "NativeAOT" : "JIT";
            Console.WriteLine($"runtime     {mode}; widest hardware vector: {(Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "none")}");
            Console.WriteLine($"first use   weights read in {load.TotalMilliseconds:F1} ms, first prediction done {firstPrediction.TotalMilliseconds:F1} ms after new FashionCnn()");
            Console.WriteLine($"accuracy    {100.0 * correct / images.Count:F2}% ({correct:N0} / {images.Count:N0}); Keras {100.0 * kerasCorrect / images.Count:F2}% ({kerasCorrect:N0}); argmax differs from Keras' on {differing} images");
            Console.WriteLine($"throughput  {images.Count / batch.TotalSeconds:N0} images/s (one batch Predict, one thread)");
            Console.WriteLine($"latency     {latency:F1} µs per image (median of {latencyCalls:N0} single-image Predict calls)");
            bool same = correct == kerasCorrect && differing == 0;
            Console.WriteLine(same ? "OK: same predictions as Keras" : "MISMATCH: the predictions differ from Keras'");
            return same ? 0 : 1;
        }

        /// <summary><c>first</c>: one prediction on a blank image and exit, for timing a whole process from start to answer.</summary>
        private static int FirstPrediction()
        {
            var output = new float[FashionCnn.OutputLength];
            new FashionCnn().Predict(new float[FashionCnn.InputLength], output);
            Console.WriteLine($"class {Argmax(output)}");
            return 0;
        }

        private static int KerasFilesCheck(string folder)
        {
#if CNNGEN_KERAS_FILES
            Console.WriteLine($"LoadKeras on the real Keras files in {folder}:");
            int failures = KerasFiles.Run(folder);
            Console.WriteLine(failures == 0 ? "OK: every file agrees with Keras" : $"MISMATCH: {failures} file(s) disagree");
            return failures == 0 ? 0 : 1;
#else
            Console.Error.WriteLine($"error: built without the Keras files (publish with -p:KerasFiles=true), so it cannot check {folder}");
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

        private static double MedianLatencyMicroseconds(FashionCnn model, float[] inputs, int calls)
        {
            var output = new float[FashionCnn.OutputLength];
            var microseconds = new double[calls];
            int images = inputs.Length / FashionCnn.InputLength;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < calls; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    model.Predict(inputs.AsSpan(i % images * FashionCnn.InputLength, FashionCnn.InputLength), output);
                    microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            Array.Sort(microseconds);
            return calls % 2 == 1 ? microseconds[calls / 2] : (microseconds[calls / 2 - 1] + microseconds[calls / 2]) / 2;
        }
    }
}
