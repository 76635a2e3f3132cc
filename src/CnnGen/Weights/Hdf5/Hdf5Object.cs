using System;
using System.Collections.Generic;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// A group or a dataset: its header messages, and what they describe (links, attributes, dataset shape, type and
    /// storage), each worked out on first use.
    /// </summary>
    internal sealed class Hdf5Object
    {
        private readonly List<Hdf5Message> _messages;
        private List<KeyValuePair<string, long>>? _links;
        private List<Hdf5Attribute>? _attributes;
        private Hdf5Dataspace? _space;
        private Hdf5Datatype? _type;

        public Hdf5Object(Hdf5File file, long address, string path, List<Hdf5Message> messages)
        {
            File = file;
            Address = address;
            Path = path;
            _messages = messages;
        }

        public Hdf5File File { get; }

        public long Address { get; }

        /// <summary>The path this object was first reached by, for error messages.</summary>
        public string Path { get; }

        /// <summary>The object's own name: the last part of <see cref="Path"/>.</summary>
        public string Name => Path.Substring(Path.LastIndexOf('/') + 1);

        /// <summary>A dataset has a data layout message (spec IV.A.2.i).</summary>
        public bool IsDataset => Find(Hdf5Message.DataLayout) != null;

        /// <summary>
        /// A group has a symbol table message (old style, IV.A.2.r) or link info / link / group info messages (new
        /// style, IV.A.2.c, g, k).
        /// </summary>
        public bool IsGroup => !IsDataset
            && (Find(Hdf5Message.SymbolTable) != null || Find(Hdf5Message.LinkInfo) != null || Find(Hdf5Message.Link) != null || Find(Hdf5Message.GroupInfo) != null);

        public Hdf5Message? Find(int type)
        {
            foreach (Hdf5Message message in _messages)
            {
                if (message.Type == type) return message;
            }

            return null;
        }

        /// <summary>The hard links of a group, sorted by name as HDF5's name index orders them.</summary>
        public IReadOnlyList<KeyValuePair<string, long>> Links => _links ??= Hdf5Links.Read(this, _messages);

        /// <summary>The children of a group with the names their links give them, in name order.</summary>
        public IEnumerable<(string Name, Hdf5Object Object)> Children()
        {
            foreach (KeyValuePair<string, long> link in Links)
            {
                yield return (link.Key, File.Object(link.Value, Path == "/" ? "/" + link.Key : Path + "/" + link.Key));
            }
        }

        /// <summary>The object at a relative path (parts separated by '/'), or null when a part is missing.</summary>
        public Hdf5Object? Get(string path)
        {
            Hdf5Object current = this;
            foreach (string part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".") continue;
                if (!current.IsGroup) return null;
                long? address = null;
                foreach (KeyValuePair<string, long> link in current.Links)
                {
                    if (string.Equals(link.Key, part, StringComparison.Ordinal))
                    {
                        address = link.Value;
                        break;
                    }
                }

                if (address is null) return null;
                current = File.Object(address.Value, current.Path == "/" ? "/" + part : current.Path + "/" + part);
            }

            return current;
        }

        public IReadOnlyList<Hdf5Attribute> Attributes => _attributes ??= Hdf5Attribute.ReadAll(this, _messages);

        public Hdf5Attribute? Attribute(string name)
        {
            foreach (Hdf5Attribute attribute in Attributes)
            {
                if (string.Equals(attribute.Name, name, StringComparison.Ordinal)) return attribute;
            }

            return null;
        }

        /// <summary>The dataset's dataspace (spec IV.A.2.b).</summary>
        public Hdf5Dataspace Space => _space ??= Hdf5Dataspace.Read(Required(Hdf5Message.Dataspace, "dataspace").Read(File, $"dataspace of '{Path}'"));

        /// <summary>The dataset's datatype (spec IV.A.2.d).</summary>
        public Hdf5Datatype Type => _type ??= Hdf5Datatype.Read(Required(Hdf5Message.Datatype, "datatype").Read(File, $"datatype of '{Path}'"));

        /// <summary>Reads every element of the dataset as floats into <paramref name="destination"/>, whose length must be the element count.</summary>
        public void ReadFloats(Span<float> destination) => Hdf5DatasetReader.ReadFloats(this, destination);

        public Hdf5Message Required(int type, string what)
        {
            return Find(type) ?? throw new Hdf5FormatException($"'{Path}' has no {what} message.");
        }

        public override string ToString() => Path;
    }
}
