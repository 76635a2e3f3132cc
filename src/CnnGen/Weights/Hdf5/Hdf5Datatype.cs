namespace CnnGen.Hdf5
{
    /// <summary>
    /// Datatype message (spec IV.A.2.d): class and version (4 bits each), class bit fields (3), size (4), properties.
    /// Read far enough to decode IEEE floats (class 1), fixed- and variable-length strings (classes 3 and 9) and to name
    /// every other class in an error.
    /// </summary>
    internal sealed class Hdf5Datatype
    {
        /// <summary>HDF5's class names (the H5T_class_t order), as PureHDF's H5DataTypeClass spells them.</summary>
        private static readonly string[] ClassNames =
        {
            "FixedPoint", "FloatingPoint", "Time", "String", "BitField", "Opaque", "Compound", "Reference", "Enumerated", "VariableLength", "Array",
        };

        private Hdf5Datatype(int typeClass, uint size, int bits)
        {
            Class = typeClass;
            Size = size;
            Bits = bits;
        }

        public const int FixedPoint = 0;
        public const int FloatingPoint = 1;
        public const int String = 3;
        public const int VariableLength = 9;

        public int Class { get; }

        public string ClassName => Class < ClassNames.Length ? ClassNames[Class] : "class " + Class;

        /// <summary>The size of one element in bytes (for a variable-length type: of its length + heap ID).</summary>
        public uint Size { get; }

        /// <summary>The 24 class bit fields.</summary>
        public int Bits { get; }

        /// <summary>Floating point: bit 0 of the bit field is the byte order (1: big endian).</summary>
        public bool BigEndian => (Bits & 0x01) != 0;

        /// <summary>Whether this is an IEEE 754 binary16, binary32 or binary64 float that <see cref="Hdf5DatasetReader"/> can decode.</summary>
        public bool IsIeeeFloat { get; private set; }

        /// <summary>Variable-length: bits 0-3 of the bit field are the type, 1 is a string (0 a sequence).</summary>
        public bool IsVariableLengthString => Class == VariableLength && (Bits & 0x0F) == 1;

        /// <summary>Strings: the padding type, bits 0-3 (0 null-terminated, 1 null-padded, 2 space-padded); bits 8-11 for variable-length strings.</summary>
        public int StringPadding => Class == VariableLength ? (Bits >> 4) & 0x0F : Bits & 0x0F;

        public override string ToString() => ClassName + " of " + Size + " bytes";

        public static Hdf5Datatype Read(Hdf5Cursor type)
        {
            byte classAndVersion = type.U8();
            int typeClass = classAndVersion & 0x0F;
            int version = classAndVersion >> 4;
            if (version < 1 || version > 4) throw type.Error($"datatype version {version} is not supported (1 to 4 are).");
            int bits = type.U8() | type.U8() << 8 | type.U8() << 16;
            uint size = type.U32();
            var result = new Hdf5Datatype(typeClass, size, bits);
            if (typeClass == FloatingPoint)
            {
                // Properties: bit offset (2), bit precision (2), exponent location, size, mantissa location, size (1 each), exponent bias (4).
                int offset = type.U16();
                int precision = type.U16();
                int exponentLocation = type.U8();
                int exponentSize = type.U8();
                int mantissaLocation = type.U8();
                int mantissaSize = type.U8();
                uint bias = type.U32();
                bool vax = (bits & 0x40) != 0;
                result.IsIeeeFloat = !vax && offset == 0 && (
                    (size == 2 && precision == 16 && exponentLocation == 10 && exponentSize == 5 && mantissaLocation == 0 && mantissaSize == 10 && bias == 15) ||
                    (size == 4 && precision == 32 && exponentLocation == 23 && exponentSize == 8 && mantissaLocation == 0 && mantissaSize == 23 && bias == 127) ||
                    (size == 8 && precision == 64 && exponentLocation == 52 && exponentSize == 11 && mantissaLocation == 0 && mantissaSize == 52 && bias == 1023));
            }
            else if (typeClass == VariableLength)
            {
                // The base type follows; for a string it is a one-byte character, nothing the reader needs.
                if (!result.IsVariableLengthString) return result;
            }
            else if (typeClass > 10)
            {
                throw type.Error($"datatype class {typeClass} is not an HDF5 class.");
            }

            return result;
        }
    }
}
