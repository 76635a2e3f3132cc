// Prototype, written by hand, of the code CnnGen should emit for the seed CNN (phase 1 of the speed issue).
// The emitter is to produce this shape for any model: one straight-line method per fused layer and vector
// width, shapes and offsets as literal constants, register blocks as named locals.
//
// Layers (Keras, NHWC, batch dimension omitted):
//   input                                   [28,28,1]
//   conv2d (3x3, valid) + relu
//     + max_pooling2d (2)                   [28,28,1]  → [13,13,64]  direct convolution; the [26,26,64] map
//                                                                    lives only in registers
//   conv2d_1 (3x3, valid) + relu
//     + max_pooling2d_1 (2)                 [13,13,64] → [5,5,64]    Winograd F(4x4,3x3) on 3x3 tiles = 12x12
//                                                                    outputs; the pooling reads 10x10 of them
//   flatten                                 [5,5,64]   → [1600]      no code: [5,5,64] is already Keras order
//   dense + relu                            [1600]     → [128]       4 images share each weight load
//   dense_1 + softmax                       [128]      → [10]
#nullable enable

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace CnnGen.Benchmarks.Prototype;

/// <summary>
/// The seed CNN, shape-specialized: 28x28x1 → Conv2D(64,3x3,relu) → MaxPooling2D(2) → Conv2D(64,3x3,relu) →
/// MaxPooling2D(2) → Flatten → Dense(128,relu) → Dense(10,softmax). Allocates nothing per call.
/// </summary>
/// <remarks>
/// Each layer dispatches once on the widest accelerated vector: Vector512 → Vector256 → Vector128 → scalar
/// (the checks are JIT-time constants, so only one branch is compiled). All paths use the same repacked
/// weights and the same scratch layouts. An instance is not safe for concurrent calls: it owns its scratch.
/// </remarks>
public sealed unsafe class SeedCnnPrototype
{
    /// <summary>Number of float32 weights the constructor takes (Keras order).</summary>
    public const int WeightCount = 243_786;

    /// <summary>Floats per input image, [28,28,1].</summary>
    public const int InputSize = 784;

    /// <summary>Floats per output, [10].</summary>
    public const int OutputSize = 10;

    // Repacked weights, one pinned 64-byte aligned block; every offset is a multiple of 16 floats.
    //   conv1 kernel [9 taps][64 co]            = Keras HWIO [3,3,1,64] unchanged
    //   conv1 bias   [64]
    //   conv2 U      [36 ξ][64 ci][64 co]       Winograd-domain kernel U = G·g·Gᵀ per (ci, co), ξ = 6i + j
    //   conv2 bias   [64]
    //   dense1       [1600 in][128 out]         = Keras [1600,128] unchanged
    //   dense1 bias  [128]
    //   dense2       [128 in][16 out]           Keras [128,10], outputs padded with zeros to 16
    //   dense2 bias  [16]
    private const int WeightBlockSize = 576 + 64 + 147_456 + 64 + 204_800 + 128 + 2_048 + 16;

    private readonly float[] _weightBlock;
    private readonly float* _conv1Kernel;
    private readonly float* _conv1Bias;
    private readonly float* _conv2U;
    private readonly float* _conv2Bias;
    private readonly float* _dense1Kernel;
    private readonly float* _dense1Bias;
    private readonly float* _dense2Kernel;
    private readonly float* _dense2Bias;

    private readonly Workspace[] _workspaces;
    private readonly RangeWorkItem[] _workItems;

    /// <summary>Repacks <paramref name="weights"/> (Keras order: kernel, bias per layer) for the fast kernels.</summary>
    /// <param name="weights">The 243,786 weights as Keras stores them (<c>model.weights</c> order).</param>
    /// <param name="maxDegreeOfParallelism">
    /// Threads a batch is split across (the caller's thread plus thread-pool threads); 1 runs everything on
    /// the caller's thread.
    /// </param>
    public SeedCnnPrototype(ReadOnlySpan<float> weights, int maxDegreeOfParallelism = 1)
    {
        if (weights.Length != WeightCount)
        {
            throw new ArgumentException($"Expected {WeightCount} weights, got {weights.Length}.", nameof(weights));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);

        float* p = AllocateAligned(WeightBlockSize, out _weightBlock);
        _conv1Kernel = p; p += 576;
        _conv1Bias = p; p += 64;
        _conv2U = p; p += 147_456;
        _conv2Bias = p; p += 64;
        _dense1Kernel = p; p += 204_800;
        _dense1Bias = p; p += 128;
        _dense2Kernel = p; p += 2_048;
        _dense2Bias = p;

        ReadOnlySpan<float> conv1Kernel = weights.Slice(0, 576);
        ReadOnlySpan<float> conv1Bias = weights.Slice(576, 64);
        ReadOnlySpan<float> conv2Kernel = weights.Slice(640, 36_864);
        ReadOnlySpan<float> conv2Bias = weights.Slice(37_504, 64);
        ReadOnlySpan<float> dense1Kernel = weights.Slice(37_568, 204_800);
        ReadOnlySpan<float> dense1Bias = weights.Slice(242_368, 128);
        ReadOnlySpan<float> dense2Kernel = weights.Slice(242_496, 1_280);
        ReadOnlySpan<float> dense2Bias = weights.Slice(243_776, 10);

        conv1Kernel.CopyTo(new Span<float>(_conv1Kernel, 576));
        conv1Bias.CopyTo(new Span<float>(_conv1Bias, 64));
        RepackWinogradKernel(conv2Kernel, _conv2U);
        conv2Bias.CopyTo(new Span<float>(_conv2Bias, 64));
        dense1Kernel.CopyTo(new Span<float>(_dense1Kernel, 204_800));
        dense1Bias.CopyTo(new Span<float>(_dense1Bias, 128));
        for (int i = 0; i < 128; i++)
        {
            dense2Kernel.Slice(i * 10, 10).CopyTo(new Span<float>(_dense2Kernel + i * 16, 10));
        }

        dense2Bias.CopyTo(new Span<float>(_dense2Bias, 10));

        _workspaces = new Workspace[maxDegreeOfParallelism];
        _workItems = new RangeWorkItem[maxDegreeOfParallelism];
        for (int k = 0; k < maxDegreeOfParallelism; k++)
        {
            _workspaces[k] = new Workspace();
            _workItems[k] = new RangeWorkItem(this, _workspaces[k]);
        }
    }

    /// <summary>Which vector width the kernels run on in this process.</summary>
    public static string VectorPath =>
        Vector512.IsHardwareAccelerated ? "Vector512" :
        Vector256.IsHardwareAccelerated ? "Vector256" :
        Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";

    /// <summary>The threads a batch is split across.</summary>
    public int MaxDegreeOfParallelism => _workspaces.Length;

    /// <summary>Predicts one image: <paramref name="input"/> [28,28,1] → <paramref name="output"/> [10] probabilities.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Predict(input, output, 1);

    /// <summary>
    /// Predicts <paramref name="batchSize"/> images: <paramref name="inputs"/> [N,28,28,1] →
    /// <paramref name="outputs"/> [N,10]. The batch is split into contiguous ranges, one per thread.
    /// </summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (inputs.Length < batchSize * InputSize)
        {
            throw new ArgumentException($"Need {batchSize * InputSize} input floats, got {inputs.Length}.", nameof(inputs));
        }

        if (outputs.Length < batchSize * OutputSize)
        {
            throw new ArgumentException($"Need {batchSize * OutputSize} output floats, got {outputs.Length}.", nameof(outputs));
        }

        fixed (float* input = inputs)
        fixed (float* output = outputs)
        {
            // Ranges are multiples of 4 images (the dense layer's block) except the last.
            int threads = Math.Min(_workspaces.Length, (batchSize + 3) / 4);
            if (threads <= 1)
            {
                RunImages(_workspaces[0], input, output, batchSize);
                return;
            }

            int perThread = ((batchSize + threads - 1) / threads + 3) & ~3;
            int helpers = 0;
            for (int k = 1; k < threads && k * perThread < batchSize; k++)
            {
                int start = k * perThread;
                _workItems[k].Start(input + start * InputSize, output + start * OutputSize, Math.Min(perThread, batchSize - start));
                helpers++;
            }

            RunImages(_workspaces[0], input, output, Math.Min(perThread, batchSize));
            for (int k = 1; k <= helpers; k++)
            {
                _workItems[k].Wait();
            }
        }
    }

    /// <summary>The whole network for <paramref name="count"/> images, on one thread, with one workspace.</summary>
    private void RunImages(Workspace ws, float* input, float* output, int count)
    {
        for (int n = 0; n < count; n += 4)
        {
            int group = Math.Min(4, count - n);
            for (int k = 0; k < group; k++)
            {
                float* image = input + (n + k) * 784;
                float* features = ws.Features + k * 1600;
                Conv1ReluPool(image, ws.Pool1);
                Conv2WinogradInput(ws.Pool1, ws.WinogradV, ws.Transform);
                Conv2WinogradGemm(ws.WinogradV, ws.WinogradM);
                Conv2WinogradOutputReluPool(ws.WinogradM, features, ws.Transform);
            }

            if (group == 4)
            {
                Dense1Relu4(ws.Features, ws.Hidden, ws.Nonzero);
            }
            else
            {
                for (int k = 0; k < group; k++)
                {
                    Dense1Relu1(ws.Features + k * 1600, ws.Hidden + k * 128, ws.Nonzero);
                }
            }

            for (int k = 0; k < group; k++)
            {
                Dense2Softmax(ws.Hidden + k * 128, output + (n + k) * 10, ws.Logits);
            }
        }
    }

    // ---- Per-layer dispatch: Vector512 → Vector256 → Vector128 → scalar ----

    private void Conv1ReluPool(float* input, float* pool1)
    {
        if (Vector512.IsHardwareAccelerated) Conv1ReluPool512(input, pool1);
        else if (Vector256.IsHardwareAccelerated) Conv1ReluPool256(input, pool1);
        else if (Vector128.IsHardwareAccelerated) Conv1ReluPool128(input, pool1);
        else Conv1ReluPoolScalar(input, pool1);
    }

    private static void Conv2WinogradInput(float* pool1, float* v, float* scratch)
    {
        if (Vector512.IsHardwareAccelerated) Conv2WinogradInput512(pool1, v, scratch);
        else if (Vector256.IsHardwareAccelerated) Conv2WinogradInput256(pool1, v, scratch);
        else if (Vector128.IsHardwareAccelerated) Conv2WinogradInput128(pool1, v, scratch);
        else Conv2WinogradInputScalar(pool1, v);
    }

    private void Conv2WinogradGemm(float* v, float* m)
    {
        if (Vector512.IsHardwareAccelerated) Conv2WinogradGemm512(v, m);
        else if (Vector256.IsHardwareAccelerated) Conv2WinogradGemm256(v, m);
        else if (Vector128.IsHardwareAccelerated) Conv2WinogradGemm128(v, m);
        else Conv2WinogradGemmScalar(v, m);
    }

    private void Conv2WinogradOutputReluPool(float* m, float* features, float* scratch)
    {
        if (Vector512.IsHardwareAccelerated) Conv2WinogradOutputReluPool512(m, features, scratch);
        else if (Vector256.IsHardwareAccelerated) Conv2WinogradOutputReluPool256(m, features, scratch);
        else if (Vector128.IsHardwareAccelerated) Conv2WinogradOutputReluPool128(m, features, scratch);
        else Conv2WinogradOutputReluPoolScalar(m, features);
    }

    private void Dense1Relu4(float* features, float* hidden, int* nonzero)
    {
        if (Vector512.IsHardwareAccelerated) Dense1Relu4512(features, hidden, nonzero);
        else if (Vector256.IsHardwareAccelerated) Dense1Relu4256(features, hidden, nonzero);
        else if (Vector128.IsHardwareAccelerated) Dense1Relu4128(features, hidden, nonzero);
        else
        {
            for (int k = 0; k < 4; k++)
            {
                Dense1Relu1Scalar(features + k * 1600, hidden + k * 128);
            }
        }
    }

    private void Dense1Relu1(float* features, float* hidden, int* nonzero)
    {
        if (Vector512.IsHardwareAccelerated) Dense1Relu1512(features, hidden, nonzero);
        else if (Vector256.IsHardwareAccelerated) Dense1Relu1256(features, hidden, nonzero);
        else if (Vector128.IsHardwareAccelerated) Dense1Relu1128(features, hidden, nonzero);
        else Dense1Relu1Scalar(features, hidden);
    }

    private void Dense2Softmax(float* hidden, float* output, float* logits)
    {
        if (Vector512.IsHardwareAccelerated) Dense2Softmax512(hidden, output, logits);
        else if (Vector256.IsHardwareAccelerated) Dense2Softmax256(hidden, output, logits);
        else if (Vector128.IsHardwareAccelerated) Dense2Softmax128(hidden, output, logits);
        else Dense2SoftmaxScalar(hidden, output, logits);
    }

    // ---- Vector512 ----

    /// <summary>conv2d + ReLU + max_pooling2d on Vector512: [28,28,1] → [13,13,64] (stored in a [14,14,64] buffer).</summary>
    /// <remarks>
    /// Output channels in groups of 32 (2 vectors): the group's 9 taps × 2 weight vectors stay in registers for the
    /// whole image. Per pooled pixel, the 2x2 conv outputs × 2 vectors are 8 accumulators fed by the 16
    /// broadcast pixels of the 4x4 input patch (36 pixel-tap pairs); bias and ReLU after the max (both monotonic).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv1ReluPool512(float* input, float* pool1)
    {
        for (int g = 0; g < 64; g += 32)
        {
            float* w = _conv1Kernel + g;
            var w0_0 = Vector512.Load(w + 0); var w0_1 = Vector512.Load(w + 16);
            var w1_0 = Vector512.Load(w + 64); var w1_1 = Vector512.Load(w + 80);
            var w2_0 = Vector512.Load(w + 128); var w2_1 = Vector512.Load(w + 144);
            var w3_0 = Vector512.Load(w + 192); var w3_1 = Vector512.Load(w + 208);
            var w4_0 = Vector512.Load(w + 256); var w4_1 = Vector512.Load(w + 272);
            var w5_0 = Vector512.Load(w + 320); var w5_1 = Vector512.Load(w + 336);
            var w6_0 = Vector512.Load(w + 384); var w6_1 = Vector512.Load(w + 400);
            var w7_0 = Vector512.Load(w + 448); var w7_1 = Vector512.Load(w + 464);
            var w8_0 = Vector512.Load(w + 512); var w8_1 = Vector512.Load(w + 528);
            var b_0 = Vector512.Load(_conv1Bias + g + 0); var b_1 = Vector512.Load(_conv1Bias + g + 16);
            for (int py = 0; py < 13; py++)
            {
                for (int px = 0; px < 13; px++)
                {
                    // 4x4 input patch at (2py, 2px) → conv outputs (2py+dy, 2px+dx), dy, dx ∈ {0, 1}.
                    float* src = input + (py * 28 + px) * 2;
                    Vector512<float> a00_0 = Vector512<float>.Zero, a00_1 = Vector512<float>.Zero, a01_0 = Vector512<float>.Zero, a01_1 = Vector512<float>.Zero, a10_0 = Vector512<float>.Zero, a10_1 = Vector512<float>.Zero, a11_0 = Vector512<float>.Zero, a11_1 = Vector512<float>.Zero;
                    Vector512<float> x;
                    x = Vector512.Create(src[0]); // input (0,0)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w0_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w0_1, a00_1);
                    x = Vector512.Create(src[1]); // input (0,1)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w1_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w1_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w0_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w0_1, a01_1);
                    x = Vector512.Create(src[2]); // input (0,2)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w2_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w2_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w1_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w1_1, a01_1);
                    x = Vector512.Create(src[3]); // input (0,3)
                    a01_0 = Vector512.MultiplyAddEstimate(x, w2_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w2_1, a01_1);
                    x = Vector512.Create(src[28]); // input (1,0)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w3_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w3_1, a00_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w0_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w0_1, a10_1);
                    x = Vector512.Create(src[29]); // input (1,1)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w4_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w4_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w3_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w3_1, a01_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w1_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w1_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w0_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w0_1, a11_1);
                    x = Vector512.Create(src[30]); // input (1,2)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w5_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w5_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w4_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w4_1, a01_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w2_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w2_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w1_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w1_1, a11_1);
                    x = Vector512.Create(src[31]); // input (1,3)
                    a01_0 = Vector512.MultiplyAddEstimate(x, w5_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w5_1, a01_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w2_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w2_1, a11_1);
                    x = Vector512.Create(src[56]); // input (2,0)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w6_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w6_1, a00_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w3_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w3_1, a10_1);
                    x = Vector512.Create(src[57]); // input (2,1)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w7_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w7_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w6_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w6_1, a01_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w4_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w4_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w3_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w3_1, a11_1);
                    x = Vector512.Create(src[58]); // input (2,2)
                    a00_0 = Vector512.MultiplyAddEstimate(x, w8_0, a00_0); a00_1 = Vector512.MultiplyAddEstimate(x, w8_1, a00_1);
                    a01_0 = Vector512.MultiplyAddEstimate(x, w7_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w7_1, a01_1);
                    a10_0 = Vector512.MultiplyAddEstimate(x, w5_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w5_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w4_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w4_1, a11_1);
                    x = Vector512.Create(src[59]); // input (2,3)
                    a01_0 = Vector512.MultiplyAddEstimate(x, w8_0, a01_0); a01_1 = Vector512.MultiplyAddEstimate(x, w8_1, a01_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w5_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w5_1, a11_1);
                    x = Vector512.Create(src[84]); // input (3,0)
                    a10_0 = Vector512.MultiplyAddEstimate(x, w6_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w6_1, a10_1);
                    x = Vector512.Create(src[85]); // input (3,1)
                    a10_0 = Vector512.MultiplyAddEstimate(x, w7_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w7_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w6_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w6_1, a11_1);
                    x = Vector512.Create(src[86]); // input (3,2)
                    a10_0 = Vector512.MultiplyAddEstimate(x, w8_0, a10_0); a10_1 = Vector512.MultiplyAddEstimate(x, w8_1, a10_1);
                    a11_0 = Vector512.MultiplyAddEstimate(x, w7_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w7_1, a11_1);
                    x = Vector512.Create(src[87]); // input (3,3)
                    a11_0 = Vector512.MultiplyAddEstimate(x, w8_0, a11_0); a11_1 = Vector512.MultiplyAddEstimate(x, w8_1, a11_1);
                    float* dst = pool1 + (py * 14 + px) * 64 + g;
                    Vector512.Store(Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(a00_0, a01_0), Vector512.MaxNative(a10_0, a11_0)) + b_0, Vector512<float>.Zero), dst + 0);
                    Vector512.Store(Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(a00_1, a01_1), Vector512.MaxNative(a10_1, a11_1)) + b_1, Vector512<float>.Zero), dst + 16);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 1 on Vector512: Winograd F(4x4,3x3) input transform V = Bᵀ·d·B of the 9 6x6 patches
    /// (tile (ty, tx) covers conv outputs 4ty..4ty+3 × 4tx..4tx+3, input rows/columns 4ty..4ty+5 × 4tx..4tx+5;
    /// the last tile row and column read pool1's zero row and column 13).
    /// </summary>
    /// <remarks>
    /// 1-D transform (Bᵀ rows [4,0,-5,0,1,0], [0,-4,-4,1,1,0], [0,4,-4,-1,1,0], [0,-2,-1,2,1,0], [0,2,-1,-2,1,0],
    /// [0,4,0,-5,0,1]) factored to 14 operations; applied to the 6 columns into <c>t</c> (scratch), then to the
    /// 6 rows of <c>t</c>. Point ξ = 6i + j goes to v[ξ][tile][channel].
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Conv2WinogradInput512(float* pool1, float* v, float* scratch)
    {
        Vector512<float>* t = (Vector512<float>*)scratch; // [6][6] vectors: the column-transformed patch
        Vector512<float> two = Vector512.Create(2f), four = Vector512.Create(4f), minusTwo = Vector512.Create(-2f), minusFour = Vector512.Create(-4f), minusFive = Vector512.Create(-5f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* patch = pool1 + (ty * 56 + tx * 4) * 64; // pool1 is [14,14,64]: row 4ty, column 4tx
            float* dst = v + tile * 64;
            for (int c = 0; c < 64; c += 16)
            {
                float* d = patch + c;
                float* o = dst + c;
                {
                    Vector512<float> d0 = Vector512.Load(d + 0), d1 = Vector512.Load(d + 896), d2 = Vector512.Load(d + 1792), d3 = Vector512.Load(d + 2688), d4 = Vector512.Load(d + 3584), d5 = Vector512.Load(d + 4480);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[0] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[6] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[12] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[18] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[24] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[30] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = Vector512.Load(d + 64), d1 = Vector512.Load(d + 960), d2 = Vector512.Load(d + 1856), d3 = Vector512.Load(d + 2752), d4 = Vector512.Load(d + 3648), d5 = Vector512.Load(d + 4544);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[1] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[7] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[13] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[19] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[25] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[31] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = Vector512.Load(d + 128), d1 = Vector512.Load(d + 1024), d2 = Vector512.Load(d + 1920), d3 = Vector512.Load(d + 2816), d4 = Vector512.Load(d + 3712), d5 = Vector512.Load(d + 4608);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[2] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[8] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[14] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[20] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[26] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[32] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = Vector512.Load(d + 192), d1 = Vector512.Load(d + 1088), d2 = Vector512.Load(d + 1984), d3 = Vector512.Load(d + 2880), d4 = Vector512.Load(d + 3776), d5 = Vector512.Load(d + 4672);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[3] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[9] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[15] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[21] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[27] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[33] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = Vector512.Load(d + 256), d1 = Vector512.Load(d + 1152), d2 = Vector512.Load(d + 2048), d3 = Vector512.Load(d + 2944), d4 = Vector512.Load(d + 3840), d5 = Vector512.Load(d + 4736);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[4] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[10] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[16] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[22] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[28] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[34] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = Vector512.Load(d + 320), d1 = Vector512.Load(d + 1216), d2 = Vector512.Load(d + 2112), d3 = Vector512.Load(d + 3008), d4 = Vector512.Load(d + 3904), d5 = Vector512.Load(d + 4800);
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[5] = Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4));
                    t[11] = Vector512.MultiplyAddEstimate(minusFour, s12, s34);
                    t[17] = Vector512.MultiplyAddEstimate(four, t12, t43);
                    t[23] = Vector512.MultiplyAddEstimate(two, q, p);
                    t[29] = Vector512.MultiplyAddEstimate(minusTwo, q, p);
                    t[35] = Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector512<float> d0 = t[0], d1 = t[1], d2 = t[2], d3 = t[3], d4 = t[4], d5 = t[5];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 0);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 576);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 1152);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 1728);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 2304);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 2880);
                }

                {
                    Vector512<float> d0 = t[6], d1 = t[7], d2 = t[8], d3 = t[9], d4 = t[10], d5 = t[11];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 3456);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 4032);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 4608);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 5184);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 5760);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 6336);
                }

                {
                    Vector512<float> d0 = t[12], d1 = t[13], d2 = t[14], d3 = t[15], d4 = t[16], d5 = t[17];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 6912);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 7488);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 8064);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 8640);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 9216);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 9792);
                }

                {
                    Vector512<float> d0 = t[18], d1 = t[19], d2 = t[20], d3 = t[21], d4 = t[22], d5 = t[23];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 10368);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 10944);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 11520);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 12096);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 12672);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 13248);
                }

                {
                    Vector512<float> d0 = t[24], d1 = t[25], d2 = t[26], d3 = t[27], d4 = t[28], d5 = t[29];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 13824);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 14400);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 14976);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 15552);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 16128);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 16704);
                }

                {
                    Vector512<float> d0 = t[30], d1 = t[31], d2 = t[32], d3 = t[33], d4 = t[34], d5 = t[35];
                    Vector512<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d2, Vector512.MultiplyAddEstimate(four, d0, d4)), o + 17280);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFour, s12, s34), o + 17856);
                    Vector512.Store(Vector512.MultiplyAddEstimate(four, t12, t43), o + 18432);
                    Vector512.Store(Vector512.MultiplyAddEstimate(two, q, p), o + 19008);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusTwo, q, p), o + 19584);
                    Vector512.Store(Vector512.MultiplyAddEstimate(minusFive, d3, Vector512.MultiplyAddEstimate(four, d1, d5)), o + 20160);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 2 on Vector512: the 36 independent [9 tiles × 64 ci]·[64 ci × 64 co] products M[ξ] = V[ξ]·U[ξ].
    /// </summary>
    /// <remarks>
    /// Register block: 9 tiles × 2 output-channel vectors = 18 accumulators; per input channel, 2 loads of U and
    /// 9 broadcasts of V feed 18 FMAs. U[ξ] (16 KiB) stays in L1 while it is used.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradGemm512(float* v, float* m)
    {
        for (int xi = 0; xi < 36; xi++)
        {
            float* u = _conv2U + xi * 4096;
            float* vt = v + xi * 576;
            float* mt = m + xi * 576;
            for (int co = 0; co < 64; co += 32)
            {
                Vector512<float> a0_0 = Vector512<float>.Zero, a0_1 = Vector512<float>.Zero, a1_0 = Vector512<float>.Zero, a1_1 = Vector512<float>.Zero, a2_0 = Vector512<float>.Zero, a2_1 = Vector512<float>.Zero, a3_0 = Vector512<float>.Zero, a3_1 = Vector512<float>.Zero, a4_0 = Vector512<float>.Zero, a4_1 = Vector512<float>.Zero, a5_0 = Vector512<float>.Zero, a5_1 = Vector512<float>.Zero, a6_0 = Vector512<float>.Zero, a6_1 = Vector512<float>.Zero, a7_0 = Vector512<float>.Zero, a7_1 = Vector512<float>.Zero, a8_0 = Vector512<float>.Zero, a8_1 = Vector512<float>.Zero;
                float* vp = vt;
                float* ur = u + co;
                for (int ci = 0; ci < 64; ci++, vp++, ur += 64)
                {
                    var u0 = Vector512.Load(ur + 0); var u1 = Vector512.Load(ur + 16);
                    Vector512<float> x;
                    x = Vector512.Create(vp[0]); a0_0 = Vector512.MultiplyAddEstimate(x, u0, a0_0); a0_1 = Vector512.MultiplyAddEstimate(x, u1, a0_1);
                    x = Vector512.Create(vp[64]); a1_0 = Vector512.MultiplyAddEstimate(x, u0, a1_0); a1_1 = Vector512.MultiplyAddEstimate(x, u1, a1_1);
                    x = Vector512.Create(vp[128]); a2_0 = Vector512.MultiplyAddEstimate(x, u0, a2_0); a2_1 = Vector512.MultiplyAddEstimate(x, u1, a2_1);
                    x = Vector512.Create(vp[192]); a3_0 = Vector512.MultiplyAddEstimate(x, u0, a3_0); a3_1 = Vector512.MultiplyAddEstimate(x, u1, a3_1);
                    x = Vector512.Create(vp[256]); a4_0 = Vector512.MultiplyAddEstimate(x, u0, a4_0); a4_1 = Vector512.MultiplyAddEstimate(x, u1, a4_1);
                    x = Vector512.Create(vp[320]); a5_0 = Vector512.MultiplyAddEstimate(x, u0, a5_0); a5_1 = Vector512.MultiplyAddEstimate(x, u1, a5_1);
                    x = Vector512.Create(vp[384]); a6_0 = Vector512.MultiplyAddEstimate(x, u0, a6_0); a6_1 = Vector512.MultiplyAddEstimate(x, u1, a6_1);
                    x = Vector512.Create(vp[448]); a7_0 = Vector512.MultiplyAddEstimate(x, u0, a7_0); a7_1 = Vector512.MultiplyAddEstimate(x, u1, a7_1);
                    x = Vector512.Create(vp[512]); a8_0 = Vector512.MultiplyAddEstimate(x, u0, a8_0); a8_1 = Vector512.MultiplyAddEstimate(x, u1, a8_1);
                }

                Vector512.Store(a0_0, mt + 0 + co); Vector512.Store(a0_1, mt + 16 + co);
                Vector512.Store(a1_0, mt + 64 + co); Vector512.Store(a1_1, mt + 80 + co);
                Vector512.Store(a2_0, mt + 128 + co); Vector512.Store(a2_1, mt + 144 + co);
                Vector512.Store(a3_0, mt + 192 + co); Vector512.Store(a3_1, mt + 208 + co);
                Vector512.Store(a4_0, mt + 256 + co); Vector512.Store(a4_1, mt + 272 + co);
                Vector512.Store(a5_0, mt + 320 + co); Vector512.Store(a5_1, mt + 336 + co);
                Vector512.Store(a6_0, mt + 384 + co); Vector512.Store(a6_1, mt + 400 + co);
                Vector512.Store(a7_0, mt + 448 + co); Vector512.Store(a7_1, mt + 464 + co);
                Vector512.Store(a8_0, mt + 512 + co); Vector512.Store(a8_1, mt + 528 + co);
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 3 on Vector512: output transform Y = Aᵀ·M·A of each tile (4x4 conv outputs = 2x2
    /// max_pooling2d_1 windows), then max, bias, ReLU → features [5,5,64] (Keras flatten order). The last
    /// tile row and column have one pooling window each (conv rows/columns 10 and 11 are never read).
    /// </summary>
    /// <remarks>1-D transform Aᵀ = [1,1,1,1,1,0], [0,1,-1,2,-2,0], [0,1,1,4,4,0], [0,1,-1,8,-8,1]: 10 operations.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradOutputReluPool512(float* m, float* features, float* scratch)
    {
        Vector512<float>* s = (Vector512<float>*)scratch; // [4][6] vectors: Aᵀ·M of one tile
        Vector512<float> two = Vector512.Create(2f), four = Vector512.Create(4f), eight = Vector512.Create(8f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* src = m + tile * 64;
            float* dst = features + (ty * 10 + tx * 2) * 64; // pooled (2ty, 2tx)
            for (int c = 0; c < 64; c += 16)
            {
                float* mc = src + c;
                {
                    Vector512<float> m0 = Vector512.Load(mc + 0), m1 = Vector512.Load(mc + 3456), m2 = Vector512.Load(mc + 6912), m3 = Vector512.Load(mc + 10368), m4 = Vector512.Load(mc + 13824), m5 = Vector512.Load(mc + 17280);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[0] = m0 + a + e;
                    s[6] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[12] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[18] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector512<float> m0 = Vector512.Load(mc + 576), m1 = Vector512.Load(mc + 4032), m2 = Vector512.Load(mc + 7488), m3 = Vector512.Load(mc + 10944), m4 = Vector512.Load(mc + 14400), m5 = Vector512.Load(mc + 17856);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[1] = m0 + a + e;
                    s[7] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[13] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[19] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector512<float> m0 = Vector512.Load(mc + 1152), m1 = Vector512.Load(mc + 4608), m2 = Vector512.Load(mc + 8064), m3 = Vector512.Load(mc + 11520), m4 = Vector512.Load(mc + 14976), m5 = Vector512.Load(mc + 18432);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[2] = m0 + a + e;
                    s[8] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[14] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[20] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector512<float> m0 = Vector512.Load(mc + 1728), m1 = Vector512.Load(mc + 5184), m2 = Vector512.Load(mc + 8640), m3 = Vector512.Load(mc + 12096), m4 = Vector512.Load(mc + 15552), m5 = Vector512.Load(mc + 19008);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[3] = m0 + a + e;
                    s[9] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[15] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[21] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector512<float> m0 = Vector512.Load(mc + 2304), m1 = Vector512.Load(mc + 5760), m2 = Vector512.Load(mc + 9216), m3 = Vector512.Load(mc + 12672), m4 = Vector512.Load(mc + 16128), m5 = Vector512.Load(mc + 19584);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[4] = m0 + a + e;
                    s[10] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[16] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[22] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector512<float> m0 = Vector512.Load(mc + 2880), m1 = Vector512.Load(mc + 6336), m2 = Vector512.Load(mc + 9792), m3 = Vector512.Load(mc + 13248), m4 = Vector512.Load(mc + 16704), m5 = Vector512.Load(mc + 20160);
                    Vector512<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[5] = m0 + a + e;
                    s[11] = Vector512.MultiplyAddEstimate(two, f, b);
                    s[17] = Vector512.MultiplyAddEstimate(four, e, a);
                    s[23] = Vector512.MultiplyAddEstimate(eight, f, b) + m5;
                }

                Vector512<float> bias = Vector512.Load(_conv2Bias + c);
                for (int pr = 0; pr < 2 && ty * 2 + pr < 5; pr++)
                {
                    // Rows 2pr and 2pr+1 of Y, each transformed along j; then the two pooling windows.
                    Vector512<float>* r0 = s + pr * 12, r1 = r0 + 6;
                    Vector512<float> a0 = r0[1] + r0[2], b0 = r0[1] - r0[2], e0 = r0[3] + r0[4], f0 = r0[3] - r0[4];
                    Vector512<float> a1 = r1[1] + r1[2], b1 = r1[1] - r1[2], e1 = r1[3] + r1[4], f1 = r1[3] - r1[4];
                    Vector512<float> y00 = r0[0] + a0 + e0, y01 = Vector512.MultiplyAddEstimate(two, f0, b0);
                    Vector512<float> y10 = r1[0] + a1 + e1, y11 = Vector512.MultiplyAddEstimate(two, f1, b1);
                    float* pooled = dst + pr * 320 + c;
                    Vector512.Store(Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(y00, y01), Vector512.MaxNative(y10, y11)) + bias, Vector512<float>.Zero), pooled);
                    if (tx < 2)
                    {
                        Vector512<float> y02 = Vector512.MultiplyAddEstimate(four, e0, a0), y03 = Vector512.MultiplyAddEstimate(eight, f0, b0) + r0[5];
                        Vector512<float> y12 = Vector512.MultiplyAddEstimate(four, e1, a1), y13 = Vector512.MultiplyAddEstimate(eight, f1, b1) + r1[5];
                        Vector512.Store(Vector512.MaxNative(Vector512.MaxNative(Vector512.MaxNative(y02, y03), Vector512.MaxNative(y12, y13)) + bias, Vector512<float>.Zero), pooled + 64);
                    }
                }
            }
        }
    }

    /// <summary>dense + ReLU on Vector512 for 4 images at once: [4,1600] → [4,128], skipping inputs that are 0 in all 4.</summary>
    /// <remarks>
    /// Register block: 4 images × 4 output vectors = 16 accumulators, so each weight load feeds 4 FMAs
    /// (one per image); 2 passes of 64 outputs over the gathered inputs. Exact: a skipped term is 0·w.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu4512(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 16)
        {
            Vector512<float> zero0 = Vector512.Equals(Vector512.Load(features + i), Vector512<float>.Zero), zero1 = Vector512.Equals(Vector512.Load(features + 1600 + i), Vector512<float>.Zero);
            Vector512<float> zero2 = Vector512.Equals(Vector512.Load(features + 3200 + i), Vector512<float>.Zero), zero3 = Vector512.Equals(Vector512.Load(features + 4800 + i), Vector512<float>.Zero);
            uint mask = (uint)(~(zero0 & zero1 & zero2 & zero3)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        for (int o = 0; o < 128; o += 64)
        {
            Vector512<float> a0_0 = Vector512<float>.Zero, a0_1 = Vector512<float>.Zero, a0_2 = Vector512<float>.Zero, a0_3 = Vector512<float>.Zero, a1_0 = Vector512<float>.Zero, a1_1 = Vector512<float>.Zero, a1_2 = Vector512<float>.Zero, a1_3 = Vector512<float>.Zero, a2_0 = Vector512<float>.Zero, a2_1 = Vector512<float>.Zero, a2_2 = Vector512<float>.Zero, a2_3 = Vector512<float>.Zero, a3_0 = Vector512<float>.Zero, a3_1 = Vector512<float>.Zero, a3_2 = Vector512<float>.Zero, a3_3 = Vector512<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                int i = nonzero[k];
                float* w = _dense1Kernel + i * 128 + o;
                float* f = features + i;
                var w0 = Vector512.Load(w + 0); var w1 = Vector512.Load(w + 16); var w2 = Vector512.Load(w + 32); var w3 = Vector512.Load(w + 48);
                Vector512<float> x;
                x = Vector512.Create(f[0]); a0_0 = Vector512.MultiplyAddEstimate(x, w0, a0_0); a0_1 = Vector512.MultiplyAddEstimate(x, w1, a0_1); a0_2 = Vector512.MultiplyAddEstimate(x, w2, a0_2); a0_3 = Vector512.MultiplyAddEstimate(x, w3, a0_3);
                x = Vector512.Create(f[1600]); a1_0 = Vector512.MultiplyAddEstimate(x, w0, a1_0); a1_1 = Vector512.MultiplyAddEstimate(x, w1, a1_1); a1_2 = Vector512.MultiplyAddEstimate(x, w2, a1_2); a1_3 = Vector512.MultiplyAddEstimate(x, w3, a1_3);
                x = Vector512.Create(f[3200]); a2_0 = Vector512.MultiplyAddEstimate(x, w0, a2_0); a2_1 = Vector512.MultiplyAddEstimate(x, w1, a2_1); a2_2 = Vector512.MultiplyAddEstimate(x, w2, a2_2); a2_3 = Vector512.MultiplyAddEstimate(x, w3, a2_3);
                x = Vector512.Create(f[4800]); a3_0 = Vector512.MultiplyAddEstimate(x, w0, a3_0); a3_1 = Vector512.MultiplyAddEstimate(x, w1, a3_1); a3_2 = Vector512.MultiplyAddEstimate(x, w2, a3_2); a3_3 = Vector512.MultiplyAddEstimate(x, w3, a3_3);
            }

            var b0 = Vector512.Load(_dense1Bias + o + 0); var b1 = Vector512.Load(_dense1Bias + o + 16); var b2 = Vector512.Load(_dense1Bias + o + 32); var b3 = Vector512.Load(_dense1Bias + o + 48);
            Vector512.Store(Vector512.MaxNative(a0_0 + b0, Vector512<float>.Zero), hidden + 0 + o); Vector512.Store(Vector512.MaxNative(a0_1 + b1, Vector512<float>.Zero), hidden + 16 + o); Vector512.Store(Vector512.MaxNative(a0_2 + b2, Vector512<float>.Zero), hidden + 32 + o); Vector512.Store(Vector512.MaxNative(a0_3 + b3, Vector512<float>.Zero), hidden + 48 + o);
            Vector512.Store(Vector512.MaxNative(a1_0 + b0, Vector512<float>.Zero), hidden + 128 + o); Vector512.Store(Vector512.MaxNative(a1_1 + b1, Vector512<float>.Zero), hidden + 144 + o); Vector512.Store(Vector512.MaxNative(a1_2 + b2, Vector512<float>.Zero), hidden + 160 + o); Vector512.Store(Vector512.MaxNative(a1_3 + b3, Vector512<float>.Zero), hidden + 176 + o);
            Vector512.Store(Vector512.MaxNative(a2_0 + b0, Vector512<float>.Zero), hidden + 256 + o); Vector512.Store(Vector512.MaxNative(a2_1 + b1, Vector512<float>.Zero), hidden + 272 + o); Vector512.Store(Vector512.MaxNative(a2_2 + b2, Vector512<float>.Zero), hidden + 288 + o); Vector512.Store(Vector512.MaxNative(a2_3 + b3, Vector512<float>.Zero), hidden + 304 + o);
            Vector512.Store(Vector512.MaxNative(a3_0 + b0, Vector512<float>.Zero), hidden + 384 + o); Vector512.Store(Vector512.MaxNative(a3_1 + b1, Vector512<float>.Zero), hidden + 400 + o); Vector512.Store(Vector512.MaxNative(a3_2 + b2, Vector512<float>.Zero), hidden + 416 + o); Vector512.Store(Vector512.MaxNative(a3_3 + b3, Vector512<float>.Zero), hidden + 432 + o);
        }
    }

    /// <summary>dense + ReLU on Vector512 for one image: [1600] → [128], skipping zero inputs.</summary>
    /// <remarks>
    /// The input comes out of ReLU + max-pooling, so most of it is exactly 0 (two thirds on the trained model):
    /// the nonzero inputs are gathered first and only their weight rows (512 bytes each) are read, which is
    /// what bounds this layer at batch 1 (the 800 KiB kernel streams from L2). Exact: a skipped term is 0·w.
    /// Then 8 accumulators of 16 outputs per pass.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu1512(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 16)
        {
            uint mask = (uint)(~Vector512.Equals(Vector512.Load(features + i), Vector512<float>.Zero)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero, a4 = Vector512<float>.Zero, a5 = Vector512<float>.Zero, a6 = Vector512<float>.Zero, a7 = Vector512<float>.Zero;
        for (int k = 0; k < count; k++)
        {
            int i = nonzero[k];
            float* w = _dense1Kernel + i * 128;
            var x = Vector512.Create(features[i]);
            a0 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 0), a0); a1 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 16), a1); a2 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 32), a2); a3 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 48), a3);
            a4 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 64), a4); a5 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 80), a5); a6 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 96), a6); a7 = Vector512.MultiplyAddEstimate(x, Vector512.Load(w + 112), a7);
        }

        Vector512.Store(Vector512.MaxNative(a0 + Vector512.Load(_dense1Bias + 0 + 0), Vector512<float>.Zero), hidden + 0 + 0);
        Vector512.Store(Vector512.MaxNative(a1 + Vector512.Load(_dense1Bias + 0 + 16), Vector512<float>.Zero), hidden + 0 + 16);
        Vector512.Store(Vector512.MaxNative(a2 + Vector512.Load(_dense1Bias + 0 + 32), Vector512<float>.Zero), hidden + 0 + 32);
        Vector512.Store(Vector512.MaxNative(a3 + Vector512.Load(_dense1Bias + 0 + 48), Vector512<float>.Zero), hidden + 0 + 48);
        Vector512.Store(Vector512.MaxNative(a4 + Vector512.Load(_dense1Bias + 0 + 64), Vector512<float>.Zero), hidden + 0 + 64);
        Vector512.Store(Vector512.MaxNative(a5 + Vector512.Load(_dense1Bias + 0 + 80), Vector512<float>.Zero), hidden + 0 + 80);
        Vector512.Store(Vector512.MaxNative(a6 + Vector512.Load(_dense1Bias + 0 + 96), Vector512<float>.Zero), hidden + 0 + 96);
        Vector512.Store(Vector512.MaxNative(a7 + Vector512.Load(_dense1Bias + 0 + 112), Vector512<float>.Zero), hidden + 0 + 112);
    }

    /// <summary>
    /// dense_1 + softmax on Vector512 for one image: [128] → [10]. The 10 units are padded to 16 (zero weights);
    /// 4 partial sums × 1 vector keep 4 FMA chains in flight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense2Softmax512(float* hidden, float* output, float* logits)
    {
        Vector512<float> a0_0 = Vector512<float>.Zero, a1_0 = Vector512<float>.Zero, a2_0 = Vector512<float>.Zero, a3_0 = Vector512<float>.Zero;
        for (int i = 0; i < 128; i += 4)
        {
            var x0 = Vector512.Create(hidden[i]); a0_0 = Vector512.MultiplyAddEstimate(x0, Vector512.Load(_dense2Kernel + (i) * 16 + 0), a0_0);
            var x1 = Vector512.Create(hidden[i + 1]); a1_0 = Vector512.MultiplyAddEstimate(x1, Vector512.Load(_dense2Kernel + (i + 1) * 16 + 0), a1_0);
            var x2 = Vector512.Create(hidden[i + 2]); a2_0 = Vector512.MultiplyAddEstimate(x2, Vector512.Load(_dense2Kernel + (i + 2) * 16 + 0), a2_0);
            var x3 = Vector512.Create(hidden[i + 3]); a3_0 = Vector512.MultiplyAddEstimate(x3, Vector512.Load(_dense2Kernel + (i + 3) * 16 + 0), a3_0);
        }

        Vector512.Store(a0_0 + a1_0 + a2_0 + a3_0 + Vector512.Load(_dense2Bias + 0), logits + 0);
        Softmax10(logits, output);
    }
    // ---- Vector256 ----

    /// <summary>conv2d + ReLU + max_pooling2d on Vector256: [28,28,1] → [13,13,64] (stored in a [14,14,64] buffer).</summary>
    /// <remarks>
    /// Output channels in groups of 8 (1 vector): the group's 9 taps × 1 weight vector stay in registers for the
    /// whole image. Per pooled pixel, the 2x2 conv outputs × 1 vector are 4 accumulators fed by the 16
    /// broadcast pixels of the 4x4 input patch (36 pixel-tap pairs); bias and ReLU after the max (both monotonic).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv1ReluPool256(float* input, float* pool1)
    {
        for (int g = 0; g < 64; g += 8)
        {
            float* w = _conv1Kernel + g;
            var w0_0 = Vector256.Load(w + 0);
            var w1_0 = Vector256.Load(w + 64);
            var w2_0 = Vector256.Load(w + 128);
            var w3_0 = Vector256.Load(w + 192);
            var w4_0 = Vector256.Load(w + 256);
            var w5_0 = Vector256.Load(w + 320);
            var w6_0 = Vector256.Load(w + 384);
            var w7_0 = Vector256.Load(w + 448);
            var w8_0 = Vector256.Load(w + 512);
            var b_0 = Vector256.Load(_conv1Bias + g + 0);
            for (int py = 0; py < 13; py++)
            {
                for (int px = 0; px < 13; px++)
                {
                    // 4x4 input patch at (2py, 2px) → conv outputs (2py+dy, 2px+dx), dy, dx ∈ {0, 1}.
                    float* src = input + (py * 28 + px) * 2;
                    Vector256<float> a00_0 = Vector256<float>.Zero, a01_0 = Vector256<float>.Zero, a10_0 = Vector256<float>.Zero, a11_0 = Vector256<float>.Zero;
                    Vector256<float> x;
                    x = Vector256.Create(src[0]); // input (0,0)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w0_0, a00_0);
                    x = Vector256.Create(src[1]); // input (0,1)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w1_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w0_0, a01_0);
                    x = Vector256.Create(src[2]); // input (0,2)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w2_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w1_0, a01_0);
                    x = Vector256.Create(src[3]); // input (0,3)
                    a01_0 = Vector256.MultiplyAddEstimate(x, w2_0, a01_0);
                    x = Vector256.Create(src[28]); // input (1,0)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w3_0, a00_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w0_0, a10_0);
                    x = Vector256.Create(src[29]); // input (1,1)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w4_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w3_0, a01_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w1_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w0_0, a11_0);
                    x = Vector256.Create(src[30]); // input (1,2)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w5_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w4_0, a01_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w2_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w1_0, a11_0);
                    x = Vector256.Create(src[31]); // input (1,3)
                    a01_0 = Vector256.MultiplyAddEstimate(x, w5_0, a01_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w2_0, a11_0);
                    x = Vector256.Create(src[56]); // input (2,0)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w6_0, a00_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w3_0, a10_0);
                    x = Vector256.Create(src[57]); // input (2,1)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w7_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w6_0, a01_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w4_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w3_0, a11_0);
                    x = Vector256.Create(src[58]); // input (2,2)
                    a00_0 = Vector256.MultiplyAddEstimate(x, w8_0, a00_0);
                    a01_0 = Vector256.MultiplyAddEstimate(x, w7_0, a01_0);
                    a10_0 = Vector256.MultiplyAddEstimate(x, w5_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w4_0, a11_0);
                    x = Vector256.Create(src[59]); // input (2,3)
                    a01_0 = Vector256.MultiplyAddEstimate(x, w8_0, a01_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w5_0, a11_0);
                    x = Vector256.Create(src[84]); // input (3,0)
                    a10_0 = Vector256.MultiplyAddEstimate(x, w6_0, a10_0);
                    x = Vector256.Create(src[85]); // input (3,1)
                    a10_0 = Vector256.MultiplyAddEstimate(x, w7_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w6_0, a11_0);
                    x = Vector256.Create(src[86]); // input (3,2)
                    a10_0 = Vector256.MultiplyAddEstimate(x, w8_0, a10_0);
                    a11_0 = Vector256.MultiplyAddEstimate(x, w7_0, a11_0);
                    x = Vector256.Create(src[87]); // input (3,3)
                    a11_0 = Vector256.MultiplyAddEstimate(x, w8_0, a11_0);
                    float* dst = pool1 + (py * 14 + px) * 64 + g;
                    Vector256.Store(Vector256.MaxNative(Vector256.MaxNative(Vector256.MaxNative(a00_0, a01_0), Vector256.MaxNative(a10_0, a11_0)) + b_0, Vector256<float>.Zero), dst + 0);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 1 on Vector256: Winograd F(4x4,3x3) input transform V = Bᵀ·d·B of the 9 6x6 patches
    /// (tile (ty, tx) covers conv outputs 4ty..4ty+3 × 4tx..4tx+3, input rows/columns 4ty..4ty+5 × 4tx..4tx+5;
    /// the last tile row and column read pool1's zero row and column 13).
    /// </summary>
    /// <remarks>
    /// 1-D transform (Bᵀ rows [4,0,-5,0,1,0], [0,-4,-4,1,1,0], [0,4,-4,-1,1,0], [0,-2,-1,2,1,0], [0,2,-1,-2,1,0],
    /// [0,4,0,-5,0,1]) factored to 14 operations; applied to the 6 columns into <c>t</c> (scratch), then to the
    /// 6 rows of <c>t</c>. Point ξ = 6i + j goes to v[ξ][tile][channel].
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Conv2WinogradInput256(float* pool1, float* v, float* scratch)
    {
        Vector256<float>* t = (Vector256<float>*)scratch; // [6][6] vectors: the column-transformed patch
        Vector256<float> two = Vector256.Create(2f), four = Vector256.Create(4f), minusTwo = Vector256.Create(-2f), minusFour = Vector256.Create(-4f), minusFive = Vector256.Create(-5f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* patch = pool1 + (ty * 56 + tx * 4) * 64; // pool1 is [14,14,64]: row 4ty, column 4tx
            float* dst = v + tile * 64;
            for (int c = 0; c < 64; c += 8)
            {
                float* d = patch + c;
                float* o = dst + c;
                {
                    Vector256<float> d0 = Vector256.Load(d + 0), d1 = Vector256.Load(d + 896), d2 = Vector256.Load(d + 1792), d3 = Vector256.Load(d + 2688), d4 = Vector256.Load(d + 3584), d5 = Vector256.Load(d + 4480);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[0] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[6] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[12] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[18] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[24] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[30] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = Vector256.Load(d + 64), d1 = Vector256.Load(d + 960), d2 = Vector256.Load(d + 1856), d3 = Vector256.Load(d + 2752), d4 = Vector256.Load(d + 3648), d5 = Vector256.Load(d + 4544);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[1] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[7] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[13] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[19] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[25] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[31] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = Vector256.Load(d + 128), d1 = Vector256.Load(d + 1024), d2 = Vector256.Load(d + 1920), d3 = Vector256.Load(d + 2816), d4 = Vector256.Load(d + 3712), d5 = Vector256.Load(d + 4608);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[2] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[8] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[14] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[20] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[26] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[32] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = Vector256.Load(d + 192), d1 = Vector256.Load(d + 1088), d2 = Vector256.Load(d + 1984), d3 = Vector256.Load(d + 2880), d4 = Vector256.Load(d + 3776), d5 = Vector256.Load(d + 4672);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[3] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[9] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[15] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[21] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[27] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[33] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = Vector256.Load(d + 256), d1 = Vector256.Load(d + 1152), d2 = Vector256.Load(d + 2048), d3 = Vector256.Load(d + 2944), d4 = Vector256.Load(d + 3840), d5 = Vector256.Load(d + 4736);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[4] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[10] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[16] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[22] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[28] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[34] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = Vector256.Load(d + 320), d1 = Vector256.Load(d + 1216), d2 = Vector256.Load(d + 2112), d3 = Vector256.Load(d + 3008), d4 = Vector256.Load(d + 3904), d5 = Vector256.Load(d + 4800);
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[5] = Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4));
                    t[11] = Vector256.MultiplyAddEstimate(minusFour, s12, s34);
                    t[17] = Vector256.MultiplyAddEstimate(four, t12, t43);
                    t[23] = Vector256.MultiplyAddEstimate(two, q, p);
                    t[29] = Vector256.MultiplyAddEstimate(minusTwo, q, p);
                    t[35] = Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector256<float> d0 = t[0], d1 = t[1], d2 = t[2], d3 = t[3], d4 = t[4], d5 = t[5];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 0);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 576);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 1152);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 1728);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 2304);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 2880);
                }

                {
                    Vector256<float> d0 = t[6], d1 = t[7], d2 = t[8], d3 = t[9], d4 = t[10], d5 = t[11];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 3456);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 4032);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 4608);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 5184);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 5760);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 6336);
                }

                {
                    Vector256<float> d0 = t[12], d1 = t[13], d2 = t[14], d3 = t[15], d4 = t[16], d5 = t[17];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 6912);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 7488);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 8064);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 8640);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 9216);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 9792);
                }

                {
                    Vector256<float> d0 = t[18], d1 = t[19], d2 = t[20], d3 = t[21], d4 = t[22], d5 = t[23];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 10368);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 10944);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 11520);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 12096);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 12672);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 13248);
                }

                {
                    Vector256<float> d0 = t[24], d1 = t[25], d2 = t[26], d3 = t[27], d4 = t[28], d5 = t[29];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 13824);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 14400);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 14976);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 15552);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 16128);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 16704);
                }

                {
                    Vector256<float> d0 = t[30], d1 = t[31], d2 = t[32], d3 = t[33], d4 = t[34], d5 = t[35];
                    Vector256<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d2, Vector256.MultiplyAddEstimate(four, d0, d4)), o + 17280);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFour, s12, s34), o + 17856);
                    Vector256.Store(Vector256.MultiplyAddEstimate(four, t12, t43), o + 18432);
                    Vector256.Store(Vector256.MultiplyAddEstimate(two, q, p), o + 19008);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusTwo, q, p), o + 19584);
                    Vector256.Store(Vector256.MultiplyAddEstimate(minusFive, d3, Vector256.MultiplyAddEstimate(four, d1, d5)), o + 20160);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 2 on Vector256: the 36 independent [9 tiles × 64 ci]·[64 ci × 64 co] products M[ξ] = V[ξ]·U[ξ].
    /// </summary>
    /// <remarks>
    /// Register block: 3 tiles × 2 output-channel vectors = 6 accumulators; per input channel, 2 loads of U and
    /// 3 broadcasts of V feed 6 FMAs. U[ξ] (16 KiB) stays in L1 while it is used.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradGemm256(float* v, float* m)
    {
        for (int xi = 0; xi < 36; xi++)
        {
            float* u = _conv2U + xi * 4096;
            for (int t0 = 0; t0 < 9; t0 += 3)
            {
                float* vt = v + xi * 576 + t0 * 64;
                float* mt = m + xi * 576 + t0 * 64;
                for (int co = 0; co < 64; co += 16)
                {
                    Vector256<float> a0_0 = Vector256<float>.Zero, a0_1 = Vector256<float>.Zero, a1_0 = Vector256<float>.Zero, a1_1 = Vector256<float>.Zero, a2_0 = Vector256<float>.Zero, a2_1 = Vector256<float>.Zero;
                    float* vp = vt;
                    float* ur = u + co;
                    for (int ci = 0; ci < 64; ci++, vp++, ur += 64)
                    {
                        var u0 = Vector256.Load(ur + 0); var u1 = Vector256.Load(ur + 8);
                        Vector256<float> x;
                        x = Vector256.Create(vp[0]); a0_0 = Vector256.MultiplyAddEstimate(x, u0, a0_0); a0_1 = Vector256.MultiplyAddEstimate(x, u1, a0_1);
                        x = Vector256.Create(vp[64]); a1_0 = Vector256.MultiplyAddEstimate(x, u0, a1_0); a1_1 = Vector256.MultiplyAddEstimate(x, u1, a1_1);
                        x = Vector256.Create(vp[128]); a2_0 = Vector256.MultiplyAddEstimate(x, u0, a2_0); a2_1 = Vector256.MultiplyAddEstimate(x, u1, a2_1);
                    }

                    Vector256.Store(a0_0, mt + 0 + co); Vector256.Store(a0_1, mt + 8 + co);
                    Vector256.Store(a1_0, mt + 64 + co); Vector256.Store(a1_1, mt + 72 + co);
                    Vector256.Store(a2_0, mt + 128 + co); Vector256.Store(a2_1, mt + 136 + co);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 3 on Vector256: output transform Y = Aᵀ·M·A of each tile (4x4 conv outputs = 2x2
    /// max_pooling2d_1 windows), then max, bias, ReLU → features [5,5,64] (Keras flatten order). The last
    /// tile row and column have one pooling window each (conv rows/columns 10 and 11 are never read).
    /// </summary>
    /// <remarks>1-D transform Aᵀ = [1,1,1,1,1,0], [0,1,-1,2,-2,0], [0,1,1,4,4,0], [0,1,-1,8,-8,1]: 10 operations.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradOutputReluPool256(float* m, float* features, float* scratch)
    {
        Vector256<float>* s = (Vector256<float>*)scratch; // [4][6] vectors: Aᵀ·M of one tile
        Vector256<float> two = Vector256.Create(2f), four = Vector256.Create(4f), eight = Vector256.Create(8f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* src = m + tile * 64;
            float* dst = features + (ty * 10 + tx * 2) * 64; // pooled (2ty, 2tx)
            for (int c = 0; c < 64; c += 8)
            {
                float* mc = src + c;
                {
                    Vector256<float> m0 = Vector256.Load(mc + 0), m1 = Vector256.Load(mc + 3456), m2 = Vector256.Load(mc + 6912), m3 = Vector256.Load(mc + 10368), m4 = Vector256.Load(mc + 13824), m5 = Vector256.Load(mc + 17280);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[0] = m0 + a + e;
                    s[6] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[12] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[18] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector256<float> m0 = Vector256.Load(mc + 576), m1 = Vector256.Load(mc + 4032), m2 = Vector256.Load(mc + 7488), m3 = Vector256.Load(mc + 10944), m4 = Vector256.Load(mc + 14400), m5 = Vector256.Load(mc + 17856);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[1] = m0 + a + e;
                    s[7] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[13] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[19] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector256<float> m0 = Vector256.Load(mc + 1152), m1 = Vector256.Load(mc + 4608), m2 = Vector256.Load(mc + 8064), m3 = Vector256.Load(mc + 11520), m4 = Vector256.Load(mc + 14976), m5 = Vector256.Load(mc + 18432);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[2] = m0 + a + e;
                    s[8] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[14] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[20] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector256<float> m0 = Vector256.Load(mc + 1728), m1 = Vector256.Load(mc + 5184), m2 = Vector256.Load(mc + 8640), m3 = Vector256.Load(mc + 12096), m4 = Vector256.Load(mc + 15552), m5 = Vector256.Load(mc + 19008);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[3] = m0 + a + e;
                    s[9] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[15] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[21] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector256<float> m0 = Vector256.Load(mc + 2304), m1 = Vector256.Load(mc + 5760), m2 = Vector256.Load(mc + 9216), m3 = Vector256.Load(mc + 12672), m4 = Vector256.Load(mc + 16128), m5 = Vector256.Load(mc + 19584);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[4] = m0 + a + e;
                    s[10] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[16] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[22] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector256<float> m0 = Vector256.Load(mc + 2880), m1 = Vector256.Load(mc + 6336), m2 = Vector256.Load(mc + 9792), m3 = Vector256.Load(mc + 13248), m4 = Vector256.Load(mc + 16704), m5 = Vector256.Load(mc + 20160);
                    Vector256<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[5] = m0 + a + e;
                    s[11] = Vector256.MultiplyAddEstimate(two, f, b);
                    s[17] = Vector256.MultiplyAddEstimate(four, e, a);
                    s[23] = Vector256.MultiplyAddEstimate(eight, f, b) + m5;
                }

                Vector256<float> bias = Vector256.Load(_conv2Bias + c);
                for (int pr = 0; pr < 2 && ty * 2 + pr < 5; pr++)
                {
                    // Rows 2pr and 2pr+1 of Y, each transformed along j; then the two pooling windows.
                    Vector256<float>* r0 = s + pr * 12, r1 = r0 + 6;
                    Vector256<float> a0 = r0[1] + r0[2], b0 = r0[1] - r0[2], e0 = r0[3] + r0[4], f0 = r0[3] - r0[4];
                    Vector256<float> a1 = r1[1] + r1[2], b1 = r1[1] - r1[2], e1 = r1[3] + r1[4], f1 = r1[3] - r1[4];
                    Vector256<float> y00 = r0[0] + a0 + e0, y01 = Vector256.MultiplyAddEstimate(two, f0, b0);
                    Vector256<float> y10 = r1[0] + a1 + e1, y11 = Vector256.MultiplyAddEstimate(two, f1, b1);
                    float* pooled = dst + pr * 320 + c;
                    Vector256.Store(Vector256.MaxNative(Vector256.MaxNative(Vector256.MaxNative(y00, y01), Vector256.MaxNative(y10, y11)) + bias, Vector256<float>.Zero), pooled);
                    if (tx < 2)
                    {
                        Vector256<float> y02 = Vector256.MultiplyAddEstimate(four, e0, a0), y03 = Vector256.MultiplyAddEstimate(eight, f0, b0) + r0[5];
                        Vector256<float> y12 = Vector256.MultiplyAddEstimate(four, e1, a1), y13 = Vector256.MultiplyAddEstimate(eight, f1, b1) + r1[5];
                        Vector256.Store(Vector256.MaxNative(Vector256.MaxNative(Vector256.MaxNative(y02, y03), Vector256.MaxNative(y12, y13)) + bias, Vector256<float>.Zero), pooled + 64);
                    }
                }
            }
        }
    }

    /// <summary>dense + ReLU on Vector256 for 4 images at once: [4,1600] → [4,128], skipping inputs that are 0 in all 4.</summary>
    /// <remarks>
    /// Register block: 4 images × 2 output vectors = 8 accumulators, so each weight load feeds 4 FMAs
    /// (one per image); 8 passes of 16 outputs over the gathered inputs. Exact: a skipped term is 0·w.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu4256(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 8)
        {
            Vector256<float> zero0 = Vector256.Equals(Vector256.Load(features + i), Vector256<float>.Zero), zero1 = Vector256.Equals(Vector256.Load(features + 1600 + i), Vector256<float>.Zero);
            Vector256<float> zero2 = Vector256.Equals(Vector256.Load(features + 3200 + i), Vector256<float>.Zero), zero3 = Vector256.Equals(Vector256.Load(features + 4800 + i), Vector256<float>.Zero);
            uint mask = (uint)(~(zero0 & zero1 & zero2 & zero3)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        for (int o = 0; o < 128; o += 16)
        {
            Vector256<float> a0_0 = Vector256<float>.Zero, a0_1 = Vector256<float>.Zero, a1_0 = Vector256<float>.Zero, a1_1 = Vector256<float>.Zero, a2_0 = Vector256<float>.Zero, a2_1 = Vector256<float>.Zero, a3_0 = Vector256<float>.Zero, a3_1 = Vector256<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                int i = nonzero[k];
                float* w = _dense1Kernel + i * 128 + o;
                float* f = features + i;
                var w0 = Vector256.Load(w + 0); var w1 = Vector256.Load(w + 8);
                Vector256<float> x;
                x = Vector256.Create(f[0]); a0_0 = Vector256.MultiplyAddEstimate(x, w0, a0_0); a0_1 = Vector256.MultiplyAddEstimate(x, w1, a0_1);
                x = Vector256.Create(f[1600]); a1_0 = Vector256.MultiplyAddEstimate(x, w0, a1_0); a1_1 = Vector256.MultiplyAddEstimate(x, w1, a1_1);
                x = Vector256.Create(f[3200]); a2_0 = Vector256.MultiplyAddEstimate(x, w0, a2_0); a2_1 = Vector256.MultiplyAddEstimate(x, w1, a2_1);
                x = Vector256.Create(f[4800]); a3_0 = Vector256.MultiplyAddEstimate(x, w0, a3_0); a3_1 = Vector256.MultiplyAddEstimate(x, w1, a3_1);
            }

            var b0 = Vector256.Load(_dense1Bias + o + 0); var b1 = Vector256.Load(_dense1Bias + o + 8);
            Vector256.Store(Vector256.MaxNative(a0_0 + b0, Vector256<float>.Zero), hidden + 0 + o); Vector256.Store(Vector256.MaxNative(a0_1 + b1, Vector256<float>.Zero), hidden + 8 + o);
            Vector256.Store(Vector256.MaxNative(a1_0 + b0, Vector256<float>.Zero), hidden + 128 + o); Vector256.Store(Vector256.MaxNative(a1_1 + b1, Vector256<float>.Zero), hidden + 136 + o);
            Vector256.Store(Vector256.MaxNative(a2_0 + b0, Vector256<float>.Zero), hidden + 256 + o); Vector256.Store(Vector256.MaxNative(a2_1 + b1, Vector256<float>.Zero), hidden + 264 + o);
            Vector256.Store(Vector256.MaxNative(a3_0 + b0, Vector256<float>.Zero), hidden + 384 + o); Vector256.Store(Vector256.MaxNative(a3_1 + b1, Vector256<float>.Zero), hidden + 392 + o);
        }
    }

    /// <summary>dense + ReLU on Vector256 for one image: [1600] → [128], skipping zero inputs.</summary>
    /// <remarks>
    /// The input comes out of ReLU + max-pooling, so most of it is exactly 0 (two thirds on the trained model):
    /// the nonzero inputs are gathered first and only their weight rows (512 bytes each) are read, which is
    /// what bounds this layer at batch 1 (the 800 KiB kernel streams from L2). Exact: a skipped term is 0·w.
    /// Then 8 accumulators of 8 outputs per pass.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu1256(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 8)
        {
            uint mask = (uint)(~Vector256.Equals(Vector256.Load(features + i), Vector256<float>.Zero)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        for (int o = 0; o < 128; o += 64)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero, a2 = Vector256<float>.Zero, a3 = Vector256<float>.Zero, a4 = Vector256<float>.Zero, a5 = Vector256<float>.Zero, a6 = Vector256<float>.Zero, a7 = Vector256<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                int i = nonzero[k];
                float* w = _dense1Kernel + i * 128 + o;
                var x = Vector256.Create(features[i]);
                a0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 0), a0); a1 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 8), a1); a2 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 16), a2); a3 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 24), a3);
                a4 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 32), a4); a5 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 40), a5); a6 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 48), a6); a7 = Vector256.MultiplyAddEstimate(x, Vector256.Load(w + 56), a7);
            }

            Vector256.Store(Vector256.MaxNative(a0 + Vector256.Load(_dense1Bias + o + 0), Vector256<float>.Zero), hidden + o + 0);
            Vector256.Store(Vector256.MaxNative(a1 + Vector256.Load(_dense1Bias + o + 8), Vector256<float>.Zero), hidden + o + 8);
            Vector256.Store(Vector256.MaxNative(a2 + Vector256.Load(_dense1Bias + o + 16), Vector256<float>.Zero), hidden + o + 16);
            Vector256.Store(Vector256.MaxNative(a3 + Vector256.Load(_dense1Bias + o + 24), Vector256<float>.Zero), hidden + o + 24);
            Vector256.Store(Vector256.MaxNative(a4 + Vector256.Load(_dense1Bias + o + 32), Vector256<float>.Zero), hidden + o + 32);
            Vector256.Store(Vector256.MaxNative(a5 + Vector256.Load(_dense1Bias + o + 40), Vector256<float>.Zero), hidden + o + 40);
            Vector256.Store(Vector256.MaxNative(a6 + Vector256.Load(_dense1Bias + o + 48), Vector256<float>.Zero), hidden + o + 48);
            Vector256.Store(Vector256.MaxNative(a7 + Vector256.Load(_dense1Bias + o + 56), Vector256<float>.Zero), hidden + o + 56);
        }
    }

    /// <summary>
    /// dense_1 + softmax on Vector256 for one image: [128] → [10]. The 10 units are padded to 16 (zero weights);
    /// 2 partial sums × 2 vectors keep 4 FMA chains in flight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense2Softmax256(float* hidden, float* output, float* logits)
    {
        Vector256<float> a0_0 = Vector256<float>.Zero, a0_1 = Vector256<float>.Zero, a1_0 = Vector256<float>.Zero, a1_1 = Vector256<float>.Zero;
        for (int i = 0; i < 128; i += 2)
        {
            var x0 = Vector256.Create(hidden[i]); a0_0 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(_dense2Kernel + (i) * 16 + 0), a0_0); a0_1 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(_dense2Kernel + (i) * 16 + 8), a0_1);
            var x1 = Vector256.Create(hidden[i + 1]); a1_0 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(_dense2Kernel + (i + 1) * 16 + 0), a1_0); a1_1 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(_dense2Kernel + (i + 1) * 16 + 8), a1_1);
        }

        Vector256.Store(a0_0 + a1_0 + Vector256.Load(_dense2Bias + 0), logits + 0);
        Vector256.Store(a0_1 + a1_1 + Vector256.Load(_dense2Bias + 8), logits + 8);
        Softmax10(logits, output);
    }
    // ---- Vector128 ----

    /// <summary>conv2d + ReLU + max_pooling2d on Vector128: [28,28,1] → [13,13,64] (stored in a [14,14,64] buffer).</summary>
    /// <remarks>
    /// Output channels in groups of 4 (1 vector): the group's 9 taps × 1 weight vector stay in registers for the
    /// whole image. Per pooled pixel, the 2x2 conv outputs × 1 vector are 4 accumulators fed by the 16
    /// broadcast pixels of the 4x4 input patch (36 pixel-tap pairs); bias and ReLU after the max (both monotonic).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv1ReluPool128(float* input, float* pool1)
    {
        for (int g = 0; g < 64; g += 4)
        {
            float* w = _conv1Kernel + g;
            var w0_0 = Vector128.Load(w + 0);
            var w1_0 = Vector128.Load(w + 64);
            var w2_0 = Vector128.Load(w + 128);
            var w3_0 = Vector128.Load(w + 192);
            var w4_0 = Vector128.Load(w + 256);
            var w5_0 = Vector128.Load(w + 320);
            var w6_0 = Vector128.Load(w + 384);
            var w7_0 = Vector128.Load(w + 448);
            var w8_0 = Vector128.Load(w + 512);
            var b_0 = Vector128.Load(_conv1Bias + g + 0);
            for (int py = 0; py < 13; py++)
            {
                for (int px = 0; px < 13; px++)
                {
                    // 4x4 input patch at (2py, 2px) → conv outputs (2py+dy, 2px+dx), dy, dx ∈ {0, 1}.
                    float* src = input + (py * 28 + px) * 2;
                    Vector128<float> a00_0 = Vector128<float>.Zero, a01_0 = Vector128<float>.Zero, a10_0 = Vector128<float>.Zero, a11_0 = Vector128<float>.Zero;
                    Vector128<float> x;
                    x = Vector128.Create(src[0]); // input (0,0)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w0_0, a00_0);
                    x = Vector128.Create(src[1]); // input (0,1)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w1_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w0_0, a01_0);
                    x = Vector128.Create(src[2]); // input (0,2)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w2_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w1_0, a01_0);
                    x = Vector128.Create(src[3]); // input (0,3)
                    a01_0 = Vector128.MultiplyAddEstimate(x, w2_0, a01_0);
                    x = Vector128.Create(src[28]); // input (1,0)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w3_0, a00_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w0_0, a10_0);
                    x = Vector128.Create(src[29]); // input (1,1)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w4_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w3_0, a01_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w1_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w0_0, a11_0);
                    x = Vector128.Create(src[30]); // input (1,2)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w5_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w4_0, a01_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w2_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w1_0, a11_0);
                    x = Vector128.Create(src[31]); // input (1,3)
                    a01_0 = Vector128.MultiplyAddEstimate(x, w5_0, a01_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w2_0, a11_0);
                    x = Vector128.Create(src[56]); // input (2,0)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w6_0, a00_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w3_0, a10_0);
                    x = Vector128.Create(src[57]); // input (2,1)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w7_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w6_0, a01_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w4_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w3_0, a11_0);
                    x = Vector128.Create(src[58]); // input (2,2)
                    a00_0 = Vector128.MultiplyAddEstimate(x, w8_0, a00_0);
                    a01_0 = Vector128.MultiplyAddEstimate(x, w7_0, a01_0);
                    a10_0 = Vector128.MultiplyAddEstimate(x, w5_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w4_0, a11_0);
                    x = Vector128.Create(src[59]); // input (2,3)
                    a01_0 = Vector128.MultiplyAddEstimate(x, w8_0, a01_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w5_0, a11_0);
                    x = Vector128.Create(src[84]); // input (3,0)
                    a10_0 = Vector128.MultiplyAddEstimate(x, w6_0, a10_0);
                    x = Vector128.Create(src[85]); // input (3,1)
                    a10_0 = Vector128.MultiplyAddEstimate(x, w7_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w6_0, a11_0);
                    x = Vector128.Create(src[86]); // input (3,2)
                    a10_0 = Vector128.MultiplyAddEstimate(x, w8_0, a10_0);
                    a11_0 = Vector128.MultiplyAddEstimate(x, w7_0, a11_0);
                    x = Vector128.Create(src[87]); // input (3,3)
                    a11_0 = Vector128.MultiplyAddEstimate(x, w8_0, a11_0);
                    float* dst = pool1 + (py * 14 + px) * 64 + g;
                    Vector128.Store(Vector128.MaxNative(Vector128.MaxNative(Vector128.MaxNative(a00_0, a01_0), Vector128.MaxNative(a10_0, a11_0)) + b_0, Vector128<float>.Zero), dst + 0);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 1 on Vector128: Winograd F(4x4,3x3) input transform V = Bᵀ·d·B of the 9 6x6 patches
    /// (tile (ty, tx) covers conv outputs 4ty..4ty+3 × 4tx..4tx+3, input rows/columns 4ty..4ty+5 × 4tx..4tx+5;
    /// the last tile row and column read pool1's zero row and column 13).
    /// </summary>
    /// <remarks>
    /// 1-D transform (Bᵀ rows [4,0,-5,0,1,0], [0,-4,-4,1,1,0], [0,4,-4,-1,1,0], [0,-2,-1,2,1,0], [0,2,-1,-2,1,0],
    /// [0,4,0,-5,0,1]) factored to 14 operations; applied to the 6 columns into <c>t</c> (scratch), then to the
    /// 6 rows of <c>t</c>. Point ξ = 6i + j goes to v[ξ][tile][channel].
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Conv2WinogradInput128(float* pool1, float* v, float* scratch)
    {
        Vector128<float>* t = (Vector128<float>*)scratch; // [6][6] vectors: the column-transformed patch
        Vector128<float> two = Vector128.Create(2f), four = Vector128.Create(4f), minusTwo = Vector128.Create(-2f), minusFour = Vector128.Create(-4f), minusFive = Vector128.Create(-5f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* patch = pool1 + (ty * 56 + tx * 4) * 64; // pool1 is [14,14,64]: row 4ty, column 4tx
            float* dst = v + tile * 64;
            for (int c = 0; c < 64; c += 4)
            {
                float* d = patch + c;
                float* o = dst + c;
                {
                    Vector128<float> d0 = Vector128.Load(d + 0), d1 = Vector128.Load(d + 896), d2 = Vector128.Load(d + 1792), d3 = Vector128.Load(d + 2688), d4 = Vector128.Load(d + 3584), d5 = Vector128.Load(d + 4480);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[0] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[6] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[12] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[18] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[24] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[30] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = Vector128.Load(d + 64), d1 = Vector128.Load(d + 960), d2 = Vector128.Load(d + 1856), d3 = Vector128.Load(d + 2752), d4 = Vector128.Load(d + 3648), d5 = Vector128.Load(d + 4544);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[1] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[7] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[13] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[19] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[25] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[31] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = Vector128.Load(d + 128), d1 = Vector128.Load(d + 1024), d2 = Vector128.Load(d + 1920), d3 = Vector128.Load(d + 2816), d4 = Vector128.Load(d + 3712), d5 = Vector128.Load(d + 4608);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[2] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[8] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[14] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[20] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[26] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[32] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = Vector128.Load(d + 192), d1 = Vector128.Load(d + 1088), d2 = Vector128.Load(d + 1984), d3 = Vector128.Load(d + 2880), d4 = Vector128.Load(d + 3776), d5 = Vector128.Load(d + 4672);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[3] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[9] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[15] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[21] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[27] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[33] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = Vector128.Load(d + 256), d1 = Vector128.Load(d + 1152), d2 = Vector128.Load(d + 2048), d3 = Vector128.Load(d + 2944), d4 = Vector128.Load(d + 3840), d5 = Vector128.Load(d + 4736);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[4] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[10] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[16] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[22] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[28] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[34] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = Vector128.Load(d + 320), d1 = Vector128.Load(d + 1216), d2 = Vector128.Load(d + 2112), d3 = Vector128.Load(d + 3008), d4 = Vector128.Load(d + 3904), d5 = Vector128.Load(d + 4800);
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    t[5] = Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4));
                    t[11] = Vector128.MultiplyAddEstimate(minusFour, s12, s34);
                    t[17] = Vector128.MultiplyAddEstimate(four, t12, t43);
                    t[23] = Vector128.MultiplyAddEstimate(two, q, p);
                    t[29] = Vector128.MultiplyAddEstimate(minusTwo, q, p);
                    t[35] = Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5));
                }

                {
                    Vector128<float> d0 = t[0], d1 = t[1], d2 = t[2], d3 = t[3], d4 = t[4], d5 = t[5];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 0);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 576);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 1152);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 1728);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 2304);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 2880);
                }

                {
                    Vector128<float> d0 = t[6], d1 = t[7], d2 = t[8], d3 = t[9], d4 = t[10], d5 = t[11];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 3456);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 4032);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 4608);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 5184);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 5760);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 6336);
                }

                {
                    Vector128<float> d0 = t[12], d1 = t[13], d2 = t[14], d3 = t[15], d4 = t[16], d5 = t[17];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 6912);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 7488);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 8064);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 8640);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 9216);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 9792);
                }

                {
                    Vector128<float> d0 = t[18], d1 = t[19], d2 = t[20], d3 = t[21], d4 = t[22], d5 = t[23];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 10368);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 10944);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 11520);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 12096);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 12672);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 13248);
                }

                {
                    Vector128<float> d0 = t[24], d1 = t[25], d2 = t[26], d3 = t[27], d4 = t[28], d5 = t[29];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 13824);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 14400);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 14976);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 15552);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 16128);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 16704);
                }

                {
                    Vector128<float> d0 = t[30], d1 = t[31], d2 = t[32], d3 = t[33], d4 = t[34], d5 = t[35];
                    Vector128<float> s12 = d1 + d2, s34 = d3 + d4, t12 = d1 - d2, t43 = d4 - d3, p = d4 - d2, q = d3 - d1;
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d2, Vector128.MultiplyAddEstimate(four, d0, d4)), o + 17280);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFour, s12, s34), o + 17856);
                    Vector128.Store(Vector128.MultiplyAddEstimate(four, t12, t43), o + 18432);
                    Vector128.Store(Vector128.MultiplyAddEstimate(two, q, p), o + 19008);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusTwo, q, p), o + 19584);
                    Vector128.Store(Vector128.MultiplyAddEstimate(minusFive, d3, Vector128.MultiplyAddEstimate(four, d1, d5)), o + 20160);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 2 on Vector128: the 36 independent [9 tiles × 64 ci]·[64 ci × 64 co] products M[ξ] = V[ξ]·U[ξ].
    /// </summary>
    /// <remarks>
    /// Register block: 3 tiles × 2 output-channel vectors = 6 accumulators; per input channel, 2 loads of U and
    /// 3 broadcasts of V feed 6 FMAs. U[ξ] (16 KiB) stays in L1 while it is used.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradGemm128(float* v, float* m)
    {
        for (int xi = 0; xi < 36; xi++)
        {
            float* u = _conv2U + xi * 4096;
            for (int t0 = 0; t0 < 9; t0 += 3)
            {
                float* vt = v + xi * 576 + t0 * 64;
                float* mt = m + xi * 576 + t0 * 64;
                for (int co = 0; co < 64; co += 8)
                {
                    Vector128<float> a0_0 = Vector128<float>.Zero, a0_1 = Vector128<float>.Zero, a1_0 = Vector128<float>.Zero, a1_1 = Vector128<float>.Zero, a2_0 = Vector128<float>.Zero, a2_1 = Vector128<float>.Zero;
                    float* vp = vt;
                    float* ur = u + co;
                    for (int ci = 0; ci < 64; ci++, vp++, ur += 64)
                    {
                        var u0 = Vector128.Load(ur + 0); var u1 = Vector128.Load(ur + 4);
                        Vector128<float> x;
                        x = Vector128.Create(vp[0]); a0_0 = Vector128.MultiplyAddEstimate(x, u0, a0_0); a0_1 = Vector128.MultiplyAddEstimate(x, u1, a0_1);
                        x = Vector128.Create(vp[64]); a1_0 = Vector128.MultiplyAddEstimate(x, u0, a1_0); a1_1 = Vector128.MultiplyAddEstimate(x, u1, a1_1);
                        x = Vector128.Create(vp[128]); a2_0 = Vector128.MultiplyAddEstimate(x, u0, a2_0); a2_1 = Vector128.MultiplyAddEstimate(x, u1, a2_1);
                    }

                    Vector128.Store(a0_0, mt + 0 + co); Vector128.Store(a0_1, mt + 4 + co);
                    Vector128.Store(a1_0, mt + 64 + co); Vector128.Store(a1_1, mt + 68 + co);
                    Vector128.Store(a2_0, mt + 128 + co); Vector128.Store(a2_1, mt + 132 + co);
                }
            }
        }
    }

    /// <summary>
    /// conv2d_1, step 3 on Vector128: output transform Y = Aᵀ·M·A of each tile (4x4 conv outputs = 2x2
    /// max_pooling2d_1 windows), then max, bias, ReLU → features [5,5,64] (Keras flatten order). The last
    /// tile row and column have one pooling window each (conv rows/columns 10 and 11 are never read).
    /// </summary>
    /// <remarks>1-D transform Aᵀ = [1,1,1,1,1,0], [0,1,-1,2,-2,0], [0,1,1,4,4,0], [0,1,-1,8,-8,1]: 10 operations.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Conv2WinogradOutputReluPool128(float* m, float* features, float* scratch)
    {
        Vector128<float>* s = (Vector128<float>*)scratch; // [4][6] vectors: Aᵀ·M of one tile
        Vector128<float> two = Vector128.Create(2f), four = Vector128.Create(4f), eight = Vector128.Create(8f);
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile - ty * 3;
            float* src = m + tile * 64;
            float* dst = features + (ty * 10 + tx * 2) * 64; // pooled (2ty, 2tx)
            for (int c = 0; c < 64; c += 4)
            {
                float* mc = src + c;
                {
                    Vector128<float> m0 = Vector128.Load(mc + 0), m1 = Vector128.Load(mc + 3456), m2 = Vector128.Load(mc + 6912), m3 = Vector128.Load(mc + 10368), m4 = Vector128.Load(mc + 13824), m5 = Vector128.Load(mc + 17280);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[0] = m0 + a + e;
                    s[6] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[12] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[18] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector128<float> m0 = Vector128.Load(mc + 576), m1 = Vector128.Load(mc + 4032), m2 = Vector128.Load(mc + 7488), m3 = Vector128.Load(mc + 10944), m4 = Vector128.Load(mc + 14400), m5 = Vector128.Load(mc + 17856);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[1] = m0 + a + e;
                    s[7] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[13] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[19] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector128<float> m0 = Vector128.Load(mc + 1152), m1 = Vector128.Load(mc + 4608), m2 = Vector128.Load(mc + 8064), m3 = Vector128.Load(mc + 11520), m4 = Vector128.Load(mc + 14976), m5 = Vector128.Load(mc + 18432);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[2] = m0 + a + e;
                    s[8] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[14] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[20] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector128<float> m0 = Vector128.Load(mc + 1728), m1 = Vector128.Load(mc + 5184), m2 = Vector128.Load(mc + 8640), m3 = Vector128.Load(mc + 12096), m4 = Vector128.Load(mc + 15552), m5 = Vector128.Load(mc + 19008);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[3] = m0 + a + e;
                    s[9] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[15] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[21] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector128<float> m0 = Vector128.Load(mc + 2304), m1 = Vector128.Load(mc + 5760), m2 = Vector128.Load(mc + 9216), m3 = Vector128.Load(mc + 12672), m4 = Vector128.Load(mc + 16128), m5 = Vector128.Load(mc + 19584);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[4] = m0 + a + e;
                    s[10] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[16] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[22] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                {
                    Vector128<float> m0 = Vector128.Load(mc + 2880), m1 = Vector128.Load(mc + 6336), m2 = Vector128.Load(mc + 9792), m3 = Vector128.Load(mc + 13248), m4 = Vector128.Load(mc + 16704), m5 = Vector128.Load(mc + 20160);
                    Vector128<float> a = m1 + m2, b = m1 - m2, e = m3 + m4, f = m3 - m4;
                    s[5] = m0 + a + e;
                    s[11] = Vector128.MultiplyAddEstimate(two, f, b);
                    s[17] = Vector128.MultiplyAddEstimate(four, e, a);
                    s[23] = Vector128.MultiplyAddEstimate(eight, f, b) + m5;
                }

                Vector128<float> bias = Vector128.Load(_conv2Bias + c);
                for (int pr = 0; pr < 2 && ty * 2 + pr < 5; pr++)
                {
                    // Rows 2pr and 2pr+1 of Y, each transformed along j; then the two pooling windows.
                    Vector128<float>* r0 = s + pr * 12, r1 = r0 + 6;
                    Vector128<float> a0 = r0[1] + r0[2], b0 = r0[1] - r0[2], e0 = r0[3] + r0[4], f0 = r0[3] - r0[4];
                    Vector128<float> a1 = r1[1] + r1[2], b1 = r1[1] - r1[2], e1 = r1[3] + r1[4], f1 = r1[3] - r1[4];
                    Vector128<float> y00 = r0[0] + a0 + e0, y01 = Vector128.MultiplyAddEstimate(two, f0, b0);
                    Vector128<float> y10 = r1[0] + a1 + e1, y11 = Vector128.MultiplyAddEstimate(two, f1, b1);
                    float* pooled = dst + pr * 320 + c;
                    Vector128.Store(Vector128.MaxNative(Vector128.MaxNative(Vector128.MaxNative(y00, y01), Vector128.MaxNative(y10, y11)) + bias, Vector128<float>.Zero), pooled);
                    if (tx < 2)
                    {
                        Vector128<float> y02 = Vector128.MultiplyAddEstimate(four, e0, a0), y03 = Vector128.MultiplyAddEstimate(eight, f0, b0) + r0[5];
                        Vector128<float> y12 = Vector128.MultiplyAddEstimate(four, e1, a1), y13 = Vector128.MultiplyAddEstimate(eight, f1, b1) + r1[5];
                        Vector128.Store(Vector128.MaxNative(Vector128.MaxNative(Vector128.MaxNative(y02, y03), Vector128.MaxNative(y12, y13)) + bias, Vector128<float>.Zero), pooled + 64);
                    }
                }
            }
        }
    }

    /// <summary>dense + ReLU on Vector128 for 4 images at once: [4,1600] → [4,128], skipping inputs that are 0 in all 4.</summary>
    /// <remarks>
    /// Register block: 4 images × 2 output vectors = 8 accumulators, so each weight load feeds 4 FMAs
    /// (one per image); 16 passes of 8 outputs over the gathered inputs. Exact: a skipped term is 0·w.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu4128(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 4)
        {
            Vector128<float> zero0 = Vector128.Equals(Vector128.Load(features + i), Vector128<float>.Zero), zero1 = Vector128.Equals(Vector128.Load(features + 1600 + i), Vector128<float>.Zero);
            Vector128<float> zero2 = Vector128.Equals(Vector128.Load(features + 3200 + i), Vector128<float>.Zero), zero3 = Vector128.Equals(Vector128.Load(features + 4800 + i), Vector128<float>.Zero);
            uint mask = (uint)(~(zero0 & zero1 & zero2 & zero3)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        for (int o = 0; o < 128; o += 8)
        {
            Vector128<float> a0_0 = Vector128<float>.Zero, a0_1 = Vector128<float>.Zero, a1_0 = Vector128<float>.Zero, a1_1 = Vector128<float>.Zero, a2_0 = Vector128<float>.Zero, a2_1 = Vector128<float>.Zero, a3_0 = Vector128<float>.Zero, a3_1 = Vector128<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                int i = nonzero[k];
                float* w = _dense1Kernel + i * 128 + o;
                float* f = features + i;
                var w0 = Vector128.Load(w + 0); var w1 = Vector128.Load(w + 4);
                Vector128<float> x;
                x = Vector128.Create(f[0]); a0_0 = Vector128.MultiplyAddEstimate(x, w0, a0_0); a0_1 = Vector128.MultiplyAddEstimate(x, w1, a0_1);
                x = Vector128.Create(f[1600]); a1_0 = Vector128.MultiplyAddEstimate(x, w0, a1_0); a1_1 = Vector128.MultiplyAddEstimate(x, w1, a1_1);
                x = Vector128.Create(f[3200]); a2_0 = Vector128.MultiplyAddEstimate(x, w0, a2_0); a2_1 = Vector128.MultiplyAddEstimate(x, w1, a2_1);
                x = Vector128.Create(f[4800]); a3_0 = Vector128.MultiplyAddEstimate(x, w0, a3_0); a3_1 = Vector128.MultiplyAddEstimate(x, w1, a3_1);
            }

            var b0 = Vector128.Load(_dense1Bias + o + 0); var b1 = Vector128.Load(_dense1Bias + o + 4);
            Vector128.Store(Vector128.MaxNative(a0_0 + b0, Vector128<float>.Zero), hidden + 0 + o); Vector128.Store(Vector128.MaxNative(a0_1 + b1, Vector128<float>.Zero), hidden + 4 + o);
            Vector128.Store(Vector128.MaxNative(a1_0 + b0, Vector128<float>.Zero), hidden + 128 + o); Vector128.Store(Vector128.MaxNative(a1_1 + b1, Vector128<float>.Zero), hidden + 132 + o);
            Vector128.Store(Vector128.MaxNative(a2_0 + b0, Vector128<float>.Zero), hidden + 256 + o); Vector128.Store(Vector128.MaxNative(a2_1 + b1, Vector128<float>.Zero), hidden + 260 + o);
            Vector128.Store(Vector128.MaxNative(a3_0 + b0, Vector128<float>.Zero), hidden + 384 + o); Vector128.Store(Vector128.MaxNative(a3_1 + b1, Vector128<float>.Zero), hidden + 388 + o);
        }
    }

    /// <summary>dense + ReLU on Vector128 for one image: [1600] → [128], skipping zero inputs.</summary>
    /// <remarks>
    /// The input comes out of ReLU + max-pooling, so most of it is exactly 0 (two thirds on the trained model):
    /// the nonzero inputs are gathered first and only their weight rows (512 bytes each) are read, which is
    /// what bounds this layer at batch 1 (the 800 KiB kernel streams from L2). Exact: a skipped term is 0·w.
    /// Then 8 accumulators of 4 outputs per pass.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense1Relu1128(float* features, float* hidden, int* nonzero)
    {
        int count = 0;
        for (int i = 0; i < 1600; i += 4)
        {
            uint mask = (uint)(~Vector128.Equals(Vector128.Load(features + i), Vector128<float>.Zero)).ExtractMostSignificantBits();
            while (mask != 0)
            {
                nonzero[count++] = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
            }
        }

        for (int o = 0; o < 128; o += 32)
        {
            Vector128<float> a0 = Vector128<float>.Zero, a1 = Vector128<float>.Zero, a2 = Vector128<float>.Zero, a3 = Vector128<float>.Zero, a4 = Vector128<float>.Zero, a5 = Vector128<float>.Zero, a6 = Vector128<float>.Zero, a7 = Vector128<float>.Zero;
            for (int k = 0; k < count; k++)
            {
                int i = nonzero[k];
                float* w = _dense1Kernel + i * 128 + o;
                var x = Vector128.Create(features[i]);
                a0 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 0), a0); a1 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 4), a1); a2 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 8), a2); a3 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 12), a3);
                a4 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 16), a4); a5 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 20), a5); a6 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 24), a6); a7 = Vector128.MultiplyAddEstimate(x, Vector128.Load(w + 28), a7);
            }

            Vector128.Store(Vector128.MaxNative(a0 + Vector128.Load(_dense1Bias + o + 0), Vector128<float>.Zero), hidden + o + 0);
            Vector128.Store(Vector128.MaxNative(a1 + Vector128.Load(_dense1Bias + o + 4), Vector128<float>.Zero), hidden + o + 4);
            Vector128.Store(Vector128.MaxNative(a2 + Vector128.Load(_dense1Bias + o + 8), Vector128<float>.Zero), hidden + o + 8);
            Vector128.Store(Vector128.MaxNative(a3 + Vector128.Load(_dense1Bias + o + 12), Vector128<float>.Zero), hidden + o + 12);
            Vector128.Store(Vector128.MaxNative(a4 + Vector128.Load(_dense1Bias + o + 16), Vector128<float>.Zero), hidden + o + 16);
            Vector128.Store(Vector128.MaxNative(a5 + Vector128.Load(_dense1Bias + o + 20), Vector128<float>.Zero), hidden + o + 20);
            Vector128.Store(Vector128.MaxNative(a6 + Vector128.Load(_dense1Bias + o + 24), Vector128<float>.Zero), hidden + o + 24);
            Vector128.Store(Vector128.MaxNative(a7 + Vector128.Load(_dense1Bias + o + 28), Vector128<float>.Zero), hidden + o + 28);
        }
    }

    /// <summary>
    /// dense_1 + softmax on Vector128 for one image: [128] → [10]. The 10 units are padded to 16 (zero weights);
    /// 1 partial sum × 4 vectors keep 4 FMA chains in flight.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Dense2Softmax128(float* hidden, float* output, float* logits)
    {
        Vector128<float> a0_0 = Vector128<float>.Zero, a0_1 = Vector128<float>.Zero, a0_2 = Vector128<float>.Zero, a0_3 = Vector128<float>.Zero;
        for (int i = 0; i < 128; i += 1)
        {
            var x0 = Vector128.Create(hidden[i]); a0_0 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(_dense2Kernel + (i) * 16 + 0), a0_0); a0_1 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(_dense2Kernel + (i) * 16 + 4), a0_1); a0_2 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(_dense2Kernel + (i) * 16 + 8), a0_2); a0_3 = Vector128.MultiplyAddEstimate(x0, Vector128.Load(_dense2Kernel + (i) * 16 + 12), a0_3);
        }

        Vector128.Store(a0_0 + Vector128.Load(_dense2Bias + 0), logits + 0);
        Vector128.Store(a0_1 + Vector128.Load(_dense2Bias + 4), logits + 4);
        Vector128.Store(a0_2 + Vector128.Load(_dense2Bias + 8), logits + 8);
        Vector128.Store(a0_3 + Vector128.Load(_dense2Bias + 12), logits + 12);
        Softmax10(logits, output);
    }
    // ---- Scalar: the same algorithms and layouts, in loops ----

    /// <summary>conv2d + ReLU + max_pooling2d without vectors.</summary>
    private void Conv1ReluPoolScalar(float* input, float* pool1)
    {
        for (int py = 0; py < 13; py++)
        {
            for (int px = 0; px < 13; px++)
            {
                float* src = input + (py * 28 + px) * 2;
                float* dst = pool1 + (py * 14 + px) * 64;
                for (int co = 0; co < 64; co++)
                {
                    float max = float.NegativeInfinity;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            float sum = 0f;
                            for (int ky = 0; ky < 3; ky++)
                            {
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    sum += src[(dy + ky) * 28 + dx + kx] * _conv1Kernel[(ky * 3 + kx) * 64 + co];
                                }
                            }

                            max = MathF.Max(max, sum);
                        }
                    }

                    dst[co] = MathF.Max(max + _conv1Bias[co], 0f);
                }
            }
        }
    }

    /// <summary>Winograd F(4x4,3x3) input transform without vectors (see the vector versions).</summary>
    private static void Conv2WinogradInputScalar(float* pool1, float* v)
    {
        float* d = stackalloc float[6];
        float* t = stackalloc float[36];
        for (int tile = 0; tile < 9; tile++)
        {
            float* patch = pool1 + ((tile / 3) * 56 + (tile % 3) * 4) * 64;
            for (int c = 0; c < 64; c++)
            {
                for (int j = 0; j < 6; j++)
                {
                    for (int r = 0; r < 6; r++)
                    {
                        d[r] = patch[(r * 14 + j) * 64 + c];
                    }

                    WinogradInput1D(d, t + j, 6);
                }

                for (int i = 0; i < 6; i++)
                {
                    WinogradInput1D(t + i * 6, d, 1);
                    for (int j = 0; j < 6; j++)
                    {
                        v[(i * 6 + j) * 576 + tile * 64 + c] = d[j];
                    }
                }
            }
        }
    }

    /// <summary>Bᵀ·d for 6 values: <paramref name="output"/>[k·stride] = row k of Bᵀ times <paramref name="d"/>.</summary>
    private static void WinogradInput1D(float* d, float* output, int stride)
    {
        float d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3], d4 = d[4], d5 = d[5];
        float p = d4 - d2, q = d3 - d1;
        output[0] = 4f * d0 + d4 - 5f * d2;
        output[stride] = d3 + d4 - 4f * (d1 + d2);
        output[2 * stride] = 4f * (d1 - d2) + d4 - d3;
        output[3 * stride] = 2f * q + p;
        output[4 * stride] = p - 2f * q;
        output[5 * stride] = 4f * d1 + d5 - 5f * d3;
    }

    /// <summary>The 36 Winograd-domain products without vectors.</summary>
    private void Conv2WinogradGemmScalar(float* v, float* m)
    {
        for (int xi = 0; xi < 36; xi++)
        {
            float* u = _conv2U + xi * 4096;
            for (int tile = 0; tile < 9; tile++)
            {
                float* vt = v + xi * 576 + tile * 64;
                float* mt = m + xi * 576 + tile * 64;
                new Span<float>(mt, 64).Clear();
                for (int ci = 0; ci < 64; ci++)
                {
                    float x = vt[ci];
                    for (int co = 0; co < 64; co++)
                    {
                        mt[co] += x * u[ci * 64 + co];
                    }
                }
            }
        }
    }

    /// <summary>Winograd output transform, pooling, bias and ReLU without vectors.</summary>
    private void Conv2WinogradOutputReluPoolScalar(float* m, float* features)
    {
        float* col = stackalloc float[6];
        float* s = stackalloc float[24];
        float* y = stackalloc float[16];
        for (int tile = 0; tile < 9; tile++)
        {
            int ty = tile / 3, tx = tile % 3;
            for (int c = 0; c < 64; c++)
            {
                for (int j = 0; j < 6; j++)
                {
                    for (int i = 0; i < 6; i++)
                    {
                        col[i] = m[(i * 6 + j) * 576 + tile * 64 + c];
                    }

                    WinogradOutput1D(col, s + j, 6);
                }

                for (int k = 0; k < 4; k++)
                {
                    WinogradOutput1D(s + k * 6, y + k * 4, 1);
                }

                for (int pr = 0; pr < 2; pr++)
                {
                    for (int pc = 0; pc < 2; pc++)
                    {
                        int py = ty * 2 + pr, px = tx * 2 + pc;
                        if (py < 5 && px < 5)
                        {
                            float max = MathF.Max(
                                MathF.Max(y[(2 * pr) * 4 + 2 * pc], y[(2 * pr) * 4 + 2 * pc + 1]),
                                MathF.Max(y[(2 * pr + 1) * 4 + 2 * pc], y[(2 * pr + 1) * 4 + 2 * pc + 1]));
                            features[(py * 5 + px) * 64 + c] = MathF.Max(max + _conv2Bias[c], 0f);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Aᵀ·m for 6 values: <paramref name="output"/>[k·stride] = row k of Aᵀ times <paramref name="m"/>.</summary>
    private static void WinogradOutput1D(float* m, float* output, int stride)
    {
        float a = m[1] + m[2], b = m[1] - m[2], e = m[3] + m[4], f = m[3] - m[4];
        output[0] = m[0] + a + e;
        output[stride] = b + 2f * f;
        output[2 * stride] = a + 4f * e;
        output[3 * stride] = b + 8f * f + m[5];
    }

    /// <summary>dense + ReLU for one image without vectors.</summary>
    private void Dense1Relu1Scalar(float* features, float* hidden)
    {
        for (int o = 0; o < 128; o++)
        {
            hidden[o] = 0f;
        }

        for (int i = 0; i < 1600; i++)
        {
            float x = features[i];
            if (x == 0f)
            {
                continue; // exact: ReLU + max-pooling leave most inputs at 0
            }

            float* w = _dense1Kernel + i * 128;
            for (int o = 0; o < 128; o++)
            {
                hidden[o] += x * w[o];
            }
        }

        for (int o = 0; o < 128; o++)
        {
            hidden[o] = MathF.Max(hidden[o] + _dense1Bias[o], 0f);
        }
    }

    /// <summary>dense_1 + softmax for one image without vectors.</summary>
    private void Dense2SoftmaxScalar(float* hidden, float* output, float* logits)
    {
        for (int o = 0; o < 10; o++)
        {
            float sum = _dense2Bias[o];
            for (int i = 0; i < 128; i++)
            {
                sum += hidden[i] * _dense2Kernel[i * 16 + o];
            }

            logits[o] = sum;
        }

        Softmax10(logits, output);
    }

    /// <summary>Softmax over 10 logits: exp(x - max) / Σ, as Keras.</summary>
    private static void Softmax10(float* logits, float* output)
    {
        float max = logits[0];
        for (int o = 1; o < 10; o++)
        {
            max = MathF.Max(max, logits[o]);
        }

        float sum = 0f;
        for (int o = 0; o < 10; o++)
        {
            float e = MathF.Exp(logits[o] - max);
            output[o] = e;
            sum += e;
        }

        float scale = 1f / sum;
        for (int o = 0; o < 10; o++)
        {
            output[o] *= scale;
        }
    }

    // ---- Construction ----

    /// <summary>
    /// U[ξ][ci][co] = (G·g·Gᵀ)[i][j], ξ = 6i + j, for the 3x3 kernel g of (ci, co), with the F(4x4,3x3) matrix
    /// G = [[1/4,0,0],[-1/6,-1/6,-1/6],[-1/6,1/6,-1/6],[1/24,1/12,1/6],[1/24,-1/12,1/6],[0,0,1]]; computed in
    /// double, rounded once.
    /// </summary>
    private static void RepackWinogradKernel(ReadOnlySpan<float> kernel, float* u)
    {
        ReadOnlySpan<double> matrix =
        [
            1.0 / 4, 0, 0,
            -1.0 / 6, -1.0 / 6, -1.0 / 6,
            -1.0 / 6, 1.0 / 6, -1.0 / 6,
            1.0 / 24, 1.0 / 12, 1.0 / 6,
            1.0 / 24, -1.0 / 12, 1.0 / 6,
            0, 0, 1,
        ];
        Span<double> gg = stackalloc double[18];
        for (int ci = 0; ci < 64; ci++)
        {
            for (int co = 0; co < 64; co++)
            {
                // G·g: [6,3]
                for (int i = 0; i < 6; i++)
                {
                    for (int kx = 0; kx < 3; kx++)
                    {
                        double sum = 0;
                        for (int ky = 0; ky < 3; ky++)
                        {
                            sum += matrix[i * 3 + ky] * kernel[((ky * 3 + kx) * 64 + ci) * 64 + co];
                        }

                        gg[i * 3 + kx] = sum;
                    }
                }

                // (G·g)·Gᵀ: [6,6]
                for (int i = 0; i < 6; i++)
                {
                    for (int j = 0; j < 6; j++)
                    {
                        double sum = 0;
                        for (int kx = 0; kx < 3; kx++)
                        {
                            sum += gg[i * 3 + kx] * matrix[j * 3 + kx];
                        }

                        u[((i * 6 + j) * 64 + ci) * 64 + co] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>A pinned array with a 64-byte aligned start, zeroed; the array keeps it alive.</summary>
    private static float* AllocateAligned(int count, out float[] owner)
    {
        owner = GC.AllocateArray<float>(count + 16, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(owner));
        return (float*)((address + 63) & ~(nint)63);
    }

    /// <summary>Scratch of one thread: every intermediate activation, 64-byte aligned.</summary>
    private sealed class Workspace
    {
        private readonly float[] _owner;

        public Workspace()
        {
            float* p = AllocateAligned(12_544 + 20_736 + 20_736 + 576 + 6_400 + 512 + 16 + 1_600, out _owner);
            Pool1 = p; p += 12_544;
            WinogradV = p; p += 20_736;
            WinogradM = p; p += 20_736;
            Transform = p; p += 576;
            Features = p; p += 6_400;
            Hidden = p; p += 512;
            Logits = p; p += 16;
            Nonzero = (int*)p;
        }

        /// <summary>
        /// [14,14,64]: conv2d + max_pooling2d output [13,13,64] of the current image; row and column 13 stay 0
        /// (the last Winograd tiles read them).
        /// </summary>
        public float* Pool1 { get; }

        /// <summary>[36 ξ][9 tiles][64 ci]: Winograd-domain input of conv2d_1.</summary>
        public float* WinogradV { get; }

        /// <summary>[36 ξ][9 tiles][64 co]: Winograd-domain output of conv2d_1.</summary>
        public float* WinogradM { get; }

        /// <summary>[36 vectors]: one tile's half-transformed values.</summary>
        public float* Transform { get; }

        /// <summary>[4 images][1600]: max_pooling2d_1 output = flatten, for the current group of 4 images.</summary>
        public float* Features { get; }

        /// <summary>[4 images][128]: dense output.</summary>
        public float* Hidden { get; }

        /// <summary>[16]: dense_1 logits of one image (10 used).</summary>
        public float* Logits { get; }

        /// <summary>[1600]: indices of the dense inputs that are nonzero (in one image, or in any of 4).</summary>
        public int* Nonzero { get; }
    }

    /// <summary>
    /// One thread's range of a batch, run on the thread pool without allocating: the object is reused, its
    /// pointers stay valid because <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/> keeps the
    /// spans pinned until <see cref="Wait"/> returns.
    /// </summary>
    private sealed class RangeWorkItem : IThreadPoolWorkItem
    {
        private readonly SeedCnnPrototype _model;
        private readonly Workspace _workspace;
        private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
        private float* _input;
        private float* _output;
        private int _count;
        private Exception? _error;

        public RangeWorkItem(SeedCnnPrototype model, Workspace workspace)
        {
            _model = model;
            _workspace = workspace;
        }

        public void Start(float* input, float* output, int count)
        {
            _input = input;
            _output = output;
            _count = count;
            _error = null;
            _done.Reset();
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        public void Wait()
        {
            _done.Wait();
            if (_error != null)
            {
                throw new InvalidOperationException("A batch range failed.", _error);
            }
        }

        void IThreadPoolWorkItem.Execute()
        {
            try
            {
                _model.RunImages(_workspace, _input, _output, _count);
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                _done.Set();
            }
        }
    }
}
