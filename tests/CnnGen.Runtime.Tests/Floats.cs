using System;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace CnnGen.Runtime.Tests
{
    /// <summary>Small helpers for comparing float data.</summary>
    internal static class Floats
    {
        /// <summary>Reads <paramref name="count"/> little-endian float32 values at <paramref name="byteOffset"/> of a file.</summary>
        public static float[] Read(byte[] bytes, long byteOffset, int count)
        {
            Assert.True(BitConverter.IsLittleEndian, "These tests read little-endian fixtures with MemoryMarshal.");
            return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(checked((int)byteOffset), count * 4)).ToArray();
        }

        public static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        /// <summary>Asserts bit-for-bit equality, reporting the first differing index.</summary>
        public static void Identical(float[] expected, float[] actual, string what)
        {
            Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}.");
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    Assert.Fail($"{what}: value {i} differs: expected {expected[i]:R}, got {actual[i]:R}.");
                }
            }
        }
    }
}
