using System;
using System.Collections.Generic;
using System.Text;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// An attribute stored in an object header (attribute message, spec IV.A.2.m, versions 1 to 3). Dense attribute
    /// storage (an attribute info message, IV.A.2.v, with a fractal heap) is reported as unsupported: h5py's default
    /// file format cannot write it, which is why Keras splits long lists into <c>name0</c>, <c>name1</c>, ...
    /// </summary>
    internal sealed class Hdf5Attribute
    {
        private readonly Hdf5Object _owner;
        private readonly Hdf5Cursor _type;
        private readonly Hdf5Cursor _space;
        private readonly Hdf5Cursor _data;
        private readonly bool _shared;

        private Hdf5Attribute(Hdf5Object owner, string name, Hdf5Cursor type, Hdf5Cursor space, Hdf5Cursor data, bool shared)
        {
            _owner = owner;
            Name = name;
            _type = type;
            _space = space;
            _data = data;
            _shared = shared;
        }

        public string Name { get; }

        private string What => $"attribute '{Name}' of '{_owner.Path}'";

        public static List<Hdf5Attribute> ReadAll(Hdf5Object owner, List<Hdf5Message> messages)
        {
            var result = new List<Hdf5Attribute>();
            foreach (Hdf5Message message in messages)
            {
                if (message.Type == Hdf5Message.AttributeInfo)
                {
                    Hdf5Cursor info = message.Read(owner.File, $"attribute info message of '{owner.Path}'");
                    byte version = info.U8();
                    if (version != 0) throw info.Error($"version {version} is not supported (0 is).");
                    byte flags = info.U8();
                    if ((flags & 0x01) != 0) info.Skip(2); // maximum creation index
                    if (info.Address() != Hdf5File.Undefined)
                    {
                        throw new Hdf5FormatException($"'{owner.Path}' keeps its attributes in dense storage (a fractal heap), which CnnGen's HDF5 reader does not support.");
                    }
                }
                else if (message.Type == Hdf5Message.Attribute)
                {
                    result.Add(Read(owner, message.Read(owner.File, $"attribute message of '{owner.Path}'")));
                }
            }

            return result;
        }

        /// <summary>
        /// Version 1: version, reserved, name size (2), datatype size (2), dataspace size (2), then name, datatype and
        /// dataspace each padded to 8 bytes, then the data. Version 2 adds flags (bit 0/1: shared datatype/dataspace)
        /// in place of the reserved byte and drops the padding; version 3 adds the name's character set (1) before the name.
        /// </summary>
        private static Hdf5Attribute Read(Hdf5Object owner, Hdf5Cursor message)
        {
            byte version = message.U8();
            if (version < 1 || version > 3) throw message.Error($"version {version} is not supported (1 to 3 are).");
            byte flags = message.U8();
            int nameSize = message.U16();
            int typeSize = message.U16();
            int spaceSize = message.U16();
            if (version == 3) message.Skip(1);
            int Padded(int size) => version == 1 ? (size + 7) & ~7 : size;
            Hdf5Cursor nameBytes = message.Sub(Padded(nameSize), message.What);
            string name = nameBytes.Text(Math.Min(nameSize, nameBytes.Remaining));
            Hdf5Cursor type = message.Sub(Padded(typeSize), $"datatype of attribute '{name}' of '{owner.Path}'");
            Hdf5Cursor space = message.Sub(Padded(spaceSize), $"dataspace of attribute '{name}' of '{owner.Path}'");
            Hdf5Cursor data = message.Sub(message.Remaining, $"attribute '{name}' of '{owner.Path}'");
            return new Hdf5Attribute(owner, name, type, space, data, version > 1 && (flags & 0x03) != 0);
        }

        /// <summary>
        /// The attribute's value as a list of strings: a scalar string is a list of one. Fixed-length strings are cut at
        /// the first NUL (space-padded ones trimmed); variable-length strings are read from the global heap. A value
        /// with no elements (Keras writes an empty list as an empty float64 array) is an empty list whatever its type.
        /// </summary>
        public string[] ReadStrings()
        {
            if (_shared) throw new Hdf5FormatException(What + ": a shared (committed) datatype or dataspace, which CnnGen's HDF5 reader does not support.");
            Hdf5Datatype type = Hdf5Datatype.Read(Copy(_type));
            Hdf5Dataspace space = Hdf5Dataspace.Read(Copy(_space));
            if (space.ElementCount == 0) return Array.Empty<string>();

            Hdf5Cursor data = Copy(_data);
            Hdf5File file = _owner.File;
            if (type.Class == Hdf5Datatype.String)
            {
                if (type.Size == 0 || space.ElementCount > data.Remaining / type.Size)
                {
                    throw data.Error($"{space.ElementCount} strings of {type.Size} bytes do not fit in its {data.Remaining} bytes.");
                }

                var result = new string[space.ElementCount];
                for (int i = 0; i < result.Length; i++)
                {
                    string text = data.Text((int)type.Size);
                    result[i] = type.StringPadding == 2 ? text.TrimEnd(' ') : text;
                }

                return result;
            }

            if (type.IsVariableLengthString)
            {
                // Each element: length (4), global heap collection address (O), object index (4) — spec IV.A.2.d, "Variable-length".
                int elementSize = 8 + file.OffsetSize;
                if (space.ElementCount > data.Remaining / elementSize)
                {
                    throw data.Error($"{space.ElementCount} variable-length strings do not fit in its {data.Remaining} bytes.");
                }

                var result = new string[space.ElementCount];
                for (int i = 0; i < result.Length; i++)
                {
                    uint length = data.U32();
                    long collection = data.Address();
                    uint index = data.U32();
                    result[i] = length == 0 || collection == Hdf5File.Undefined ? "" : TrimNul(file.GlobalHeap(collection).String(index, length));
                }

                return result;
            }

            throw new Hdf5FormatException($"{What} holds {type}, not strings.");
        }

        private static string TrimNul(string text)
        {
            int nul = text.IndexOf('\0');
            return nul < 0 ? text : text.Substring(0, nul);
        }

        private static Hdf5Cursor Copy(Hdf5Cursor cursor) => new Hdf5Cursor(cursor.File, cursor.Buffer, cursor.Position, cursor.Remaining, cursor.What);
    }
}
