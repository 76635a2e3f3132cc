using System;
using System.Collections.Generic;
using System.IO;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// An HDF5 file opened for reading: the superblock's sizes and root, bounds-checked block reads, and the objects
    /// read so far. The part of the HDF5 File Format Specification version 3.0 that Keras weight files use is
    /// implemented; anything else is a <see cref="Hdf5FormatException"/> that says what is missing.
    /// </summary>
    /// <remarks>
    /// Metadata reads (object headers, B-tree nodes, heaps) are charged to a budget of twice the file length plus
    /// 1 MiB: a well-formed file reads each structure once, so a file whose structures point back at each other
    /// cannot make the reader allocate without bound. Dataset values are bounded by the caller's expected tensor size.
    /// </remarks>
    internal sealed class Hdf5File : IDisposable
    {
        /// <summary>The undefined address (all bits set on disk).</summary>
        public const long Undefined = -1;

        private static readonly byte[] Magic = { 0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n' };

        private readonly Stream _stream;
        private readonly bool _leaveOpen;
        private readonly Dictionary<long, Hdf5Object> _objects = new Dictionary<long, Hdf5Object>();
        private readonly Dictionary<long, Hdf5GlobalHeap> _globalHeaps = new Dictionary<long, Hdf5GlobalHeap>();
        private long _metadataBudget;

        private Hdf5File(Stream stream, bool leaveOpen)
        {
            _stream = stream;
            _leaveOpen = leaveOpen;
            Length = stream.Length;
            _metadataBudget = 2 * Length + (1 << 20);
        }

        /// <summary>The file's length in bytes; no address or block may reach past it.</summary>
        public long Length { get; }

        /// <summary>Superblock "Size of Offsets": the bytes of every address.</summary>
        public int OffsetSize { get; private set; }

        /// <summary>Superblock "Size of Lengths": the bytes of every length.</summary>
        public int LengthSize { get; private set; }

        public int SuperblockVersion { get; private set; }

        /// <summary>Superblock "Base Address": addresses in the file are relative to it.</summary>
        public long BaseAddress { get; private set; }

        /// <summary>The root group.</summary>
        public Hdf5Object Root { get; private set; } = null!;

        /// <summary>Opens an HDF5 file held in a seekable stream (spec III.A, "Disk Format: Level 0A - Format Signature and Superblock").</summary>
        public static Hdf5File Open(Stream stream, bool leaveOpen)
        {
            var file = new Hdf5File(stream, leaveOpen);
            try
            {
                file.ReadSuperblock();
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The superblock sits at 0, 512, 1024, 2048, ... (a user block may come first). Versions 0 and 1 end with the
        /// root group's symbol table entry; versions 2 and 3 point at the root object header.
        /// </summary>
        private void ReadSuperblock()
        {
            long at = -1;
            var magic = new byte[8];
            for (long candidate = 0; candidate + 8 <= Length; candidate = candidate == 0 ? 512 : candidate * 2)
            {
                ReadExactly(candidate, magic, 0, 8);
                if (SequenceEqual(magic, Magic))
                {
                    at = candidate;
                    break;
                }
            }

            if (at < 0) throw new Hdf5FormatException("no HDF5 signature (\\x89HDF\\r\\n\\x1a\\n) at offset 0, 512, 1024, ...");

            OffsetSize = 8;
            LengthSize = 8;
            byte[] block = ReadAvailable(at, 8 + 16 + 4 + 4 + 8 * 8 + 24, "superblock");
            var head = new Hdf5Cursor(this, block, 0, block.Length, "superblock");
            head.Skip(8);
            SuperblockVersion = head.U8();
            ulong endOfFile;
            long rootAddress;
            if (SuperblockVersion == 0 || SuperblockVersion == 1)
            {
                head.Skip(4); // free-space, root group symbol table entry, reserved, shared header message format versions
                SetSizes(head.U8(), head.U8(), head);
                head.Skip(1 + 2 + 2 + 4); // reserved, group leaf and internal node K, file consistency flags
                if (SuperblockVersion == 1) head.Skip(4); // indexed storage internal node K, reserved
                SetBaseAddress(head.UInt(OffsetSize));
                head.Address(); // free-space info (unused since 1.6)
                endOfFile = head.UInt(OffsetSize);
                head.Address(); // driver information block
                head.Address(); // root symbol table entry: link name offset
                rootAddress = head.Address();
            }
            else if (SuperblockVersion == 2 || SuperblockVersion == 3)
            {
                SetSizes(head.U8(), head.U8(), head);
                head.Skip(1); // file consistency flags
                SetBaseAddress(head.UInt(OffsetSize));
                head.Address(); // superblock extension (holds no metadata a reader needs)
                endOfFile = head.UInt(OffsetSize);
                rootAddress = head.Address();
            }
            else
            {
                throw new Hdf5FormatException($"superblock version {SuperblockVersion} is not supported (0 to 3 are).");
            }

            if (endOfFile > (ulong)(Length - BaseAddress))
            {
                throw new Hdf5FormatException($"the file is truncated: its superblock says it ends at byte {(decimal)BaseAddress + endOfFile}, but it has {Length} bytes.");
            }

            if (rootAddress == Undefined) throw new Hdf5FormatException("the superblock has no root group.");
            Root = Object(rootAddress, "/");
        }

        private void SetBaseAddress(ulong address)
        {
            if (address >= (ulong)Length) throw new Hdf5FormatException($"superblock base address {address} is outside the file of {Length} bytes.");
            BaseAddress = (long)address;
        }

        private void SetSizes(byte offsets, byte lengths, Hdf5Cursor head)
        {
            if (offsets != 2 && offsets != 4 && offsets != 8) throw head.Error($"size of offsets {offsets} is not 2, 4 or 8.");
            if (lengths != 2 && lengths != 4 && lengths != 8) throw head.Error($"size of lengths {lengths} is not 2, 4 or 8.");
            OffsetSize = offsets;
            LengthSize = lengths;
        }

        /// <summary>The object (group or dataset) whose header is at <paramref name="address"/>; read once, then cached.</summary>
        public Hdf5Object Object(long address, string path)
        {
            if (!_objects.TryGetValue(address, out Hdf5Object? obj))
            {
                obj = new Hdf5Object(this, address, path, Hdf5ObjectHeader.Read(this, address, path));
                _objects[address] = obj;
            }

            return obj;
        }

        /// <summary>The global heap collection at <paramref name="address"/>; read once, then cached.</summary>
        public Hdf5GlobalHeap GlobalHeap(long address)
        {
            if (!_globalHeaps.TryGetValue(address, out Hdf5GlobalHeap? heap))
            {
                heap = Hdf5GlobalHeap.Read(this, address);
                _globalHeaps[address] = heap;
            }

            return heap;
        }

        public long ToAbsolute(ulong relative, string what)
        {
            ulong undefined = OffsetSize == 8 ? ulong.MaxValue : (1UL << (8 * OffsetSize)) - 1;
            if (relative == undefined) return Undefined;
            if (relative >= (ulong)(Length - BaseAddress))
            {
                throw new Hdf5FormatException($"{what}: address {relative} is past the end of the file ({Length} bytes).");
            }

            return BaseAddress + (long)relative;
        }

        /// <summary>Counts metadata bytes against the file's budget (see remarks on the class).</summary>
        public void Charge(long bytes, string what)
        {
            _metadataBudget -= bytes;
            if (_metadataBudget < 0)
            {
                throw new Hdf5FormatException($"{what}: the file's structures refer to more metadata than a file of {Length} bytes can hold (a loop or a corrupt file).");
            }
        }

        /// <summary>Reads a metadata block of exactly <paramref name="length"/> bytes, charged to the budget.</summary>
        public Hdf5Cursor Metadata(long address, long length, string what)
        {
            CheckRange(address, length, what);
            Charge(length, what);
            byte[] block = ReadData(address, length, what);
            return new Hdf5Cursor(this, block, 0, block.Length, what);
        }

        /// <summary>Reads up to <paramref name="maxLength"/> bytes, fewer at the end of the file (for structures whose size is only known once their head is read).</summary>
        public byte[] ReadAvailable(long address, int maxLength, string what)
        {
            CheckRange(address, 1, what);
            int length = (int)Math.Min(maxLength, Length - address);
            Charge(length, what);
            var block = new byte[length];
            ReadExactly(address, block, 0, length);
            return block;
        }

        /// <summary>Reads exactly <paramref name="length"/> bytes at an absolute address, after checking that they lie in the file.</summary>
        public byte[] ReadData(long address, long length, string what)
        {
            CheckRange(address, length, what);
            if (length > int.MaxValue - 64) throw new Hdf5FormatException($"{what}: a block of {length} bytes is too large to read.");
            var block = new byte[length];
            ReadExactly(address, block, 0, (int)length);
            return block;
        }

        public void CheckRange(long address, long length, string what)
        {
            if (address < 0 || length < 0 || address > Length || length > Length - address)
            {
                throw new Hdf5FormatException($"{what}: {length} bytes at address {address} reach past the end of the file ({Length} bytes; truncated or corrupt).");
            }
        }

        private void ReadExactly(long address, byte[] buffer, int offset, int count)
        {
            _stream.Position = address;
            int read = StreamReading.ReadUpTo(_stream, buffer, offset, count);
            if (read < count) throw new Hdf5FormatException($"unexpected end of file at byte {address}.");
        }

        private static bool SequenceEqual(byte[] a, byte[] b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }

        public void Dispose()
        {
            if (!_leaveOpen) _stream.Dispose();
        }
    }
}
