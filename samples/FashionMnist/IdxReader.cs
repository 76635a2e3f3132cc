using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace FashionMnist
{
    /// <summary>A stack of greyscale images read from an IDX file: one byte per pixel, row-major, image after image.</summary>
    /// <param name="Count">Number of images.</param>
    /// <param name="Rows">Rows of one image.</param>
    /// <param name="Columns">Columns of one image.</param>
    /// <param name="Pixels"><c>Count * Rows * Columns</c> bytes, 0 = background, 255 = full ink.</param>
    public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
    {
        /// <summary>Bytes in one image.</summary>
        public int ImageLength => Rows * Columns;

        /// <summary>The pixels of image <paramref name="index"/>.</summary>
        public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageLength, ImageLength);
    }

    /// <summary>
    /// Reads gzip-compressed IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (a magic number
    /// that encodes the element type and the number of dimensions, then one int32 per dimension) followed by the
    /// values. Only the two unsigned-byte layouts those data sets use are accepted.
    /// </summary>
    public static class IdxReader
    {
        /// <summary>Magic number of an image file: unsigned bytes (0x08), 3 dimensions (count, rows, columns).</summary>
        public const int ImagesMagic = 0x0803;

        /// <summary>Magic number of a label file: unsigned bytes (0x08), 1 dimension (count).</summary>
        public const int LabelsMagic = 0x0801;

        /// <summary>Reads an image file such as <c>t10k-images-idx3-ubyte.gz</c>.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not gzip, not an IDX image file, or shorter or longer than its header says; the message names the file.</exception>
        public static IdxImages ReadImages(string path)
        {
            using Stream stream = OpenGzip(path);
            ExpectMagic(ReadHeaderValue(stream, path, "magic number"), ImagesMagic, path, "an image file (3 dimensions)");
            int count = ReadHeaderValue(stream, path, "image count");
            int rows = ReadHeaderValue(stream, path, "row count");
            int columns = ReadHeaderValue(stream, path, "column count");
            if (count < 0 || rows <= 0 || columns <= 0)
            {
                throw new InvalidDataException($"{path}: the header gives {count} images of {rows}x{columns} pixels.");
            }

            long length = (long)count * rows * columns;
            if (length > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: {count} images of {rows}x{columns} pixels do not fit in one array.");
            }

            byte[] pixels = ReadBody(stream, (int)length, path, $"{count} images of {rows}x{columns} pixels");
            return new IdxImages(count, rows, columns, pixels);
        }

        /// <summary>Reads a label file such as <c>t10k-labels-idx1-ubyte.gz</c>: one byte per image.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not gzip, not an IDX label file, or shorter or longer than its header says; the message names the file.</exception>
        public static byte[] ReadLabels(string path)
        {
            using Stream stream = OpenGzip(path);
            ExpectMagic(ReadHeaderValue(stream, path, "magic number"), LabelsMagic, path, "a label file (1 dimension)");
            int count = ReadHeaderValue(stream, path, "label count");
            if (count < 0) throw new InvalidDataException($"{path}: the header gives {count} labels.");
            return ReadBody(stream, count, path, $"{count} labels");
        }

        private static Stream OpenGzip(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Checked here because GZipStream's own error ("unsupported compression method") does not say which file
            // or that it simply is not gzip, e.g. an IDX file someone already unpacked.
            Span<byte> signature = stackalloc byte[2];
            if (file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) < 2 || signature[0] != 0x1f || signature[1] != 0x8b)
            {
                file.Dispose();
                throw new InvalidDataException($"{path}: not a gzip file (the IDX files are read compressed, as distributed).");
            }

            file.Position = 0;
            return new GZipStream(file, CompressionMode.Decompress);
        }

        private static void ExpectMagic(int magic, int expected, string path, string what)
        {
            if (magic != expected)
            {
                throw new InvalidDataException($"{path}: magic number {magic} (0x{magic:X8}); {what} has {expected} (0x{expected:X8}).");
            }
        }

        private static int ReadHeaderValue(Stream stream, string path, string what)
        {
            Span<byte> bytes = stackalloc byte[4];
            if (ReadFully(stream, bytes, path) < 4) throw new InvalidDataException($"{path}: the file ends inside the IDX header ({what}).");
            return BinaryPrimitives.ReadInt32BigEndian(bytes);
        }

        private static byte[] ReadBody(Stream stream, int length, string path, string what)
        {
            var body = new byte[length];
            int read = ReadFully(stream, body, path);
            if (read < length) throw new InvalidDataException($"{path}: the header promises {what} ({length} bytes), the file holds {read}.");
            // Trailing data means the header and the data disagree, e.g. a count patched by hand: better refused than guessed.
            if (stream.ReadByte() >= 0) throw new InvalidDataException($"{path}: more data than the header's {what} ({length} bytes).");
            return body;
        }

        private static int ReadFully(Stream stream, Span<byte> buffer, string path)
        {
            try
            {
                return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                // A corrupt gzip stream: GZipStream's message does not name the file.
                throw new InvalidDataException($"{path}: corrupt gzip data ({e.Message})", e);
            }
        }
    }
}
