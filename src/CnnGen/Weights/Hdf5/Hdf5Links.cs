using System;
using System.Collections.Generic;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// The hard links of a group, from either group format:
    /// <list type="bullet">
    /// <item><description>old style (what h5py writes by default): a symbol table message (spec IV.A.2.r) naming a
    /// version 1 B-tree of type 0 (III.A.1) whose leaves are symbol table nodes "SNOD" (III.B), the names in a local
    /// heap "HEAP" (III.D);</description></item>
    /// <item><description>new style (superblock 2 and later, PureHDF): link messages (IV.A.2.g) in the object header,
    /// with a link info message (IV.A.2.c); dense storage in a fractal heap is reported as unsupported.</description></item>
    /// </list>
    /// Soft and external links are left out: Keras never writes them.
    /// </summary>
    internal static class Hdf5Links
    {
        public static List<KeyValuePair<string, long>> Read(Hdf5Object group, List<Hdf5Message> messages)
        {
            Hdf5File file = group.File;
            var links = new List<KeyValuePair<string, long>>();
            foreach (Hdf5Message message in messages)
            {
                if (message.Type == Hdf5Message.SymbolTable)
                {
                    Hdf5Cursor table = message.Read(file, $"symbol table message of '{group.Path}'");
                    long btree = table.Address();
                    long heap = table.Address();
                    ReadSymbolTable(file, group.Path, btree, heap, links);
                }
                else if (message.Type == Hdf5Message.LinkInfo)
                {
                    Hdf5Cursor info = message.Read(file, $"link info message of '{group.Path}'");
                    byte version = info.U8();
                    if (version != 0) throw info.Error($"version {version} is not supported (0 is).");
                    byte flags = info.U8();
                    if ((flags & 0x01) != 0) info.Skip(8); // maximum creation index
                    long fractalHeap = info.Address();
                    if (fractalHeap != Hdf5File.Undefined)
                    {
                        throw new Hdf5FormatException($"group '{group.Path}' keeps its links in dense storage (a fractal heap), which CnnGen's HDF5 reader does not support; h5py writes it only with libver='latest' for groups of many links.");
                    }
                }
                else if (message.Type == Hdf5Message.Link)
                {
                    ReadLinkMessage(message.Read(file, $"link message of '{group.Path}'"), links);
                }
            }

            links.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return links;
        }

        /// <summary>Link message (IV.A.2.g), version 1; adds it when it is a hard link.</summary>
        private static void ReadLinkMessage(Hdf5Cursor link, List<KeyValuePair<string, long>> links)
        {
            byte version = link.U8();
            if (version != 1) throw link.Error($"version {version} is not supported (1 is).");
            byte flags = link.U8();
            byte type = (flags & 0x08) != 0 ? link.U8() : (byte)0;
            if ((flags & 0x04) != 0) link.Skip(8); // creation order
            if ((flags & 0x10) != 0) link.Skip(1); // character set of the name
            ulong nameLength = link.UInt(1 << (flags & 0x03));
            if (nameLength == 0 || nameLength > (ulong)link.Remaining) throw link.Error($"link name length {nameLength} does not fit the message.");
            string name = link.Text((int)nameLength);
            if (type == 0) links.Add(new KeyValuePair<string, long>(name, RequireDefined(link.Address(), link)));
        }

        private static long RequireDefined(long address, Hdf5Cursor where)
        {
            if (address == Hdf5File.Undefined) throw where.Error("a link to the undefined address.");
            return address;
        }

        private static void ReadSymbolTable(Hdf5File file, string path, long btreeAddress, long heapAddress, List<KeyValuePair<string, long>> links)
        {
            byte[] names = ReadLocalHeap(file, path, heapAddress);
            var seen = new HashSet<long>();
            VisitGroupNode(file, path, btreeAddress, -1, names, links, seen);
        }

        /// <summary>Local heap (III.D): "HEAP", version 0, reserved (3), data segment size (L), free list offset (L), data segment address (O).</summary>
        private static byte[] ReadLocalHeap(Hdf5File file, string path, long address)
        {
            string what = $"local heap of group '{path}' at {address}";
            if (address == Hdf5File.Undefined) throw new Hdf5FormatException(what + ": undefined address.");
            Hdf5Cursor heap = file.Metadata(address, 8 + 2 * file.LengthSize + file.OffsetSize, what);
            heap.Signature("HEAP");
            byte version = heap.U8();
            if (version != 0) throw heap.Error($"version {version} is not supported (0 is).");
            heap.Skip(3);
            long size = heap.Length();
            heap.Length(); // head of the free list
            long data = heap.Address();
            if (data == Hdf5File.Undefined) throw heap.Error("undefined data segment address.");
            Hdf5Cursor segment = file.Metadata(data, size, what + ", data segment");
            return segment.Buffer;
        }

        /// <summary>
        /// Version 1 B-tree node of type 0 (III.A.1): "TREE", type, level, entries used (2), left and right sibling
        /// (O each), then keys (heap offsets, L) and children (O) alternating, one key more than children. Leaves
        /// (level 0) point to symbol table nodes.
        /// </summary>
        private static void VisitGroupNode(Hdf5File file, string path, long address, int expectedLevel, byte[] names, List<KeyValuePair<string, long>> links, HashSet<long> seen)
        {
            string what = $"B-tree node of group '{path}' at {address}";
            if (address == Hdf5File.Undefined) throw new Hdf5FormatException(what + ": undefined address.");
            if (!seen.Add(address)) throw new Hdf5FormatException(what + ": reached twice (the B-tree has a loop).");
            int headSize = 8 + 2 * file.OffsetSize;
            Hdf5Cursor head = file.Metadata(address, headSize, what);
            head.Signature("TREE");
            byte type = head.U8();
            if (type != 0) throw head.Error($"node type {type} where a group node (type 0) was expected.");
            int level = head.U8();
            if (expectedLevel >= 0 && level != expectedLevel) throw head.Error($"level {level} where {expectedLevel} was expected.");
            int entries = head.U16();
            long bodySize = (long)(entries + 1) * file.LengthSize + (long)entries * file.OffsetSize;
            Hdf5Cursor body = file.Metadata(address + headSize, bodySize, what);
            for (int i = 0; i < entries; i++)
            {
                body.Skip(file.LengthSize); // key: the heap offset of the child's largest name
                long child = body.Address();
                if (level > 0)
                {
                    VisitGroupNode(file, path, child, level - 1, names, links, seen);
                }
                else
                {
                    ReadSymbolNode(file, path, child, names, links, seen);
                }
            }
        }

        /// <summary>
        /// Symbol table node (III.B): "SNOD", version 1, reserved, number of symbols (2), then symbol table entries
        /// (III.C): link name offset (O), object header address (O), cache type (4), reserved (4), scratch pad (16).
        /// </summary>
        private static void ReadSymbolNode(Hdf5File file, string path, long address, byte[] names, List<KeyValuePair<string, long>> links, HashSet<long> seen)
        {
            string what = $"symbol table node of group '{path}' at {address}";
            if (address == Hdf5File.Undefined) throw new Hdf5FormatException(what + ": undefined address.");
            if (!seen.Add(address)) throw new Hdf5FormatException(what + ": reached twice (the B-tree has a loop).");
            Hdf5Cursor head = file.Metadata(address, 8, what);
            head.Signature("SNOD");
            byte version = head.U8();
            if (version != 1) throw head.Error($"version {version} is not supported (1 is).");
            head.Skip(1);
            int count = head.U16();
            int entrySize = 2 * file.OffsetSize + 24;
            Hdf5Cursor body = file.Metadata(address + 8, (long)count * entrySize, what);
            for (int i = 0; i < count; i++)
            {
                ulong nameOffset = body.UInt(file.OffsetSize);
                long objectAddress = body.Address();
                body.Skip(24);
                links.Add(new KeyValuePair<string, long>(HeapName(names, nameOffset, body), RequireDefined(objectAddress, body)));
            }
        }

        private static string HeapName(byte[] heap, ulong offset, Hdf5Cursor where)
        {
            if (offset >= (ulong)heap.Length) throw where.Error($"link name offset {offset} is outside the local heap of {heap.Length} bytes.");
            int end = Array.IndexOf(heap, (byte)0, (int)offset);
            if (end < 0) throw where.Error($"the link name at heap offset {offset} is not NUL-terminated.");
            return System.Text.Encoding.UTF8.GetString(heap, (int)offset, end - (int)offset);
        }
    }
}
