using System.Collections.Generic;
using System.Text;

namespace CnnGen.Hdf5
{
    /// <summary>
    /// A global heap collection (spec III.E), where variable-length strings live: "GCOL", version 1, reserved (3),
    /// collection size (L, header included), then objects: heap object index (2), reference count (2), reserved (4),
    /// object size (L), data padded to 8 bytes. Object 0 is the free space and ends the list.
    /// </summary>
    internal sealed class Hdf5GlobalHeap
    {
        private readonly Hdf5File _file;
        private readonly byte[] _data;
        private readonly Dictionary<uint, (int Start, int Length)> _objects;
        private readonly long _address;

        private Hdf5GlobalHeap(Hdf5File file, long address, byte[] data, Dictionary<uint, (int, int)> objects)
        {
            _file = file;
            _address = address;
            _data = data;
            _objects = objects;
        }

        public static Hdf5GlobalHeap Read(Hdf5File file, long address)
        {
            string what = $"global heap collection at {address}";
            int headSize = 8 + file.LengthSize;
            Hdf5Cursor head = file.Metadata(address, headSize, what);
            head.Signature("GCOL");
            byte version = head.U8();
            if (version != 1) throw head.Error($"version {version} is not supported (1 is).");
            head.Skip(3);
            long size = head.Length();
            if (size < headSize) throw head.Error($"collection size {size} is smaller than its header.");
            Hdf5Cursor body = file.Metadata(address + headSize, size - headSize, what);
            var objects = new Dictionary<uint, (int, int)>();
            int objectHead = 8 + file.LengthSize;
            while (body.Remaining >= objectHead)
            {
                uint index = body.U16();
                body.Skip(6); // reference count, reserved
                long length = body.Length();
                if (index == 0) break;
                if (length > body.Remaining) throw body.Error($"object {index} of {length} bytes runs past the collection.");
                int start = body.Position;
                body.Skip((int)length);
                body.Skip((int)System.Math.Min(body.Remaining, (8 - length % 8) % 8));
                objects[index] = (start, (int)length);
            }

            return new Hdf5GlobalHeap(file, address, body.Buffer, objects);
        }

        /// <summary>The bytes of object <paramref name="index"/> decoded as UTF-8, at most <paramref name="length"/> bytes of it.</summary>
        public string String(uint index, uint length)
        {
            if (!_objects.TryGetValue(index, out (int Start, int Length) obj))
            {
                throw new Hdf5FormatException($"global heap collection at {_address} has no object {index}.");
            }

            if (length > obj.Length) throw new Hdf5FormatException($"global heap collection at {_address}: a string of {length} bytes in object {index} of {obj.Length} bytes.");
            _file.Charge(length, $"global heap collection at {_address}");
            return Encoding.UTF8.GetString(_data, obj.Start, (int)length);
        }
    }
}
