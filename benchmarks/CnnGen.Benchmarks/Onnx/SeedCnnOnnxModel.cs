using System;
using System.Runtime.InteropServices;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// Builds, in code, the ONNX model (opset 17) of the seed CNN with the given Keras weights:
/// NHWC input → Transpose to NCHW → Conv → Relu → MaxPool → Conv → Relu → MaxPool → Transpose back to NHWC
/// (so that the flatten order is Keras') → Reshape [N,1600] → Gemm → Relu → Gemm → Softmax.
/// </summary>
internal static class SeedCnnOnnxModel
{
    // onnx.proto field numbers and enum values used below.
    private const int TensorFloat = 1, TensorInt64 = 7;
    private const int AttributeInt = 2, AttributeInts = 7;

    /// <summary>The serialized ModelProto, for a fixed batch size (ORT may specialize on static shapes).</summary>
    public static byte[] Build(ReadOnlySpan<float> weights, int batchSize)
    {
        if (weights.Length != NaiveCnn.WeightCount)
        {
            throw new ArgumentException($"Expected {NaiveCnn.WeightCount} weights.", nameof(weights));
        }

        float[] conv1 = HwioToOihw(weights.Slice(0, 576), 1, 64);
        float[] conv1Bias = weights.Slice(576, 64).ToArray();
        float[] conv2 = HwioToOihw(weights.Slice(640, 36_864), 64, 64);
        float[] conv2Bias = weights.Slice(37_504, 64).ToArray();
        float[] dense1 = weights.Slice(37_568, 204_800).ToArray();
        float[] dense1Bias = weights.Slice(242_368, 128).ToArray();
        float[] dense2 = weights.Slice(242_496, 1_280).ToArray();
        float[] dense2Bias = weights.Slice(243_776, 10).ToArray();

        var graph = new ProtobufWriter();
        Node(graph, "Transpose", ["input"], ["nchw"], g => Ints(g, "perm", 0, 3, 1, 2));
        Node(graph, "Conv", ["nchw", "conv1.W", "conv1.B"], ["conv1"], g => Ints(g, "kernel_shape", 3, 3));
        Node(graph, "Relu", ["conv1"], ["relu1"]);
        Node(graph, "MaxPool", ["relu1"], ["pool1"], g => { Ints(g, "kernel_shape", 2, 2); Ints(g, "strides", 2, 2); });
        Node(graph, "Conv", ["pool1", "conv2.W", "conv2.B"], ["conv2"], g => Ints(g, "kernel_shape", 3, 3));
        Node(graph, "Relu", ["conv2"], ["relu2"]);
        Node(graph, "MaxPool", ["relu2"], ["pool2"], g => { Ints(g, "kernel_shape", 2, 2); Ints(g, "strides", 2, 2); });
        Node(graph, "Transpose", ["pool2"], ["nhwc"], g => Ints(g, "perm", 0, 2, 3, 1));
        Node(graph, "Reshape", ["nhwc", "flatten.shape"], ["flatten"]);
        Node(graph, "Gemm", ["flatten", "dense1.W", "dense1.B"], ["dense1"]);
        Node(graph, "Relu", ["dense1"], ["hidden"]);
        Node(graph, "Gemm", ["hidden", "dense2.W", "dense2.B"], ["logits"]);
        Node(graph, "Softmax", ["logits"], ["output"], g => Int(g, "axis", -1));
        graph.String(2, "seed_cnn");
        FloatTensor(graph, "conv1.W", conv1, 64, 1, 3, 3);
        FloatTensor(graph, "conv1.B", conv1Bias, 64);
        FloatTensor(graph, "conv2.W", conv2, 64, 64, 3, 3);
        FloatTensor(graph, "conv2.B", conv2Bias, 64);
        FloatTensor(graph, "dense1.W", dense1, 1600, 128);
        FloatTensor(graph, "dense1.B", dense1Bias, 128);
        FloatTensor(graph, "dense2.W", dense2, 128, 10);
        FloatTensor(graph, "dense2.B", dense2Bias, 10);
        graph.Message(5, t => t.Int(1, 2).Int(2, TensorInt64).String(8, "flatten.shape")
            .Bytes(9, MemoryMarshal.AsBytes<long>([-1, 1600])));
        graph.Message(11, v => ValueInfo(v, "input", batchSize, 28, 28, 1));
        graph.Message(12, v => ValueInfo(v, "output", batchSize, 10));

        var model = new ProtobufWriter();
        model.Int(1, 8); // ir_version
        model.String(2, "CnnGen.Benchmarks");
        model.Bytes(7, graph.ToArray());
        model.Message(8, o => o.String(1, "").Int(2, 17)); // opset_import: default domain, opset 17
        return model.ToArray();
    }

    private static float[] HwioToOihw(ReadOnlySpan<float> hwio, int inChannels, int outChannels)
    {
        var oihw = new float[hwio.Length];
        for (int k = 0; k < 9; k++)
        {
            for (int ci = 0; ci < inChannels; ci++)
            {
                for (int co = 0; co < outChannels; co++)
                {
                    oihw[(co * inChannels + ci) * 9 + k] = hwio[(k * inChannels + ci) * outChannels + co];
                }
            }
        }

        return oihw;
    }

    private static void Node(ProtobufWriter graph, string opType, string[] inputs, string[] outputs, Action<ProtobufWriter>? attributes = null)
    {
        graph.Message(1, node =>
        {
            foreach (string input in inputs)
            {
                node.String(1, input);
            }

            foreach (string output in outputs)
            {
                node.String(2, output);
            }

            node.String(3, outputs[0] + "_" + opType);
            node.String(4, opType);
            attributes?.Invoke(node);
        });
    }

    private static void Ints(ProtobufWriter node, string name, params long[] values) =>
        node.Message(5, a =>
        {
            a.String(1, name);
            foreach (long v in values)
            {
                a.Int(8, v);
            }

            a.Int(20, AttributeInts);
        });

    private static void Int(ProtobufWriter node, string name, long value) =>
        node.Message(5, a => a.String(1, name).Int(3, value).Int(20, AttributeInt));

    private static void FloatTensor(ProtobufWriter graph, string name, float[] values, params long[] dims) =>
        graph.Message(5, t =>
        {
            foreach (long d in dims)
            {
                t.Int(1, d);
            }

            t.Int(2, TensorFloat);
            t.String(8, name);
            t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())); // raw_data: little-endian float32
        });

    private static void ValueInfo(ProtobufWriter valueInfo, string name, params long[] dims)
    {
        valueInfo.String(1, name);
        valueInfo.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int(1, TensorFloat);
            tensor.Message(2, shape =>
            {
                foreach (long d in dims)
                {
                    shape.Message(1, dim => dim.Int(1, d));
                }
            });
        }));
    }
}
