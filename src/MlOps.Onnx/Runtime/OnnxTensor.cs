namespace MlOps.Onnx.Runtime;

/// <summary>A dense float32 or int64 tensor in managed memory, row-major.</summary>
public sealed class OnnxTensor
{
    private OnnxTensor(OnnxElementType type, Array data, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Any(d => d < 0) || count != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] does not hold {data.Length} values.");
        }
        ElementType = type;
        Data = data;
        Shape = shape;
    }

    public OnnxElementType ElementType { get; }

    public long[] Shape { get; }

    public Array Data { get; }

    public float[] Floats => Data as float[] ?? throw new InvalidOperationException($"the tensor holds {ElementType}, not float32.");

    public long[] Int64s => Data as long[] ?? throw new InvalidOperationException($"the tensor holds {ElementType}, not int64.");

    public static OnnxTensor FromFloats(float[] data, params long[] shape) => new(OnnxElementType.Float, data, shape);

    public static OnnxTensor FromInt64s(long[] data, params long[] shape) => new(OnnxElementType.Int64, data, shape);
}
