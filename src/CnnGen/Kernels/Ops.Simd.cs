#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels
{
    public static partial class Ops
    {
        /// <summary>
        /// The vector operations of the width-generic layer code (a generated body written once over <c>V</c>); one struct
        /// per width implements them with static members, so the JIT compiles the body once per width and inlines these.
        /// </summary>
        public interface ISimd<T> where T : struct
        {
            /// <summary>Floats per vector.</summary>
            static abstract int Count { get; }

            /// <summary>Every lane <paramref name="value"/>.</summary>
            static abstract T Create(float value);

            /// <summary>Loads <see cref="Count"/> floats from <paramref name="source"/> on, unaligned and unchecked.</summary>
            static abstract T LoadUnsafe(ref float source);

            /// <summary>Stores <see cref="Count"/> floats from <paramref name="destination"/> on, unaligned and unchecked.</summary>
            static abstract void StoreUnsafe(T value, ref float destination);

            /// <summary>a + b.</summary>
            static abstract T Add(T a, T b);

            /// <summary>a - b.</summary>
            static abstract T Subtract(T a, T b);

            /// <summary>The larger lane of each pair.</summary>
            static abstract T Max(T a, T b);

            /// <summary>The smaller lane of each pair.</summary>
            static abstract T Min(T a, T b);

            /// <summary>a * b + c: one fused instruction where the CPU has FMA, else a multiply and an add.</summary>
            static abstract T MultiplyAddEstimate(T a, T b, T c);

            /// <summary>One bit per lane, set where the lane is not 0.</summary>
            static abstract ulong NonzeroMask(T value);
        }

        /// <summary>The <see cref="ISimd{T}"/> operations on <see cref="Vector128{T}"/>.</summary>
        public readonly struct Simd128 : ISimd<Vector128<float>>
        {
            /// <inheritdoc/>
            public static int Count => 4;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Create(float value) => Vector128.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> LoadUnsafe(ref float source) => Vector128.LoadUnsafe(ref source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static void StoreUnsafe(Vector128<float> value, ref float destination) => Vector128.StoreUnsafe(value, ref destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<float> MultiplyAddEstimate(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
                Fma.IsSupported ? Fma.MultiplyAdd(a, b, c)
                : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b)
                : c + a * b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong NonzeroMask(Vector128<float> value) => Vector128.ExtractMostSignificantBits(~Vector128.Equals(value, Vector128<float>.Zero));
        }

        /// <summary>The <see cref="ISimd{T}"/> operations on <see cref="Vector256{T}"/>.</summary>
        public readonly struct Simd256 : ISimd<Vector256<float>>
        {
            /// <inheritdoc/>
            public static int Count => 8;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Create(float value) => Vector256.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> LoadUnsafe(ref float source) => Vector256.LoadUnsafe(ref source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static void StoreUnsafe(Vector256<float> value, ref float destination) => Vector256.StoreUnsafe(value, ref destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<float> MultiplyAddEstimate(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
                Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : c + a * b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong NonzeroMask(Vector256<float> value) => Vector256.ExtractMostSignificantBits(~Vector256.Equals(value, Vector256<float>.Zero));
        }

        /// <summary>The <see cref="ISimd{T}"/> operations on <see cref="Vector512{T}"/>.</summary>
        public readonly struct Simd512 : ISimd<Vector512<float>>
        {
            /// <inheritdoc/>
            public static int Count => 16;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> Create(float value) => Vector512.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> LoadUnsafe(ref float source) => Vector512.LoadUnsafe(ref source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static void StoreUnsafe(Vector512<float> value, ref float destination) => Vector512.StoreUnsafe(value, ref destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<float> MultiplyAddEstimate(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
                Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : c + a * b;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static ulong NonzeroMask(Vector512<float> value) => Vector512.ExtractMostSignificantBits(~Vector512.Equals(value, Vector512<float>.Zero));
        }

        /// <summary>
        /// Writes to <paramref name="indices"/>, in increasing order, every i below <paramref name="length"/> for which
        /// x[s * length + i] is not 0 in at least one of the <paramref name="samples"/> samples, and returns how many there
        /// are. A dense layer then reads only those kernel rows: after a relu most inputs are 0, and a skipped term is
        /// exactly 0 * w. Found a vector at a time from the comparison mask, with the widest vector the CPU accelerates.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="x"/> holds fewer than samples × length floats, or
        /// <paramref name="indices"/> fewer than length.</exception>
        public static int GatherNonzero(ReadOnlySpan<float> x, int length, int samples, Span<int> indices)
        {
            if (length < 0 || samples < 1 || (long)length * samples > x.Length || indices.Length < length)
            {
                throw new ArgumentException($"GatherNonzero needs {samples} x {length} inputs and {length} indices, got {x.Length} and {indices.Length}.");
            }
#if NET9_0_OR_GREATER
            if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated) return GatherCompress(x, length, samples, indices);
#endif
            if (Vector512.IsHardwareAccelerated) return Gather<Simd512, Vector512<float>>(x, length, samples, indices);
            if (Vector256.IsHardwareAccelerated) return Gather<Simd256, Vector256<float>>(x, length, samples, indices);
            if (Vector128.IsHardwareAccelerated) return Gather<Simd128, Vector128<float>>(x, length, samples, indices);
            return GatherTail(x, length, samples, indices, 0, 0);
        }

        private static int Gather<V, T>(ReadOnlySpan<float> x, int length, int samples, Span<int> indices) where V : struct, ISimd<T> where T : struct
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref int nz = ref MemoryMarshal.GetReference(indices);
            int count = 0, full = length - length % V.Count;
            for (int i = 0; i < full; i += V.Count)
            {
                ulong mask = V.NonzeroMask(V.LoadUnsafe(ref Unsafe.Add(ref xr, i)));
                for (int s = 1; s < samples; s++) mask |= V.NonzeroMask(V.LoadUnsafe(ref Unsafe.Add(ref xr, s * length + i)));
                while (mask != 0)
                {
                    Unsafe.Add(ref nz, count++) = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
            return GatherTail(x, length, samples, indices, full, count);
        }

#if NET9_0_OR_GREATER
        /// <summary>
        /// AVX-512 (.NET 9+, which has VPCOMPRESSD): the samples' bits OR-ed (a value is nonzero when its bits other than the sign are not all 0, so -0 is
        /// 0 and NaN is not, as for the == 0 test), then the indices of the nonzero lanes packed by VPCOMPRESSD and
        /// stored as a whole vector at the current count: the count never passes the index being scanned, so the store
        /// stays inside the first <paramref name="length"/> entries. No branch per nonzero input.
        /// </summary>
        private static int GatherCompress(ReadOnlySpan<float> x, int length, int samples, Span<int> indices)
        {
            ref int xr = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(x));
            ref int nz = ref MemoryMarshal.GetReference(indices);
            int count = 0, full = length - length % 16;
            Vector512<int> lanes = Vector512<int>.Indices, magnitude = Vector512.Create(0x7FFFFFFF);
            for (int i = 0; i < full; i += 16)
            {
                Vector512<int> bits = Vector512.LoadUnsafe(ref Unsafe.Add(ref xr, i));
                for (int s = 1; s < samples; s++) bits |= Vector512.LoadUnsafe(ref Unsafe.Add(ref xr, s * length + i));
                Vector512<int> nonzero = ~Vector512.Equals(bits & magnitude, Vector512<int>.Zero);
                Avx512F.Compress(Vector512<int>.Zero, nonzero, lanes + Vector512.Create(i)).StoreUnsafe(ref Unsafe.Add(ref nz, count));
                count += BitOperations.PopCount(nonzero.ExtractMostSignificantBits());
            }
            return GatherTail(x, length, samples, indices, full, count);
        }
#endif

        private static int GatherTail(ReadOnlySpan<float> x, int length, int samples, Span<int> indices, int from, int count)
        {
            for (int i = from; i < length; i++)
            {
                for (int s = 0; s < samples; s++)
                {
                    if (x[s * length + i] != 0f)
                    {
                        indices[count++] = i;
                        break;
                    }
                }
            }
            return count;
        }
    }
}
#endif
