using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace CnnGen.Benchmarks.Onnx;

/// <summary>
/// An ONNX graph being built in code: nodes in execution order, float and int64 initializers, one float input and
/// one float output with static shapes. <see cref="ToModel"/> serializes it as a ModelProto (default domain) with
/// <see cref="ProtobufWriter"/>. Field numbers are onnx.proto's:
/// ModelProto{ir_version 1, producer_name 2, graph 7, opset_import 8},
/// GraphProto{node 1, name 2, initializer 5, input 11, output 12},
/// NodeProto{input 1, output 2, name 3, op_type 4, attribute 5},
/// AttributeProto{name 1, f 2, i 3, ints 8, type 20},
/// TensorProto{dims 1, data_type 2, name 8, raw_data 9}.
/// </summary>
internal sealed class OnnxGraph
{
    // onnx.proto TensorProto.DataType values.
    private const int TensorFloat = 1, TensorInt64 = 7;

    private readonly List<Node> _nodes = new();
    private readonly List<Action<ProtobufWriter>> _initializers = new();
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);

    /// <summary>Nodes added so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Appends a node with one output; nodes must be added in a topological order.</summary>
    public void AddNode(string opType, string[] inputs, string output, params OnnxAttribute[] attributes) =>
        _nodes.Add(new Node(opType, (string[])inputs.Clone(), output, attributes));

    /// <summary>A float32 initializer (raw little-endian data); <paramref name="dims"/> empty for a scalar. Returns its name.</summary>
    public string AddInitializer(string name, float[] values, params long[] dims)
    {
        CheckElementCount(name, values.Length, dims);
        AddTensor(name, TensorFloat, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return name;
    }

    /// <summary>An int64 initializer (e.g. a Reshape shape). Returns its name.</summary>
    public string AddInt64Initializer(string name, long[] values, params long[] dims)
    {
        CheckElementCount(name, values.Length, dims);
        AddTensor(name, TensorInt64, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return name;
    }

    /// <summary>
    /// Renames a value everywhere it is produced or consumed (used to give the value of the model's output layer the
    /// graph output's name once the whole graph is built).
    /// </summary>
    public void RenameValue(string from, string to)
    {
        foreach (Node node in _nodes)
        {
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                if (node.Inputs[i] == from)
                {
                    node.Inputs[i] = to;
                }
            }

            if (node.Output == from)
            {
                node.Output = to;
            }
        }
    }

    /// <summary>The serialized ModelProto: IR version 7, the default domain at <paramref name="opset"/>.</summary>
    public byte[] ToModel(string graphName, string inputName, long[] inputDims, string outputName, long[] outputDims, int opset = 13)
    {
        var graph = new ProtobufWriter();
        for (int n = 0; n < _nodes.Count; n++)
        {
            Node node = _nodes[n];
            graph.Message(1, p =>
            {
                foreach (string input in node.Inputs)
                {
                    p.String(1, input);
                }

                p.String(2, node.Output);
                p.String(3, $"n{n}_{node.OpType}");
                p.String(4, node.OpType);
                foreach (OnnxAttribute attribute in node.Attributes)
                {
                    p.Message(5, attribute.Write);
                }
            });
        }

        graph.String(2, graphName);
        foreach (Action<ProtobufWriter> initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        graph.Message(11, v => ValueInfo(v, inputName, inputDims));
        graph.Message(12, v => ValueInfo(v, outputName, outputDims));

        var model = new ProtobufWriter();
        model.Int(1, 7); // ir_version 7: opsets up to 13 (ONNX 1.8)
        model.String(2, "CnnGen.Benchmarks");
        model.Bytes(7, graph.ToArray());
        model.Message(8, o => o.String(1, "").Int(2, opset)); // opset_import: default domain
        return model.ToArray();
    }

    private void AddTensor(string name, int dataType, long[] dims, byte[] rawData)
    {
        if (!_initializerNames.Add(name))
        {
            throw new InvalidOperationException($"ONNX initializer '{name}' added twice.");
        }

        long[] shape = (long[])dims.Clone();
        _initializers.Add(t =>
        {
            foreach (long d in shape)
            {
                t.Int(1, d);
            }

            t.Int(2, dataType);
            t.String(8, name);
            t.Bytes(9, rawData); // raw_data: little-endian
        });
    }

    private static void CheckElementCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"ONNX initializer '{name}': {count} values for dims [{string.Join(", ", dims)}].");
        }
    }

    private static void ValueInfo(ProtobufWriter valueInfo, string name, long[] dims)
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

    private sealed class Node(string opType, string[] inputs, string output, OnnxAttribute[] attributes)
    {
        public string OpType { get; } = opType;

        public string[] Inputs { get; } = inputs;

        public string Output { get; set; } = output;

        public OnnxAttribute[] Attributes { get; } = attributes;
    }
}

/// <summary>One node attribute (an AttributeProto): an int, a list of ints or a float.</summary>
internal sealed class OnnxAttribute
{
    // onnx.proto AttributeProto.AttributeType values.
    private const int AttributeFloat = 1, AttributeInt = 2, AttributeInts = 7;

    private readonly Action<ProtobufWriter> _write;

    private OnnxAttribute(Action<ProtobufWriter> write) => _write = write;

    public static OnnxAttribute Int(string name, long value) =>
        new(a => a.String(1, name).Int(3, value).Int(20, AttributeInt));

    public static OnnxAttribute Float(string name, float value) =>
        new(a => a.String(1, name).Float(2, value).Int(20, AttributeFloat));

    public static OnnxAttribute Ints(string name, params long[] values)
    {
        long[] copy = (long[])values.Clone();
        return new(a =>
        {
            a.String(1, name);
            foreach (long v in copy)
            {
                a.Int(8, v);
            }

            a.Int(20, AttributeInts);
        });
    }

    /// <summary>Writes the AttributeProto's fields.</summary>
    public void Write(ProtobufWriter attribute) => _write(attribute);
}
