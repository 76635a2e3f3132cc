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
        /// <para>
        /// The files are treated as untrusted: every shard path must name a file in the folder of <c>model.json</c> or
        /// below it (rooted paths and <c>..</c> are refused), each group's shards must hold exactly the bytes its tensors
        /// take, and every size is checked before anything is read or allocated.
        /// </para>
        /// </remarks>
        /// <exception cref="WeightFileException">A file is missing, of the wrong size, outside the model's folder or malformed, or a tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadTfjs(string modelJsonPath, IReadOnlyList<WeightSpec> expected)
        {
            if (modelJsonPath is null) throw new ArgumentNullException(nameof(modelJsonPath));
            WeightLayout layout = WeightLayout.Create(expected);

            string json = Encoding.UTF8.GetString(ReadFile(modelJsonPath, "TF.js model.json", MaxModelJsonBytes));
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
        /// <exception cref="WeightFileException">The data does not hold exactly the bytes the manifest needs, the manifest is malformed, or a tensor is missing or does not fit.</exception>
        /// <exception cref="ArgumentException"><paramref name="expected"/> holds null or a name twice.</exception>
        public static float[] LoadTfjs(string modelJson, ReadOnlySpan<byte> concatenatedShards, IReadOnlyList<WeightSpec> expected, string source)
        {
            if (modelJson is null) throw new ArgumentNullException(nameof(modelJson));
            if (source is null) throw new ArgumentNullException(nameof(source));
            WeightLayout layout = WeightLayout.Create(expected);

            TfjsManifest manifest = TfjsManifest.Parse(modelJson, source);
            TfjsManifest.Entry[] resolved = TfjsWeightDecoder.Resolve(manifest, layout, source);
            CheckConcatenatedLength(manifest, concatenatedShards.Length, source);
            return TfjsWeightDecoder.Decode(manifest, resolved, layout, concatenatedShards);
        }

        /// <summary>
        /// The shards must hold exactly what the manifest's tensors take, as TF.js writes them: extra bytes mean the
        /// manifest and the data disagree (a wrong dtype or quantization entry, or another model's shard).
        /// </summary>
        private static void CheckConcatenatedLength(TfjsManifest manifest, long actualBytes, string source)
        {
            if (actualBytes != manifest.TotalByteLength)
            {
                throw new WeightFileException(
                    source,
                    $"the weight data holds {actualBytes} bytes, but the manifest needs {manifest.TotalByteLength} bytes for its {manifest.Entries.Length} tensors" +
                    (actualBytes < manifest.TotalByteLength ? "." : "; the data is longer than its manifest says."));
            }
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
            long length = FileLength(path, "raw weight file");
            if (length != (long)layout.TotalLength * sizeof(float))
            {
                throw RawSizeError(path, length, layout);
            }

            // Read up to the size just checked, never further (a device or a growing file cannot make it read on).
            var bytes = new byte[length];
            if (length > 0) ReadFilePrefix(path, "raw weight file", bytes, 0, bytes.Length);
            return LoadRaw(bytes, expected, path);
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

        /// <summary>The largest <c>model.json</c> read: TF.js writes a few kilobytes to megabytes of topology and manifest.</summary>
        private const long MaxModelJsonBytes = 64L << 20;

        /// <summary>
        /// Reads a whole regular file of at most <paramref name="maxBytes"/> bytes, turning every I/O failure into a
        /// <see cref="WeightFileException"/> naming it. The size is taken from the file system before anything is
        /// read, and reading stops there, so a device, a pipe or a growing file cannot make it read without end.
        /// </summary>
        internal static byte[] ReadFile(string path, string what, long maxBytes)
        {
            long length = FileLength(path, what);
            if (length > maxBytes)
            {
                throw new WeightFileException(path, $"the {what} has {length} bytes, more than the {maxBytes} bytes CnnGen reads.");
            }

            if (length == 0)
            {
                // Devices and pipes report 0 bytes too; they are not opened.
                throw new WeightFileException(path, $"the {what} is empty (0 bytes), or not a regular file.");
            }

            var bytes = new byte[length];
            ReadFilePrefix(path, what, bytes, 0, bytes.Length);
            return bytes;
        }

        /// <summary>The size of a regular file, from the file system; a missing file or a folder is a <see cref="WeightFileException"/>.</summary>
        internal static long FileLength(string path, string what)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Exists)
                {
                    // A symbolic link reports its own size; the size that counts is that of the file it leads to.
                    if ((info.Attributes & FileAttributes.ReparsePoint) != 0) return LinkedFileLength(info, path, what);
                    return info.Length;
                }

                if (Directory.Exists(path)) throw new WeightFileException(path, $"the {what} is a folder, not a file.");
            }
            catch (Exception e) when (e is IOException && e is not WeightFileException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new WeightFileException(path, $"cannot read the {what}: {e.Message}", innerException: e);
            }

            throw new WeightFileException(path, what + " not found.", innerException: new FileNotFoundException(null, path));
        }

        /// <summary>The size of the file a symbolic link leads to (0, so never opened, for a link to a device or pipe).</summary>
        private static long LinkedFileLength(FileInfo link, string path, string what)
        {
#if NET
            FileSystemInfo? target = link.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null) return link.Length; // another kind of reparse point (Windows), not a link
            if (target is FileInfo file && file.Exists) return file.Length;
            throw new WeightFileException(path, $"the {what} is a link to '{target.FullName}', which is not an existing file.");
#else
            // netstandard2.0 cannot resolve links: measure the opened file instead.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (!stream.CanSeek) throw new WeightFileException(path, $"the {what} is not a regular file.");
            return stream.Length;
#endif
        }

        /// <summary>
        /// Reads exactly <paramref name="count"/> bytes from the start of a file into <paramref name="buffer"/>, never
        /// more: a file that turns out shorter (it shrank) or that cannot seek (not a regular file) is an error.
        /// </summary>
        private static void ReadFilePrefix(string path, string what, byte[] buffer, int offset, int count)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                if (!stream.CanSeek)
                {
                    throw new WeightFileException(path, $"the {what} is not a regular file.");
                }

                if (stream.Length != count)
                {
                    throw new WeightFileException(path, $"the {what} has {stream.Length} bytes now, but it had {count} bytes when its size was checked.");
                }

                int read = StreamReading.ReadUpTo(stream, buffer, offset, count);
                if (read < count)
                {
                    throw new WeightFileException(path, $"the {what} ended after {read} bytes, but it had {count} bytes when its size was checked.");
                }
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                throw new WeightFileException(path, what + " not found.", innerException: e);
            }
            catch (Exception e) when (e is IOException && e is not WeightFileException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new WeightFileException(path, $"cannot read the {what}: {e.Message}", innerException: e);
            }
        }

        /// <summary>
        /// Where a shard listed in the manifest is: inside the folder of <c>model.json</c>, or an error. Rooted paths
        /// and <c>..</c> segments are refused outright; what remains must still resolve (after
        /// <see cref="Path.GetFullPath(string)"/>) to a file below the folder.
        /// </summary>
        private static string ResolveShard(string folder, string relative, int group, string modelJsonPath)
        {
            string refused = $"weightsManifest[{group}].paths lists '{relative}'; a TF.js shard must be a file in the folder of model.json (or below it)";
            if (relative.IndexOf('\0') >= 0 || Path.IsPathRooted(relative) || relative.IndexOf(':') >= 0)
            {
                throw new WeightFileException(modelJsonPath, refused + ", not a rooted path.");
            }

            foreach (string segment in relative.Split('/', '\\'))
            {
                if (segment == "..") throw new WeightFileException(modelJsonPath, refused + ", without '..'.");
            }

            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(folder, relative));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                throw new WeightFileException(modelJsonPath, refused + ": " + e.Message, innerException: e);
            }

            string root = folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
            StringComparison comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!full.StartsWith(root, comparison) || full.Length == root.Length)
            {
                throw new WeightFileException(modelJsonPath, refused + $"; it resolves to '{full}'.");
            }

            return full;
        }

        /// <summary>
        /// Reads every group's shards into one buffer laid out as TF.js concatenates them, each group at the offset its
        /// manifest sizes give. Every shard path is checked and every shard's size taken before anything is read or
        /// allocated: each group's shards must hold exactly the bytes its tensors take (TF.js writes them so), and
        /// each shard is then read up to the size it had, never further.
        /// </summary>
        private static byte[] ReadShards(TfjsManifest manifest, string folder, string modelJsonPath)
        {
            var shards = new (string Path, string Relative, long Length)[manifest.Groups.Length][];
            foreach (TfjsManifest.Group group in manifest.Groups)
            {
                var files = new (string Path, string Relative, long Length)[group.Paths.Length];
                long found = 0;
                for (int i = 0; i < files.Length; i++)
                {
                    string relative = group.Paths[i];
                    string shard = ResolveShard(folder, relative, group.Index, modelJsonPath);
                    long length = FileLength(shard, $"TF.js weight shard '{relative}' listed in {modelJsonPath}");
                    files[i] = (shard, relative, length);
                    found = length > long.MaxValue - found ? long.MaxValue : found + length;
                }

                if (found != group.ByteLength)
                {
                    throw ShardSizeError(group, files, found, modelJsonPath);
                }

                shards[group.Index] = files;
            }

            if (manifest.TotalByteLength > int.MaxValue)
            {
                throw new WeightFileException(modelJsonPath, $"the manifest describes {manifest.TotalByteLength} bytes of weights, more than one array can hold.");
            }

            var buffer = new byte[manifest.TotalByteLength];
            foreach (TfjsManifest.Group group in manifest.Groups)
            {
                long offset = group.ByteOffset;
                foreach ((string shard, string relative, long length) in shards[group.Index])
                {
                    // A 0-byte shard is not opened: devices and pipes report 0 bytes too.
                    if (length == 0) continue;
                    ReadFilePrefix(shard, $"TF.js weight shard '{relative}' listed in {modelJsonPath}", buffer, (int)offset, (int)length);
                    offset += length;
                }
            }

            return buffer;
        }

        private static WeightFileException ShardSizeError(TfjsManifest.Group group, (string Path, string Relative, long Length)[] files, long found, string modelJsonPath)
        {
            string source = files.Length == 0 ? modelJsonPath : files[files.Length - 1].Path;
            string shortOrLong = found < group.ByteLength ? "too short" : "too long";
            if (files.Length == 1)
            {
                return new WeightFileException(
                    source,
                    $"TF.js weight shard is {shortOrLong}: the manifest in {modelJsonPath} needs {group.ByteLength} bytes, the file has {found} bytes.");
            }

            var sizes = new StringBuilder();
            foreach (var file in files)
            {
                if (sizes.Length > 0) sizes.Append(", ");
                sizes.Append('\'').Append(file.Path).Append("' ").Append(file.Length).Append(" bytes");
            }

            return new WeightFileException(
                source,
                $"TF.js weight shards of manifest group {group.Index} are {shortOrLong}: the manifest in {modelJsonPath} needs {group.ByteLength} bytes, the shards hold {found} bytes" +
                (files.Length == 0 ? " (the group lists no shard)." : $" ({sizes})."));
        }
    }
}
