using System;

namespace CnnGen.Benchmarks;

/// <summary>
/// The seed CNN in plain nested loops, written straight from the Keras definitions: the correctness oracle
/// (beside the fixture files) and the "no optimization at all" row of the benchmarks.
/// </summary>
/// <remarks>
/// 28x28x1 → Conv2D(64, 3x3, valid, relu) 26x26x64 → MaxPooling2D(2) 13x13x64 → Conv2D(64, 3x3, valid, relu)
/// 11x11x64 → MaxPooling2D(2) 5x5x64 → Flatten 1600 → Dense(128, relu) → Dense(10, softmax).
/// Every layer output of the last image is kept in a public buffer so that it can be compared with the
/// fixture's <c>layers/*.bin</c>. Not thread-safe; allocates nothing per call.
/// </remarks>
public sealed class NaiveCnn
{
    private readonly float[] _conv1Kernel;  // [3,3,1,64] HWIO, as Keras stores it
    private readonly float[] _conv1Bias;    // [64]
    private readonly float[] _conv2Kernel;  // [3,3,64,64]
    private readonly float[] _conv2Bias;    // [64]
    private readonly float[] _dense1Kernel; // [1600,128]
    private readonly float[] _dense1Bias;   // [128]
    private readonly float[] _dense2Kernel; // [128,10]
    private readonly float[] _dense2Bias;   // [10]

    /// <summary>Number of float32 weights the constructor takes.</summary>
    public const int WeightCount = 243_786;

    /// <summary>Takes the weights concatenated in Keras order (kernel, bias per layer).</summary>
    public NaiveCnn(ReadOnlySpan<float> weights)
    {
        if (weights.Length != WeightCount)
        {
            throw new ArgumentException($"Expected {WeightCount} weights, got {weights.Length}.", nameof(weights));
        }

        int offset = 0;
        _conv1Kernel = Take(weights, ref offset, 3 * 3 * 1 * 64);
        _conv1Bias = Take(weights, ref offset, 64);
        _conv2Kernel = Take(weights, ref offset, 3 * 3 * 64 * 64);
        _conv2Bias = Take(weights, ref offset, 64);
        _dense1Kernel = Take(weights, ref offset, 1600 * 128);
        _dense1Bias = Take(weights, ref offset, 128);
        _dense2Kernel = Take(weights, ref offset, 128 * 10);
        _dense2Bias = Take(weights, ref offset, 10);
    }

    /// <summary>Output of conv2d (after ReLU), [26,26,64].</summary>
    public float[] Conv1Output { get; } = new float[26 * 26 * 64];

    /// <summary>Output of max_pooling2d, [13,13,64].</summary>
    public float[] Pool1Output { get; } = new float[13 * 13 * 64];

    /// <summary>Output of conv2d_1 (after ReLU), [11,11,64].</summary>
    public float[] Conv2Output { get; } = new float[11 * 11 * 64];

    /// <summary>Output of max_pooling2d_1 = flatten, [5,5,64] = [1600].</summary>
    public float[] Pool2Output { get; } = new float[5 * 5 * 64];

    /// <summary>Output of dense (after ReLU), [128].</summary>
    public float[] Dense1Output { get; } = new float[128];

    /// <summary>Predicts <paramref name="batchSize"/> images of 784 floats each into 10 probabilities each.</summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batchSize)
    {
        for (int n = 0; n < batchSize; n++)
        {
            Predict(inputs.Slice(n * 784, 784), outputs.Slice(n * 10, 10));
        }
    }

    /// <summary>Predicts one 28x28x1 image into 10 probabilities.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Conv2DRelu(input, 28, 28, 1, _conv1Kernel, _conv1Bias, 64, Conv1Output);
        MaxPool2(Conv1Output, 26, 26, 64, Pool1Output);
        Conv2DRelu(Pool1Output, 13, 13, 64, _conv2Kernel, _conv2Bias, 64, Conv2Output);
        MaxPool2(Conv2Output, 11, 11, 64, Pool2Output);
        Dense(Pool2Output, _dense1Kernel, _dense1Bias, 128, Dense1Output, relu: true);
        Dense(Dense1Output, _dense2Kernel, _dense2Bias, 10, output, relu: false);
        Softmax(output[..10]);
    }

    private static void Conv2DRelu(
        ReadOnlySpan<float> input, int height, int width, int inChannels,
        float[] kernel, float[] bias, int outChannels, Span<float> output)
    {
        int outHeight = height - 2, outWidth = width - 2;
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                for (int co = 0; co < outChannels; co++)
                {
                    float sum = bias[co];
                    for (int ky = 0; ky < 3; ky++)
                    {
                        for (int kx = 0; kx < 3; kx++)
                        {
                            for (int ci = 0; ci < inChannels; ci++)
                            {
                                sum += input[((y + ky) * width + x + kx) * inChannels + ci]
                                     * kernel[((ky * 3 + kx) * inChannels + ci) * outChannels + co];
                            }
                        }
                    }

                    output[(y * outWidth + x) * outChannels + co] = MathF.Max(sum, 0f);
                }
            }
        }
    }

    private static void MaxPool2(ReadOnlySpan<float> input, int height, int width, int channels, Span<float> output)
    {
        // Valid 2x2 pooling with stride 2: a trailing odd row or column is never read.
        int outHeight = height / 2, outWidth = width / 2;
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    float max = float.NegativeInfinity;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            max = MathF.Max(max, input[((2 * y + dy) * width + 2 * x + dx) * channels + c]);
                        }
                    }

                    output[(y * outWidth + x) * channels + c] = max;
                }
            }
        }
    }

    private static void Dense(ReadOnlySpan<float> input, float[] kernel, float[] bias, int units, Span<float> output, bool relu)
    {
        for (int o = 0; o < units; o++)
        {
            float sum = bias[o];
            for (int i = 0; i < input.Length; i++)
            {
                sum += input[i] * kernel[i * units + o];
            }

            output[o] = relu ? MathF.Max(sum, 0f) : sum;
        }
    }

    private static void Softmax(Span<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            max = MathF.Max(max, v);
        }

        float sum = 0f;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    private static float[] Take(ReadOnlySpan<float> weights, ref int offset, int count)
    {
        float[] part = weights.Slice(offset, count).ToArray();
        offset += count;
        return part;
    }
}
