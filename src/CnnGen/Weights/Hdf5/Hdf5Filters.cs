using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// The filter pipeline of a chunked dataset (filter pipeline message, spec IV.A.2.l) and its reverse, applied to
    /// each chunk as it is read: deflate (1, zlib), shuffle (2) and Fletcher-32 (3, checksum dropped, not verified).
    /// Any other filter (szip, n-bit, scale-offset, LZF, ...) is an error naming it.
    /// </summary>
    internal sealed class Hdf5Filters
    {
        private const int Deflate = 1;
        private const int Shuffle = 2;
        private const int Fletcher32 = 3;

        private readonly List<(int Id, string Name, uint[] Parameters)> _filters;

        private Hdf5Filters(List<(int, string, uint[])> filters) => _filters = filters;

        public static readonly Hdf5Filters None = new Hdf5Filters(new List<(int, string, uint[])>());

        public bool IsEmpty => _filters.Count == 0;

        /// <summary>
        /// Version 1: version, number of filters, reserved (6), then per filter: id (2), name length (2), flags (2),
        /// number of client values (2), name (padded to 8), values (4 each), 4 bytes of padding after an odd count.
        /// Version 2 leaves out the reserved bytes, the padding, and the name length and name of ids below 256.
        /// </summary>
        public static Hdf5Filters Read(Hdf5Cursor message)
        {
            byte version = message.U8();
            if (version != 1 && version != 2) throw message.Error($"filter pipeline version {version} is not supported (1 and 2 are).");
            int count = message.U8();
            if (count > 32) throw message.Error($"{count} filters (HDF5 allows 32).");
            if (version == 1) message.Skip(6);
            var filters = new List<(int, string, uint[])>(count);
            for (int i = 0; i < count; i++)
            {
                int id = message.U16();
                int nameLength = version == 1 || id >= 256 ? message.U16() : 0;
                message.U16(); // flags: bit 0 marks an optional filter, which the chunk's filter mask tells us was skipped
                int values = message.U16();
                string name = nameLength > 0 ? message.Text(nameLength) : "";
                if (values > message.Remaining / 4) throw message.Error($"filter {id} has {values} client values, more than the message holds.");
                var parameters = new uint[values];
                for (int v = 0; v < values; v++) parameters[v] = message.U32();
                if (version == 1 && values % 2 == 1) message.Skip(4);
                filters.Add((id, name, parameters));
            }

            foreach ((int id, string name, _) in filters)
            {
                if (id != Deflate && id != Shuffle && id != Fletcher32)
                {
                    throw message.Error($"filter {id}{(name.Length > 0 ? " (" + name + ")" : "")} is not supported; CnnGen's HDF5 reader decodes deflate (gzip), shuffle and fletcher32.");
                }
            }

            return new Hdf5Filters(filters);
        }

        /// <summary>
        /// Undoes the filters, last first, skipping those whose bit is set in <paramref name="mask"/>; the result must
        /// be exactly <paramref name="chunkBytes"/> long. Output never grows past that size, whatever the input says.
        /// </summary>
        public byte[] Decode(byte[] data, uint mask, int chunkBytes, int elementSize, string what)
        {
            for (int i = _filters.Count - 1; i >= 0; i--)
            {
                if ((mask & (1u << i)) != 0) continue;
                (int id, _, uint[] parameters) = _filters[i];
                switch (id)
                {
                    case Deflate:
                        data = Inflate(data, chunkBytes, what);
                        break;
                    case Shuffle:
                        data = Unshuffle(data, parameters.Length > 0 ? (int)Math.Min(parameters[0], int.MaxValue) : elementSize);
                        break;
                    case Fletcher32:
                        if (data.Length < 4) throw new Hdf5FormatException(what + ": shorter than its Fletcher-32 checksum.");
                        Array.Resize(ref data, data.Length - 4);
                        break;
                }
            }

            if (data.Length != chunkBytes) throw new Hdf5FormatException($"{what}: decodes to {data.Length} bytes, {chunkBytes} expected.");
            return data;
        }

        /// <summary>A zlib stream (RFC 1950): a 2-byte header, raw deflate data (RFC 1951), an Adler-32 checksum (not verified).</summary>
        private static byte[] Inflate(byte[] data, int maxBytes, string what)
        {
            if (data.Length < 2 || (data[0] & 0x0F) != 8 || (data[0] << 8 | data[1]) % 31 != 0 || (data[1] & 0x20) != 0)
            {
                throw new Hdf5FormatException(what + ": not a zlib stream (deflate filter).");
            }

            var output = new byte[maxBytes];
            int filled = 0;
            try
            {
                using var inflater = new DeflateStream(new MemoryStream(data, 2, data.Length - 2), CompressionMode.Decompress);
                while (filled < maxBytes)
                {
                    int read = inflater.Read(output, filled, maxBytes - filled);
                    if (read <= 0) break;
                    filled += read;
                }

                if (filled == maxBytes && inflater.Read(new byte[1], 0, 1) > 0)
                {
                    throw new Hdf5FormatException($"{what}: inflates to more than the {maxBytes} bytes of a chunk.");
                }
            }
            catch (InvalidDataException e)
            {
                throw new Hdf5FormatException($"{what}: corrupt deflate data ({e.Message})", e);
            }

            if (filled < maxBytes) Array.Resize(ref output, filled);
            return output;
        }

        /// <summary>The shuffle filter stores byte 0 of every element, then byte 1, ...; trailing bytes that make no whole element stay as they are.</summary>
        private static byte[] Unshuffle(byte[] data, int elementSize)
        {
            if (elementSize <= 1) return data;
            int count = data.Length / elementSize;
            var output = new byte[data.Length];
            for (int b = 0; b < elementSize; b++)
            {
                int from = b * count;
                for (int e = 0; e < count; e++) output[e * elementSize + b] = data[from + e];
            }

            Array.Copy(data, count * elementSize, output, count * elementSize, data.Length - count * elementSize);
            return output;
        }
    }
}
