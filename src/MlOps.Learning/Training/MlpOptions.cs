namespace MlOps.Learning.Training;

/// <summary>Multilayer perceptron: ReLU hidden layers, softmax output, Adam on mini-batches.</summary>
public sealed record MlpOptions : TrainerOptions
{
    /// <summary>Hidden layer widths, input side first.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 32];

    public int Epochs { get; init; } = 20;

    public double LearningRate { get; init; } = 1e-3;

    public int BatchSize { get; init; } = 256;

    /// <summary>L2 penalty added to the weight gradients.</summary>
    public double L2 { get; init; } = 1e-5;
}
