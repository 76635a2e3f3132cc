using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CnnGen
{
    public static partial class WeightReader
    {
        // Bytes read from a resource at a time: the floats are decoded chunk by chunk, so a 100 MB model needs no
        // second 100 MB buffer.
        private const int ResourceChunkBytes = 1 << 16;

        /// <summary>
        /// Reads raw little-endian float32 values in Keras <c>get_weights()</c> order from a manifest resource of
        /// <paramref name="assembly"/>: what the parameterless constructor of a <c>[CnnModel(Weights = ...)]</c> model
        /// calls (the CnnGen build targets embed the file under <paramref name="resourceName"/>).
        /// </summary>
        /// <param name="assembly">The assembly that holds the resource, normally the model's own.</param>
        /// <param name="resourceName">The manifest resource name.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <param name="source">A name for the data in error messages, for example the original file's path.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <exception cref="WeightFileException">The resource is missing or does not hold exactly <c>sum(expected[i].Length) * 4</c> bytes.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadRawResource(Assembly assembly, string resourceName, IReadOnlyList<WeightSpec> expected, string source)
        {
            if (source is null) throw new ArgumentNullException(nameof(source));
            WeightLayout layout = WeightLayout.Create(expected);
            using Stream stream = OpenResource(assembly, resourceName, source);
            long length = stream.Length;
            if (length != (long)layout.TotalLength * sizeof(float))
            {
                throw RawSizeError(source, length, layout);
            }

            var result = new float[layout.TotalLength];
            var chunk = new byte[(int)Math.Min(ResourceChunkBytes, length)];
            int done = 0;
            while (done < result.Length)
            {
                int floats = Math.Min(chunk.Length / sizeof(float), result.Length - done);
                ReadExactly(stream, chunk, floats * sizeof(float), source);
                LittleEndian.CopyFloat32(chunk, result.AsSpan(done, floats));
                done += floats;
            }

            return result;
        }

        /// <summary>
        /// Reads a single-shard TF.js Layers model whose shard is a manifest resource of <paramref name="assembly"/>:
        /// what the parameterless constructor of a <c>[CnnModel(Weights = ...)]</c> model with a TF.js shard calls.
        /// </summary>
        /// <param name="modelJson">The text of <c>model.json</c> (not a path).</param>
        /// <param name="assembly">The assembly that holds the resource, normally the model's own.</param>
        /// <param name="resourceName">The manifest resource name of the shard.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <param name="source">A name for the data in error messages, for example the original file's path.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <remarks>Matching, dtypes and checks are those of <see cref="LoadTfjs(string, IReadOnlyList{WeightSpec})"/>.</remarks>
        /// <exception cref="WeightFileException">The resource is missing or does not hold exactly the bytes the manifest needs, or a tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadTfjsResource(string modelJson, Assembly assembly, string resourceName, IReadOnlyList<WeightSpec> expected, string source)
        {
            if (modelJson is null) throw new ArgumentNullException(nameof(modelJson));
            if (source is null) throw new ArgumentNullException(nameof(source));
            WeightLayout layout = WeightLayout.Create(expected);
            TfjsManifest manifest = TfjsManifest.Parse(modelJson, source);
            TfjsManifest.Entry[] resolved = TfjsWeightDecoder.Resolve(manifest, layout, source);

            using Stream stream = OpenResource(assembly, resourceName, source);
            // Checked against the manifest before anything is allocated: the shard must hold exactly what it needs.
            CheckConcatenatedLength(manifest, stream.Length, source);
            if (stream.Length > int.MaxValue)
            {
                throw new WeightFileException(source, $"the embedded shard holds {stream.Length} bytes; a TF.js shard is read into one array, at most {int.MaxValue} bytes.");
            }

            var bytes = new byte[(int)stream.Length];
            ReadExactly(stream, bytes, bytes.Length, source);
            return TfjsWeightDecoder.Decode(manifest, resolved, layout, bytes);
        }

        private static Stream OpenResource(Assembly assembly, string resourceName, string source)
        {
            if (assembly is null) throw new ArgumentNullException(nameof(assembly));
            if (resourceName is null) throw new ArgumentNullException(nameof(resourceName));
            Stream? stream = assembly.GetManifestResourceStream(resourceName);
            if (stream is null)
            {
                throw new WeightFileException(
                    source,
                    $"the assembly '{assembly.GetName().Name}' has no manifest resource '{resourceName}'. The CnnGen build targets (build/CnnGen.targets, " +
                    "imported by the CnnGen package) embed the Weights file under that name; a project that references CnnGen by ProjectReference must import them.");
            }

            return stream;
        }

        private static void ReadExactly(Stream stream, byte[] buffer, int count, string source)
        {
            int read = StreamReading.ReadUpTo(stream, buffer, 0, count);
            if (read < count) throw new WeightFileException(source, $"the embedded weights end early: {count - read} bytes missing.");
        }
    }
}
