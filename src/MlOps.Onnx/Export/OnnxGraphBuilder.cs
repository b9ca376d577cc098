using Google.Protobuf;
using MlOps.Onnx.Protobuf;

namespace MlOps.Onnx.Export;

/// <summary>Accumulates nodes, initializers, inputs and outputs of one ONNX graph.</summary>
internal sealed class OnnxGraphBuilder(string name)
{
    private readonly GraphProto graph = new() { Name = name };
    private int counter;

    public GraphProto Graph => graph;

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string Name(string prefix) => $"{prefix}_{counter++}";

    public void Input(string valueName, TensorProto.Types.DataType type, params object[] dims) => graph.Input.Add(ValueInfo(valueName, type, dims));

    public void Output(string valueName, TensorProto.Types.DataType type, params object[] dims) => graph.Output.Add(ValueInfo(valueName, type, dims));

    public string Floats(string prefix, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Name(prefix), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string Int64s(string prefix, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = Name(prefix), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public NodeProto Node(string opType, string[] inputs, string[] outputs, string domain = "")
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}", Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        graph.Node.Add(node);
        return node;
    }

    /// <summary>Adds a single-output node and returns the output's name.</summary>
    public string Apply(string opType, params string[] inputs)
    {
        var output = Name(opType.ToLowerInvariant());
        Node(opType, inputs, [output]);
        return output;
    }

    private static ValueInfoProto ValueInfo(string valueName, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                _ => throw new ArgumentException($"dimension {dim} is neither a size nor a symbol."),
            });
        }
        return new ValueInfoProto
        {
            Name = valueName,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
