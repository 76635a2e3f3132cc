using System;
using System.Globalization;
using System.Text;

namespace CnnGen.Generator.Model
{
    /// <summary>A tensor shape without the batch axis, e.g. (26, 26, 64) for NHWC (None, 26, 26, 64).</summary>
    internal sealed record TensorShape(EquatableArray<int> Dims)
    {
        public static TensorShape Of(params int[] dims) => new TensorShape(new EquatableArray<int>(dims));

        public int Rank => Dims.Count;

        public int this[int axis] => Dims[axis];

        /// <summary>Number of elements of one sample; long so that absurd declared shapes cannot overflow.</summary>
        public long Length
        {
            get
            {
                long n = 1;
                foreach (int d in Dims)
                {
                    // Saturates instead of wrapping ([Input(int.MaxValue, 13, 1073741824)] is 2^64.7): the limits see it.
                    if (d > 0 && n > long.MaxValue / d) return long.MaxValue;
                    n *= d;
                }
                return n;
            }
        }

        /// <summary>The last axis: channels for images, features for vectors and sequences.</summary>
        public int Last => Dims[Dims.Count - 1];

        /// <summary>Keras' text: <c>(None, 26, 26, 64)</c>, as Python prints the shape tuple.</summary>
        public string ToKerasString()
        {
            var sb = new StringBuilder("(None");
            foreach (int d in Dims) sb.Append(", ").Append(d.ToString(CultureInfo.InvariantCulture));
            return sb.Append(')').ToString();
        }

        /// <summary>Compact text for messages and comments: <c>26x26x64</c>.</summary>
        public override string ToString() => string.Join("x", Dims);
    }
}
