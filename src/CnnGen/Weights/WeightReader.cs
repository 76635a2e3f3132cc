using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace CnnGen
{
    /// <summary>
    /// Reads trained weights for a generated model: TF.js Layers <c>model.json</c> + shards, Keras <c>.h5</c> /
    /// <c>.weights.h5</c> / <c>.keras</c> files, or raw float32.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every method takes the tensors the model expects, in Keras <c>model.get_weights()</c> order (layer by layer,
    /// kernel then bias; BatchNormalization gamma, beta, moving_mean, moving_variance), and returns one fresh flat array
    /// holding them one after the other, each in C order (row-major, last axis fastest), as Keras lays them out.
    /// </para>
    /// <para>
    /// Every file and tensor is checked before the array is returned: a missing file or tensor, a wrong shape or a
    /// file of the wrong size throws <see cref="WeightFileException"/>, whose message names the file and, where it
    /// applies, the tensor and the expected and actual shape or size. A model is never handed half-loaded weights.
    /// </para>
    /// </remarks>
    public static partial class WeightReader
    {
        /// <summary>
        /// Reads a TF.js Layers model: <c>model.json</c> and the <c>.bin</c> shards its <c>weightsManifest</c> lists
        /// (paths relative to the folder of <c>model.json</c>).
        /// </summary>
        /// <param name="modelJsonPath">The <c>model.json</c> file (a bare <c>weights_manifest.json</c> array is accepted too).</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <remarks>
        /// The manifest lists trainable weights first and non-trainable ones (BatchNormalization moving statistics)
        /// last, so tensors are matched by name: the exact name first, else the one manifest name that ends with
        /// <c>"/" + name</c> (Keras 3 and converters may prefix the model name). Shapes must be equal. float32
        /// tensors are read as they are; <c>quantization</c> uint8/uint16 is dequantized as <c>v * scale + min</c> and
        /// float16 widened, as TF.js does. Other dtypes (int32, ...) are an error naming the tensor.
        /// </remarks>
        /// <exception cref="WeightFileException">A file is missing, too short or malformed, or a tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadTfjs(string modelJsonPath, IReadOnlyList<WeightSpec> expected)
        {
            if (modelJsonPath is null) throw new ArgumentNullException(nameof(modelJsonPath));
            WeightLayout layout = WeightLayout.Create(expected);

            string json = Encoding.UTF8.GetString(ReadFile(modelJsonPath, "TF.js model.json"));
            TfjsManifest manifest = TfjsManifest.Parse(json, modelJsonPath);
            TfjsManifest.Entry[] resolved = TfjsWeightDecoder.Resolve(manifest, layout, modelJsonPath);

            string folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath)) ?? ".";
            byte[] shards = ReadShards(manifest, folder, modelJsonPath);
            return TfjsWeightDecoder.Decode(manifest, resolved, layout, shards);
        }

        /// <summary>
        /// Reads a TF.js Layers model already in memory (for example embedded in an assembly): the <c>model.json</c>
        /// text and every shard of its <c>weightsManifest</c> concatenated in manifest order.
        /// </summary>
        /// <param name="modelJson">The text of <c>model.json</c> (not a path).</param>
        /// <param name="concatenatedShards">The shards of every group, one after the other, as TF.js concatenates them.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <param name="source">A name for the data in error messages, for example the resource name.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <remarks>Matching, dtypes and checks are those of <see cref="LoadTfjs(string, IReadOnlyList{WeightSpec})"/>.</remarks>
        /// <exception cref="WeightFileException">The data is too short or malformed, or a tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadTfjs(string modelJson, ReadOnlySpan<byte> concatenatedShards, IReadOnlyList<WeightSpec> expected, string source)
        {
            if (modelJson is null) throw new ArgumentNullException(nameof(modelJson));
            if (source is null) throw new ArgumentNullException(nameof(source));
            WeightLayout layout = WeightLayout.Create(expected);

            TfjsManifest manifest = TfjsManifest.Parse(modelJson, source);
            TfjsManifest.Entry[] resolved = TfjsWeightDecoder.Resolve(manifest, layout, source);
            if (concatenatedShards.Length < manifest.TotalByteLength)
            {
                throw new WeightFileException(
                    source,
                    $"the weight data holds {concatenatedShards.Length} bytes, but the manifest needs {manifest.TotalByteLength} bytes for its {manifest.Entries.Length} tensors.");
            }

            return TfjsWeightDecoder.Decode(manifest, resolved, layout, concatenatedShards);
        }

        /// <summary>
        /// Reads raw little-endian float32 values in Keras <c>get_weights()</c> order, without any header: the file must
        /// hold exactly <c>sum(expected[i].Length) * 4</c> bytes.
        /// </summary>
        /// <param name="path">The raw weight file.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <exception cref="WeightFileException">The file is missing or its size is not the expected one.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadRaw(string path, IReadOnlyList<WeightSpec> expected)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            WeightLayout layout = WeightLayout.Create(expected);

            // The size is checked before reading, so a wrong multi-gigabyte file is not read for nothing.
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new WeightFileException(path, "raw weight file not found.", innerException: new FileNotFoundException(null, path));
            }

            if (info.Length != (long)layout.TotalLength * sizeof(float))
            {
                throw RawSizeError(path, info.Length, layout);
            }

            return LoadRaw(ReadFile(path, "raw weight file"), expected, path);
        }

        /// <summary>
        /// Reads raw little-endian float32 values already in memory (for example weights embedded in an assembly);
        /// the data must hold exactly <c>sum(expected[i].Length) * 4</c> bytes.
        /// </summary>
        /// <param name="bytes">The raw float32 values in Keras <c>get_weights()</c> order.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <param name="source">A name for the data in error messages, for example the resource name.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <exception cref="WeightFileException">The data does not have the expected size.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadRaw(ReadOnlySpan<byte> bytes, IReadOnlyList<WeightSpec> expected, string source)
        {
            if (source is null) throw new ArgumentNullException(nameof(source));
            WeightLayout layout = WeightLayout.Create(expected);
            if (bytes.Length != (long)layout.TotalLength * sizeof(float))
            {
                throw RawSizeError(source, bytes.Length, layout);
            }

            var result = new float[layout.TotalLength];
            LittleEndian.CopyFloat32(bytes, result);
            return result;
        }

        /// <summary>
        /// Reads the weights of a Keras model file: a Keras 2 / legacy <c>.h5</c> (whole model or
        /// <c>save_weights</c>), a Keras 3 <c>.weights.h5</c>, or a Keras 3 <c>.keras</c> archive.
        /// </summary>
        /// <param name="path">The Keras file; its format is told from its content, not its extension.</param>
        /// <param name="expected">The tensors the model expects, in Keras <c>get_weights()</c> order.</param>
        /// <returns>A new array of <c>sum(expected[i].Length)</c> floats.</returns>
        /// <remarks>
        /// <para>
        /// Layers are matched by name when every expected layer name (the part of <see cref="WeightSpec.Name"/> before
        /// the last <c>/</c>) names exactly one layer of the file. Otherwise (Keras numbers default names per session,
        /// so a file may say <c>conv2d_3</c> where the model says <c>conv2d</c>) the layers that own weights are matched
        /// in model order, as Keras' own <c>load_weights</c> does; their number must agree. Within a layer, weights are
        /// matched by name where the file names them (legacy <c>.h5</c>) and by position otherwise (Keras 3
        /// <c>vars/0</c>, <c>vars/1</c>, ...). Every shape is checked.
        /// </para>
        /// <para>
        /// HDF5 is read by CnnGen's own reader (no dependency, trimming and NativeAOT safe, netstandard2.0 too): superblock
        /// versions 0 to 3, old- and new-style groups, contiguous, compact and chunked datasets with the deflate, shuffle
        /// and fletcher32 filters, float16/32/64 values. A damaged file throws <see cref="WeightFileException"/>.
        /// </para>
        /// </remarks>
        /// <exception cref="WeightFileException">The file is missing or not a Keras weight file, or a layer or tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadKeras(string path, IReadOnlyList<WeightSpec> expected)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            WeightLayout layout = WeightLayout.Create(expected);
            return KerasHdf5Reader.Load(path, layout);
        }

        private static WeightFileException RawSizeError(string source, long actualBytes, WeightLayout layout)
        {
            long expectedBytes = (long)layout.TotalLength * sizeof(float);
            return new WeightFileException(
                source,
                $"raw weight data has {actualBytes} bytes, but the model expects {expectedBytes} bytes " +
                $"({layout.TotalLength} float32 values in {layout.Specs.Length} tensors)" +
                (actualBytes % sizeof(float) == 0 ? $"; the data holds {actualBytes / sizeof(float)} float32 values." : "; the size is not even a multiple of 4."));
        }

        /// <summary>Reads a whole file, turning every I/O failure into a <see cref="WeightFileException"/> naming it.</summary>
        internal static byte[] ReadFile(string path, string what)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new WeightFileException(path, what + " not found.", innerException: e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new WeightFileException(path, $"cannot read the {what}: {e.Message}", innerException: e);
            }
        }

        /// <summary>
        /// Reads every group's shards into one buffer laid out as TF.js concatenates them, each group at the offset its
        /// manifest sizes give. Missing shards and shards too short for their group are errors; extra bytes at the
        /// end of a group are ignored, as TF.js slices them away too.
        /// </summary>
        private static byte[] ReadShards(TfjsManifest manifest, string folder, string modelJsonPath)
        {
            if (manifest.TotalByteLength > int.MaxValue)
            {
                throw new WeightFileException(modelJsonPath, $"the manifest describes {manifest.TotalByteLength} bytes of weights, more than one array can hold.");
            }

            var buffer = new byte[manifest.TotalByteLength];
            foreach (TfjsManifest.Group group in manifest.Groups)
            {
                int filled = 0;
                long found = 0;
                var sizes = new StringBuilder();
                string lastShard = modelJsonPath;
                foreach (string relative in group.Paths)
                {
                    string shard = Path.Combine(folder, relative);
                    lastShard = shard;
                    byte[] bytes = ReadFile(shard, $"TF.js weight shard '{relative}' listed in {modelJsonPath}");
                    int take = (int)Math.Min(bytes.Length, group.ByteLength - filled);
                    Buffer.BlockCopy(bytes, 0, buffer, (int)group.ByteOffset + filled, take);
                    filled += take;
                    found += bytes.Length;
                    if (sizes.Length > 0) sizes.Append(", ");
                    sizes.Append('\'').Append(shard).Append("' ").Append(bytes.Length).Append(" bytes");
                }

                if (found < group.ByteLength)
                {
                    string detail = group.Paths.Length == 1
                        ? $"TF.js weight shard is too short: the manifest in {modelJsonPath} needs {group.ByteLength} bytes, the file has {found} bytes."
                        : $"TF.js weight shards of manifest group {group.Index} are too short: the manifest in {modelJsonPath} needs {group.ByteLength} bytes, the shards hold {found} bytes ({sizes}).";
                    throw new WeightFileException(lastShard, detail);
                }
            }

            return buffer;
        }
    }
}
