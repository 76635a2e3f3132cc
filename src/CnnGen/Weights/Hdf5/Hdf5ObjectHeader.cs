using System.Collections.Generic;

namespace CnnGen.Hdf5
{
    /// <summary>One header message: its type (spec IV.A.2) and its bytes.</summary>
    internal sealed class Hdf5Message
    {
        public const int Dataspace = 0x01;
        public const int LinkInfo = 0x02;
        public const int Datatype = 0x03;
        public const int OldFillValue = 0x04;
        public const int FillValue = 0x05;
        public const int Link = 0x06;
        public const int DataLayout = 0x08;
        public const int GroupInfo = 0x0A;
        public const int FilterPipeline = 0x0B;
        public const int Attribute = 0x0C;
        public const int Continuation = 0x10;
        public const int SymbolTable = 0x11;
        public const int AttributeInfo = 0x15;

        private readonly byte[] _block;
        private readonly int _start;
        private readonly int _length;

        public Hdf5Message(int type, byte flags, byte[] block, int start, int length)
        {
            Type = type;
            Flags = flags;
            _block = block;
            _start = start;
            _length = length;
        }

        public int Type { get; }

        /// <summary>Header message flags; bit 1: the message is shared (stored elsewhere), which this reader does not follow.</summary>
        public byte Flags { get; }

        public bool IsShared => (Flags & 0x02) != 0;

        public Hdf5Cursor Read(Hdf5File file, string what)
        {
            if (IsShared) throw new Hdf5FormatException($"{what}: the message is shared (a committed datatype or a shared object header message), which CnnGen's HDF5 reader does not support.");
            return new Hdf5Cursor(file, _block, _start, _length, what);
        }
    }

    /// <summary>
    /// Reads an object header and its continuation blocks into a list of messages: version 1 (spec IV.A.1.a) and
    /// version 2 ("OHDR", IV.A.1.b, with "OCHK" continuation blocks). Checksums are not verified; every message and
    /// block is bounds-checked, and a continuation that points back at a block already read is an error.
    /// </summary>
    internal static class Hdf5ObjectHeader
    {
        public static List<Hdf5Message> Read(Hdf5File file, long address, string path)
        {
            string what = $"object header of '{path}' at {address}";
            byte[] prefix = file.ReadAvailable(address, 40, what);
            var head = new Hdf5Cursor(file, prefix, 0, prefix.Length, what);
            var messages = new List<Hdf5Message>();
            var blocks = new Queue<(long Address, long Length)>();
            var seen = new HashSet<long> { address };
            bool version2;

            if (prefix.Length >= 4 && prefix[0] == 'O' && prefix[1] == 'H' && prefix[2] == 'D' && prefix[3] == 'R')
            {
                version2 = true;
                head.Skip(4);
                byte version = head.U8();
                if (version != 2) throw head.Error($"object header version {version} after 'OHDR' (2 expected).");
                byte flags = head.U8();
                if ((flags & 0x20) != 0) head.Skip(16); // access, modification, change, birth times
                if ((flags & 0x10) != 0) head.Skip(4); // attribute phase change values
                long chunkSize = (long)head.UInt(1 << (flags & 0x03));
                int prefixLength = head.Position;
                Hdf5Cursor chunk = file.Metadata(address, prefixLength + chunkSize + 4, what);
                chunk.Skip(prefixLength);
                ReadMessages(chunk.Sub((int)chunkSize, what), version2, (flags & 0x04) != 0, messages, blocks);
                ReadContinuations(file, path, version2, (flags & 0x04) != 0, messages, blocks, seen);
            }
            else
            {
                version2 = false;
                byte version = head.U8();
                if (version != 1) throw head.Error($"neither an 'OHDR' object header nor a version 1 one (version byte {version}).");
                head.Skip(1 + 2 + 4); // reserved, number of messages, reference count
                long size = head.U32();
                Hdf5Cursor chunk = file.Metadata(address + 16, size, what);
                ReadMessages(chunk, version2, false, messages, blocks);
                ReadContinuations(file, path, version2, false, messages, blocks, seen);
            }

            return messages;
        }

        private static void ReadContinuations(Hdf5File file, string path, bool version2, bool creationOrder,
            List<Hdf5Message> messages, Queue<(long Address, long Length)> blocks, HashSet<long> seen)
        {
            while (blocks.Count > 0)
            {
                (long address, long length) = blocks.Dequeue();
                string what = $"object header continuation block of '{path}' at {address}";
                if (!seen.Add(address)) throw new Hdf5FormatException(what + ": read twice (the continuation messages form a loop).");
                Hdf5Cursor block = file.Metadata(address, length, what);
                if (version2)
                {
                    block.Signature("OCHK");
                    if (block.Remaining < 4) throw block.Error("too short for its checksum.");
                    block = block.Sub(block.Remaining - 4, what);
                }

                ReadMessages(block, version2, creationOrder, messages, blocks);
            }
        }

        /// <summary>
        /// Version 1 messages: type (2), size (2), flags (1), reserved (3), data. Version 2: type (1), size (2),
        /// flags (1), creation order (2, when the header tracks it), data. Fewer bytes than a message head at the
        /// end of a version 2 chunk are a gap.
        /// </summary>
        private static void ReadMessages(Hdf5Cursor chunk, bool version2, bool creationOrder, List<Hdf5Message> messages, Queue<(long, long)> blocks)
        {
            int headSize = version2 ? (creationOrder ? 6 : 4) : 8;
            while (chunk.Remaining >= headSize)
            {
                int type;
                ushort size;
                byte flags;
                if (version2)
                {
                    type = chunk.U8();
                    size = chunk.U16();
                    flags = chunk.U8();
                    if (creationOrder) chunk.Skip(2);
                }
                else
                {
                    type = chunk.U16();
                    size = chunk.U16();
                    flags = chunk.U8();
                    chunk.Skip(3);
                }

                int start = chunk.Position;
                chunk.Skip(size);
                if (type == Hdf5Message.Continuation)
                {
                    var continuation = new Hdf5Cursor(chunk.File, chunk.Buffer, start, size, chunk.What + ", continuation message");
                    long address = continuation.Address();
                    long length = continuation.Length();
                    if (address == Hdf5File.Undefined) throw continuation.Error("undefined address.");
                    blocks.Enqueue((address, length));
                }
                else if (type != 0)
                {
                    messages.Add(new Hdf5Message(type, flags, chunk.Buffer, start, size));
                }
            }
        }
    }
}
