namespace CnnGen.Hdf5
{
    /// <summary>
    /// Dataspace message (spec IV.A.2.b): scalar, simple (an array of dimensions) or null (no elements). Version 1:
    /// version, rank, flags, reserved (5), dimensions (L each), maximum dimensions; version 2: version, rank, flags,
    /// type, dimensions, maximum dimensions.
    /// </summary>
    internal sealed class Hdf5Dataspace
    {
        private const int MaxRank = 32;

        private Hdf5Dataspace(bool isNull, long[] dimensions, long elementCount)
        {
            IsNull = isNull;
            Dimensions = dimensions;
            ElementCount = elementCount;
        }

        public bool IsNull { get; }

        public bool IsScalar => !IsNull && Dimensions.Length == 0;

        /// <summary>The shape; empty for a scalar or null dataspace.</summary>
        public long[] Dimensions { get; }

        /// <summary>The number of elements: the product of the dimensions, 1 for a scalar, 0 for null.</summary>
        public long ElementCount { get; }

        public static Hdf5Dataspace Read(Hdf5Cursor space)
        {
            byte version = space.U8();
            int rank = space.U8();
            space.U8(); // flags: maximum dimensions (bit 0) and permutation (bit 1) follow the dimensions; neither is needed
            bool isNull = false;
            if (version == 1)
            {
                space.Skip(5);
            }
            else if (version == 2)
            {
                byte type = space.U8();
                if (type > 2) throw space.Error($"dataspace type {type} is not scalar (0), simple (1) or null (2).");
                isNull = type == 2;
                if (type != 1 && rank != 0) throw space.Error($"a scalar or null dataspace of rank {rank}.");
            }
            else
            {
                throw space.Error($"dataspace version {version} is not supported (1 and 2 are).");
            }

            if (rank > MaxRank) throw space.Error($"rank {rank} is more than HDF5's {MaxRank}.");
            var dimensions = new long[rank];
            long count = isNull ? 0 : 1;
            for (int i = 0; i < rank; i++)
            {
                long d = space.Length();
                dimensions[i] = d;
                if (d != 0 && count > long.MaxValue / d) throw space.Error("the dimensions multiply past 2^63 elements.");
                count *= d;
            }

            return new Hdf5Dataspace(isNull, dimensions, count);
        }
    }
}
