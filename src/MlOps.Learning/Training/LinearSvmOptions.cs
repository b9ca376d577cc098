namespace MlOps.Learning.Training;

/// <summary>Linear SVM, one-vs-rest, L2-regularized squared hinge loss (as LinearSVC).</summary>
public sealed record LinearSvmOptions : TrainerOptions
{
    /// <summary>Inverse regularization strength.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Most passes over the data per class.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Stop when every class's largest projected gradient falls below this.</summary>
    public double Tolerance { get; init; } = 0.01;
}
