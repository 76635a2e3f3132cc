using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen
{
    /// <summary>
    /// Decodes the little-endian values weight files store (float32, float16, uint8, uint16) into floats,
    /// on either byte order of the machine.
    /// </summary>
    internal static class LittleEndian
    {
        /// <summary>Copies <c>destination.Length</c> float32 values from <paramref name="source"/>.</summary>
        public static void CopyFloat32(ReadOnlySpan<byte> source, Span<float> destination)
        {
            MemoryMarshal.Cast<byte, float>(source.Slice(0, destination.Length * sizeof(float))).CopyTo(destination);
            if (!BitConverter.IsLittleEndian)
            {
                Span<int> bits = MemoryMarshal.Cast<float, int>(destination);
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = BinaryPrimitives.ReverseEndianness(bits[i]);
                }
            }
        }

        /// <summary>Decodes <c>destination.Length</c> IEEE 754 binary16 values (TF.js float16 quantization).</summary>
        public static void CopyFloat16(ReadOnlySpan<byte> source, Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source.Slice(2 * i)));
            }
        }

        /// <summary>Dequantizes uint8 values: <c>v * scale + min</c>, computed in double as TF.js does, then rounded to float.</summary>
        public static void DequantizeUInt8(ReadOnlySpan<byte> source, double scale, double min, Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)(source[i] * scale + min);
            }
        }

        /// <summary>Dequantizes little-endian uint16 values: <c>v * scale + min</c>, as <see cref="DequantizeUInt8"/>.</summary>
        public static void DequantizeUInt16(ReadOnlySpan<byte> source, double scale, double min, Span<float> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)(BinaryPrimitives.ReadUInt16LittleEndian(source.Slice(2 * i)) * scale + min);
            }
        }

        /// <summary>
        /// Converts binary16 bits to a float exactly (every half is representable as a float): subnormals become
        /// normal floats, infinities and NaNs keep their class. Written out because <c>System.Half</c> is not in
        /// netstandard2.0.
        /// </summary>
        public static float HalfToSingle(ushort half)
        {
            uint sign = (uint)(half & 0x8000) << 16;
            int exponent = (half >> 10) & 0x1F;
            uint mantissa = (uint)(half & 0x03FF);

            uint bits;
            if (exponent == 0x1F)
            {
                // Infinity or NaN: all-ones exponent; the mantissa (NaN payload) moves to the top of the float's.
                bits = sign | 0x7F80_0000u | (mantissa << 13);
            }
            else if (exponent != 0)
            {
                bits = sign | ((uint)(exponent - 15 + 127) << 23) | (mantissa << 13);
            }
            else if (mantissa == 0)
            {
                bits = sign;
            }
            else
            {
                // Subnormal half: value = mantissa * 2^-24. Shift the leading one up to the implicit bit.
                int e = -1;
                do
                {
                    mantissa <<= 1;
                    e++;
                }
                while ((mantissa & 0x0400) == 0);

                bits = sign | ((uint)(127 - 15 - e) << 23) | ((mantissa & 0x03FF) << 13);
            }

            // BitConverter.Int32BitsToSingle is missing from netstandard2.0.
            return Unsafe.As<uint, float>(ref bits);
        }
    }
}
