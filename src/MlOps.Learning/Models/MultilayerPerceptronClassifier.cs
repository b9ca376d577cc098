using System.Numerics.Tensors;

namespace MlOps.Learning.Models;

/// <summary>
/// A fully connected network: ReLU hidden layers, a linear output layer of 5 logits, softmax
/// probabilities. Layer l maps Sizes[l] inputs to Sizes[l+1] outputs with Weights[l] stored
/// row-major [in, out] (as an ONNX MatMul initializer) and Biases[l].
/// </summary>
public sealed class MultilayerPerceptronClassifier : Classifier
{
    public MultilayerPerceptronClassifier(int[] sizes, float[][] weights, float[][] biases)
    {
        if (sizes.Length < 2 || sizes[^1] != ClassCount)
        {
            throw new ArgumentException($"layer sizes must end with {ClassCount} outputs.", nameof(sizes));
        }
        for (var l = 0; l < sizes.Length - 1; l++)
        {
            if (weights[l].Length != sizes[l] * sizes[l + 1] || biases[l].Length != sizes[l + 1])
            {
                throw new ArgumentException($"layer {l} has the wrong number of parameters.");
            }
        }
        Sizes = sizes;
        Weights = weights;
        Biases = biases;
    }

    public int[] Sizes { get; }

    public float[][] Weights { get; }

    public float[][] Biases { get; }

    public int LayerCount => Sizes.Length - 1;

    public override int FeatureCount => Sizes[0];

    public override int PredictRow(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        var widest = Sizes.Max();
        Span<float> a = stackalloc float[widest];
        Span<float> b = stackalloc float[widest];
        features.CopyTo(a);
        for (var l = 0; l < LayerCount; l++)
        {
            var input = a[..Sizes[l]];
            var output = b[..Sizes[l + 1]];
            Forward(l, input, output);
            if (l < LayerCount - 1)
            {
                TensorPrimitives.Max(output, 0f, output);
            }
            var swap = a;
            a = b;
            b = swap;
        }
        var logits = a[..ClassCount];
        Softmax(logits, probabilities);
        return ArgMax(logits);
    }

    /// <summary>output = input · W[l] + b[l].</summary>
    public void Forward(int layer, ReadOnlySpan<float> input, Span<float> output)
    {
        var outputs = Sizes[layer + 1];
        var w = Weights[layer];
        output.Clear();
        for (var i = 0; i < input.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(w.AsSpan(i * outputs, outputs), input[i], output, output);
        }
        TensorPrimitives.Add(output, Biases[layer], output);
    }
}
