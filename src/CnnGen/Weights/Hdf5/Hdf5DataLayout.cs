namespace CnnGen.Hdf5
{
    /// <summary>
    /// Data layout message (spec IV.A.2.i), versions 3 and 4: where a dataset's values are. Compact: in the message;
    /// contiguous: one block; chunked: blocks found through a chunk index. Versions 1 and 2 (HDF5 1.4 and older) and
    /// virtual datasets are reported as unsupported.
    /// </summary>
    internal sealed class Hdf5DataLayout
    {
        public const int Compact = 0;
        public const int Contiguous = 1;
        public const int Chunked = 2;

        /// <summary>Chunk index types: version 3's v1 B-tree, and version 4's (IV.A.2.i, "Layout Version 4").</summary>
        public const int BTree1Index = 0;
        public const int SingleChunkIndex = 1;
        public const int ImplicitIndex = 2;
        public const int FixedArrayIndex = 3;
        public const int ExtensibleArrayIndex = 4;
        public const int BTree2Index = 5;

        public int Class { get; private set; }

        /// <summary>Compact: the values.</summary>
        public Hdf5Cursor? CompactData { get; private set; }

        /// <summary>Contiguous: the block's address; chunked: the chunk index's address (single chunk: the chunk's).</summary>
        public long Address { get; private set; } = Hdf5File.Undefined;

        /// <summary>Contiguous: the block's size.</summary>
        public long Size { get; private set; }

        /// <summary>Chunked: the chunk's dimensions in elements, followed by the element size in bytes.</summary>
        public long[] ChunkDimensions { get; private set; } = new long[0];

        public int IndexType { get; private set; }

        /// <summary>Single chunk index with filters: the filtered chunk's size and filter mask.</summary>
        public long SingleChunkSize { get; private set; } = -1;

        public uint SingleChunkFilterMask { get; private set; }

        /// <summary>Fixed array index: the page bits of the data block.</summary>
        public int PageBits { get; private set; }

        public static Hdf5DataLayout Read(Hdf5Cursor message)
        {
            var layout = new Hdf5DataLayout();
            byte version = message.U8();
            if (version != 3 && version != 4)
            {
                throw message.Error($"data layout version {version} is not supported (3 and 4 are; 1 and 2 come from HDF5 1.4 and older).");
            }

            layout.Class = message.U8();
            switch (layout.Class)
            {
                case Compact:
                    int size = message.U16();
                    layout.CompactData = message.Sub(size, message.What + ", compact data");
                    break;
                case Contiguous:
                    layout.Address = message.Address();
                    layout.Size = message.Length();
                    break;
                case Chunked when version == 3:
                    layout.IndexType = BTree1Index;
                    int rank = message.U8();
                    layout.Address = message.Address();
                    layout.ChunkDimensions = ReadDimensions(message, rank, 4);
                    break;
                case Chunked:
                    byte flags = message.U8();
                    int dimensionality = message.U8();
                    int encoded = message.U8();
                    if (encoded < 1 || encoded > 8) throw message.Error($"chunk dimension size of {encoded} bytes.");
                    layout.ChunkDimensions = ReadDimensions(message, dimensionality, encoded);
                    layout.IndexType = message.U8();
                    switch (layout.IndexType)
                    {
                        case SingleChunkIndex:
                            if ((flags & 0x02) != 0)
                            {
                                layout.SingleChunkSize = message.Length();
                                layout.SingleChunkFilterMask = message.U32();
                            }

                            break;
                        case ImplicitIndex:
                            break;
                        case FixedArrayIndex:
                            layout.PageBits = message.U8();
                            break;
                        case ExtensibleArrayIndex:
                        case BTree2Index:
                            throw message.Error($"chunk index type {layout.IndexType} ({(layout.IndexType == 4 ? "extensible array" : "version 2 B-tree")}, for datasets with unlimited dimensions) is not supported by CnnGen's HDF5 reader.");
                        default:
                            throw message.Error($"chunk index type {layout.IndexType} is unknown.");
                    }

                    layout.Address = message.Address();
                    break;
                case 3:
                    throw message.Error("a virtual dataset, which CnnGen's HDF5 reader does not support.");
                default:
                    throw message.Error($"layout class {layout.Class} is unknown.");
            }

            return layout;
        }

        private static long[] ReadDimensions(Hdf5Cursor message, int count, int size)
        {
            if (count < 2 || count > 33) throw message.Error($"chunk dimensionality {count} (2 to 33 expected: the rank plus one).");
            var dimensions = new long[count];
            for (int i = 0; i < count; i++)
            {
                ulong d = message.UInt(size);
                if (d == 0 || d > uint.MaxValue) throw message.Error($"chunk dimension {d} is out of range.");
                dimensions[i] = (long)d;
            }

            return dimensions;
        }
    }
}
