using System;
using System.Text;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// Reads the little-endian fields of one HDF5 structure from a byte block, checking every read against the block's
    /// end: a field that runs past it is a <see cref="Hdf5FormatException"/> naming the structure, never an
    /// <see cref="IndexOutOfRangeException"/>.
    /// </summary>
    internal sealed class Hdf5Cursor
    {
        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        public Hdf5Cursor(Hdf5File file, byte[] data, int start, int length, string what)
        {
            if (start < 0 || length < 0 || start > data.Length - length)
            {
                throw new Hdf5FormatException($"{what}: a block of {length} bytes at {start} does not fit in {data.Length} bytes.");
            }

            File = file;
            _data = data;
            _position = start;
            _end = start + length;
            What = what;
        }

        public Hdf5File File { get; }

        /// <summary>The structure being read, for error messages.</summary>
        public string What { get; }

        public int Remaining => _end - _position;

        /// <summary>The underlying block and the current position in it, to slice data without copying.</summary>
        public byte[] Buffer => _data;

        public int Position => _position;

        public Exception Error(string detail) => new Hdf5FormatException(What + ": " + detail);

        private int Take(int count)
        {
            if (count < 0 || count > _end - _position)
            {
                throw Error($"needs {count} more bytes but only {_end - _position} are left (truncated or corrupt).");
            }

            int at = _position;
            _position += count;
            return at;
        }

        public void Skip(int count) => Take(count);

        public byte U8() => _data[Take(1)];

        public ushort U16()
        {
            int at = Take(2);
            return (ushort)(_data[at] | _data[at + 1] << 8);
        }

        public uint U32()
        {
            int at = Take(4);
            return (uint)(_data[at] | _data[at + 1] << 8 | _data[at + 2] << 16 | _data[at + 3] << 24);
        }

        public ulong U64()
        {
            ulong low = U32();
            return low | (ulong)U32() << 32;
        }

        /// <summary>An unsigned little-endian integer of 1 to 8 bytes.</summary>
        public ulong UInt(int size)
        {
            if (size < 1 || size > 8) throw Error($"an integer field of {size} bytes is not supported.");
            int at = Take(size);
            ulong value = 0;
            for (int i = size - 1; i >= 0; i--) value = value << 8 | _data[at + i];
            return value;
        }

        /// <summary>
        /// An address ("size of offsets" bytes), made absolute with the superblock's base address; the undefined
        /// address (all bits set) is <see cref="Hdf5File.Undefined"/>. Format spec III.A: "Size of Offsets".
        /// </summary>
        public long Address() => File.ToAbsolute(UInt(File.OffsetSize), What);

        /// <summary>A length ("size of lengths" bytes), which must fit in a <see cref="long"/>.</summary>
        public long Length()
        {
            ulong value = UInt(File.LengthSize);
            if (value > long.MaxValue) throw Error($"length {value} is out of range.");
            return (long)value;
        }

        public byte[] Bytes(int count)
        {
            int at = Take(count);
            var result = new byte[count];
            Array.Copy(_data, at, result, 0, count);
            return result;
        }

        /// <summary>The next <paramref name="count"/> bytes as a cursor of their own (for a message or a sub-structure).</summary>
        public Hdf5Cursor Sub(int count, string what) => new Hdf5Cursor(File, _data, Take(count), count, what);

        public void Signature(string signature)
        {
            int at = Take(signature.Length);
            for (int i = 0; i < signature.Length; i++)
            {
                if (_data[at + i] != signature[i])
                {
                    throw Error($"signature '{signature}' expected, found '{Printable(_data, at, signature.Length)}' (a wrong address or a corrupt file).");
                }
            }
        }

        /// <summary>A name of <paramref name="count"/> bytes, cut at the first NUL, decoded as UTF-8 (ASCII is a subset).</summary>
        public string Text(int count)
        {
            int at = Take(count);
            int length = Array.IndexOf(_data, (byte)0, at, count);
            return Encoding.UTF8.GetString(_data, at, (length < 0 ? at + count : length) - at);
        }

        private static string Printable(byte[] data, int start, int count)
        {
            var text = new StringBuilder(count);
            for (int i = 0; i < count; i++) text.Append(data[start + i] >= 32 && data[start + i] < 127 ? (char)data[start + i] : '?');
            return text.ToString();
        }
    }
}
