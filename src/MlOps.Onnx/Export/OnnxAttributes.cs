using Google.Protobuf;
using MlOps.Onnx.Protobuf;

namespace MlOps.Onnx.Export;

/// <summary>Attribute constructors for <see cref="NodeProto"/>.</summary>
internal static class OnnxAttributes
{
    public static NodeProto With(this NodeProto node, string name, long value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, string value)
    {
        node.Attribute.Add(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        node.Attribute.Add(attribute);
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, IEnumerable<float> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        attribute.Floats.AddRange(values);
        node.Attribute.Add(attribute);
        return node;
    }

    public static NodeProto With(this NodeProto node, string name, IEnumerable<string> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        node.Attribute.Add(attribute);
        return node;
    }
}
