using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// Reads a floating-point dataset into floats: gathers its bytes from compact, contiguous or chunked storage
    /// (with filters), then decodes IEEE binary16/32/64 of either byte order. Every size is checked against the
    /// destination before anything is allocated, so a corrupt size cannot make the reader allocate more than the
    /// expected tensor needs.
    /// </summary>
    internal static class Hdf5DatasetReader
    {
        /// <summary>A chunk may be larger than its dataset (edge chunks), but not absurdly: past this, the file is taken as corrupt.</summary>
        private const long ChunkSlack = 16 << 20;

        public static void ReadFloats(Hdf5Object dataset, Span<float> destination)
        {
            Hdf5File file = dataset.File;
            Hdf5Datatype type = dataset.Type;
            if (type.Class != Hdf5Datatype.FloatingPoint || !type.IsIeeeFloat)
            {
                throw new Hdf5FormatException($"'{dataset.Path}' holds {type}, not IEEE float16, float32 or float64.");
            }

            Hdf5Dataspace space = dataset.Space;
            if (space.ElementCount != destination.Length)
            {
                throw new Hdf5FormatException($"'{dataset.Path}' has {space.ElementCount} elements, {destination.Length} expected.");
            }

            int elementSize = (int)type.Size;
            int byteCount = checked(destination.Length * elementSize);
            string what = $"data of '{dataset.Path}'";
            Hdf5DataLayout layout = Hdf5DataLayout.Read(dataset.Required(Hdf5Message.DataLayout, "data layout").Read(file, $"data layout of '{dataset.Path}'"));
            byte[] raw;
            switch (layout.Class)
            {
                case Hdf5DataLayout.Compact:
                    Hdf5Cursor compact = layout.CompactData!;
                    if (compact.Remaining < byteCount) throw compact.Error($"holds {compact.Remaining} bytes, {byteCount} needed.");
                    raw = compact.Bytes(byteCount);
                    break;
                case Hdf5DataLayout.Contiguous:
                    if (layout.Address == Hdf5File.Undefined)
                    {
                        raw = Filled(dataset, elementSize, byteCount);
                        break;
                    }

                    if (layout.Size < byteCount) throw new Hdf5FormatException($"{what}: the contiguous block holds {layout.Size} bytes, {byteCount} needed.");
                    raw = file.ReadData(layout.Address, byteCount, what);
                    break;
                default:
                    raw = Filled(dataset, elementSize, byteCount);
                    ReadChunks(dataset, layout, space.Dimensions, elementSize, raw, what);
                    break;
            }

            Decode(raw, elementSize, type.BigEndian, destination);
        }

        /// <summary>The values before any chunk is read: the fill value message's value (IV.A.2.f / e) if it has one of the element's size, else zeros.</summary>
        private static byte[] Filled(Hdf5Object dataset, int elementSize, int byteCount)
        {
            var raw = new byte[byteCount];
            byte[]? fill = FillValue(dataset, elementSize);
            if (fill != null)
            {
                for (int i = 0; i < byteCount; i += elementSize) Array.Copy(fill, 0, raw, i, elementSize);
            }

            return raw;
        }

        private static byte[]? FillValue(Hdf5Object dataset, int elementSize)
        {
            Hdf5Message? message = dataset.Find(Hdf5Message.FillValue);
            Hdf5Cursor fill;
            if (message != null)
            {
                fill = message.Read(dataset.File, $"fill value message of '{dataset.Path}'");
                byte version = fill.U8();
                if (version == 1 || version == 2)
                {
                    fill.Skip(2); // space allocation time, fill value write time
                    bool defined = fill.U8() != 0;
                    if (version == 2 && !defined) return null;
                }
                else if (version == 3)
                {
                    if ((fill.U8() & 0x20) == 0) return null;
                }
                else
                {
                    throw fill.Error($"fill value version {version} is not supported (1 to 3 are).");
                }
            }
            else
            {
                message = dataset.Find(Hdf5Message.OldFillValue);
                if (message == null) return null;
                fill = message.Read(dataset.File, $"fill value message of '{dataset.Path}'");
            }

            if (fill.Remaining < 4) return null;
            uint size = fill.U32();
            return size == elementSize ? fill.Bytes(elementSize) : null;
        }

        private static void ReadChunks(Hdf5Object dataset, Hdf5DataLayout layout, long[] dimensions, int elementSize, byte[] raw, string what)
        {
            Hdf5File file = dataset.File;
            long[] chunk = layout.ChunkDimensions;
            int rank = dimensions.Length;
            if (chunk.Length != rank + 1) throw new Hdf5FormatException($"{what}: chunks of rank {chunk.Length - 1} in a dataset of rank {rank}.");
            if (chunk[rank] != elementSize) throw new Hdf5FormatException($"{what}: chunk element size {chunk[rank]}, but the datatype has {elementSize} bytes.");

            if (raw.Length == 0 || layout.Address == Hdf5File.Undefined) return;
            long chunkElements = 1;
            long limit = (raw.Length * 4L + ChunkSlack) / elementSize;
            long[] grid = new long[rank];
            long chunkCount = 1;
            for (int k = 0; k < rank; k++)
            {
                if (chunk[k] > limit / chunkElements)
                {
                    throw new Hdf5FormatException($"{what}: chunks of {ShapeText(chunk, rank)} are far larger than the dataset {ShapeText(dimensions, rank)}.");
                }

                chunkElements *= chunk[k];
                grid[k] = (dimensions[k] + chunk[k] - 1) / chunk[k];
                chunkCount *= grid[k];
            }

            int chunkBytes = (int)(chunkElements * elementSize);
            Hdf5Filters filters = dataset.Find(Hdf5Message.FilterPipeline) is Hdf5Message pipeline
                ? Hdf5Filters.Read(pipeline.Read(file, $"filter pipeline of '{dataset.Path}'"))
                : Hdf5Filters.None;

            void Place(long[] offsets, long address, long size, uint mask)
            {
                if (address == Hdf5File.Undefined) return;
                for (int k = 0; k < rank; k++)
                {
                    if (offsets[k] < 0 || offsets[k] >= dimensions[k]) return; // a chunk outside the current extent holds nothing readable
                }

                string chunkWhat = $"{what}, chunk at [{string.Join(", ", offsets)}]";
                byte[] bytes;
                if (filters.IsEmpty)
                {
                    if (size != chunkBytes) throw new Hdf5FormatException($"{chunkWhat}: {size} bytes stored, {chunkBytes} expected for an unfiltered chunk.");
                    bytes = file.ReadData(address, chunkBytes, chunkWhat);
                }
                else
                {
                    bytes = filters.Decode(file.ReadData(address, size, chunkWhat), mask, chunkBytes, elementSize, chunkWhat);
                }

                CopyChunk(bytes, offsets, chunk, dimensions, elementSize, raw);
            }

            switch (layout.IndexType)
            {
                case Hdf5DataLayout.BTree1Index:
                    VisitChunkNode(file, layout.Address, -1, rank, new HashSet<long>(), what, Place);
                    break;
                case Hdf5DataLayout.SingleChunkIndex:
                    Place(new long[rank], layout.Address, layout.SingleChunkSize >= 0 ? layout.SingleChunkSize : chunkBytes, layout.SingleChunkFilterMask);
                    break;
                case Hdf5DataLayout.ImplicitIndex:
                    if (!filters.IsEmpty) throw new Hdf5FormatException($"{what}: an implicit chunk index with filters.");
                    file.CheckRange(layout.Address, chunkCount * chunkBytes, what);
                    for (long i = 0; i < chunkCount; i++) Place(ChunkOffsets(i, grid, chunk), layout.Address + i * chunkBytes, chunkBytes, 0);
                    break;
                case Hdf5DataLayout.FixedArrayIndex:
                    ReadFixedArray(file, layout.Address, chunkCount, !filters.IsEmpty, what, (i, address, size, mask) => Place(ChunkOffsets(i, grid, chunk), address, size, mask), chunkBytes);
                    break;
                default:
                    throw new Hdf5FormatException($"{what}: chunk index type {layout.IndexType} is not supported.");
            }
        }

        private static string ShapeText(long[] dimensions, int rank) => "[" + string.Join(", ", new ArraySegment<long>(dimensions, 0, rank)) + "]";

        /// <summary>The element offsets of chunk number <paramref name="index"/> in row-major order over the chunk grid.</summary>
        private static long[] ChunkOffsets(long index, long[] grid, long[] chunk)
        {
            var offsets = new long[grid.Length];
            for (int k = grid.Length - 1; k >= 0; k--)
            {
                offsets[k] = index % grid[k] * chunk[k];
                index /= grid[k];
            }

            return offsets;
        }

        /// <summary>
        /// Version 1 B-tree node of type 1 (spec III.A.1, raw data chunks): "TREE", type, level, entries used (2),
        /// siblings (O each), then keys and children alternating. A key: chunk size in bytes (4), filter mask (4), the
        /// chunk's offset in every dimension plus a zero for the element (8 each). Leaves point at the chunks.
        /// </summary>
        private static void VisitChunkNode(Hdf5File file, long address, int expectedLevel, int rank, HashSet<long> seen, string what, Action<long[], long, long, uint> place)
        {
            string nodeWhat = $"{what}, chunk B-tree node at {address}";
            if (!seen.Add(address)) throw new Hdf5FormatException(nodeWhat + ": reached twice (the B-tree has a loop).");
            int headSize = 8 + 2 * file.OffsetSize;
            Hdf5Cursor head = file.Metadata(address, headSize, nodeWhat);
            head.Signature("TREE");
            byte type = head.U8();
            if (type != 1) throw head.Error($"node type {type} where a chunk node (type 1) was expected.");
            int level = head.U8();
            if (expectedLevel >= 0 && level != expectedLevel) throw head.Error($"level {level} where {expectedLevel} was expected.");
            int entries = head.U16();
            int keySize = 8 + 8 * (rank + 1);
            Hdf5Cursor body = file.Metadata(address + headSize, (long)(entries + 1) * keySize + (long)entries * file.OffsetSize, nodeWhat);
            for (int i = 0; i < entries; i++)
            {
                uint size = body.U32();
                uint mask = body.U32();
                var offsets = new long[rank];
                for (int k = 0; k < rank; k++)
                {
                    ulong offset = body.U64();
                    offsets[k] = offset > long.MaxValue ? -1 : (long)offset;
                }

                body.Skip(8);
                long child = body.Address();
                if (child == Hdf5File.Undefined) throw body.Error("a child at the undefined address.");
                if (level > 0) VisitChunkNode(file, child, level - 1, rank, seen, what, place);
                else place(offsets, child, size, mask);
            }
        }

        /// <summary>
        /// Fixed array chunk index (spec VII.B/C, "FAHD" header and "FADB" data block): one element per chunk in
        /// row-major order; an element is the chunk's address, and for filtered chunks also its size and filter mask.
        /// Paged data blocks (more than 2^page bits chunks, which h5py writes past 1024 chunks) are not supported.
        /// </summary>
        private static void ReadFixedArray(Hdf5File file, long address, long chunkCount, bool filtered, string what, Action<long, long, long, uint> place, int chunkBytes)
        {
            string headerWhat = $"{what}, fixed array header at {address}";
            Hdf5Cursor header = file.Metadata(address, 4 + 4 + file.LengthSize + file.OffsetSize + 4, headerWhat);
            header.Signature("FAHD");
            byte version = header.U8();
            if (version != 0) throw header.Error($"version {version} is not supported (0 is).");
            byte client = header.U8();
            if (client != (filtered ? 1 : 0)) throw header.Error($"client ID {client} for {(filtered ? "filtered" : "unfiltered")} chunks.");
            int entrySize = header.U8();
            int pageBits = header.U8();
            long entries = header.Length();
            long blockAddress = header.Address();
            if (entries != chunkCount) throw header.Error($"{entries} entries for {chunkCount} chunks.");
            if (pageBits < 64 && entries > 1L << pageBits) throw header.Error($"a paged data block ({entries} entries, pages of 2^{pageBits}), which CnnGen's HDF5 reader does not support.");
            int sizeBytes = filtered ? entrySize - file.OffsetSize - 4 : 0;
            if (filtered ? sizeBytes < 1 || sizeBytes > 8 : entrySize != file.OffsetSize) throw header.Error($"entry size {entrySize}.");
            if (blockAddress == Hdf5File.Undefined) return;

            string blockWhat = $"{what}, fixed array data block at {blockAddress}";
            Hdf5Cursor block = file.Metadata(blockAddress, 6 + file.OffsetSize + entries * entrySize, blockWhat);
            block.Signature("FADB");
            block.Skip(2 + file.OffsetSize); // version, client ID, header address
            for (long i = 0; i < entries; i++)
            {
                long chunk = block.Address();
                long size = filtered ? (long)Math.Min(block.UInt(sizeBytes), long.MaxValue) : chunkBytes;
                uint mask = filtered ? block.U32() : 0;
                place(i, chunk, size, mask);
            }
        }

        /// <summary>Copies a chunk into the dataset's row-major bytes, clipping it at the dataset's edges.</summary>
        private static void CopyChunk(byte[] chunkData, long[] offsets, long[] chunk, long[] dimensions, int elementSize, byte[] raw)
        {
            int rank = dimensions.Length;
            if (rank == 0) return;
            int last = rank - 1;
            long rowLength = Math.Min(chunk[last], dimensions[last] - offsets[last]) * elementSize;
            var index = new long[rank];
            while (true)
            {
                long target = 0;
                long source = 0;
                for (int k = 0; k < rank; k++)
                {
                    target = target * dimensions[k] + offsets[k] + index[k];
                    source = source * chunk[k] + index[k];
                }

                Buffer.BlockCopy(chunkData, (int)(source * elementSize), raw, (int)(target * elementSize), (int)rowLength);

                int d = last - 1;
                while (d >= 0)
                {
                    index[d]++;
                    if (index[d] < Math.Min(chunk[d], dimensions[d] - offsets[d])) break;
                    index[d] = 0;
                    d--;
                }

                if (d < 0) return;
            }
        }

        private static void Decode(byte[] raw, int elementSize, bool bigEndian, Span<float> destination)
        {
            if (bigEndian)
            {
                for (int i = 0; i < raw.Length; i += elementSize) Array.Reverse(raw, i, elementSize);
            }

            switch (elementSize)
            {
                case 4:
                    LittleEndian.CopyFloat32(raw, destination);
                    break;
                case 2:
                    LittleEndian.CopyFloat16(raw, destination);
                    break;
                default:
                    for (int i = 0; i < destination.Length; i++)
                    {
                        destination[i] = (float)BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8 * i)));
                    }

                    break;
            }
        }
    }
}
