namespace MlOps.Learning.Training;

/// <summary>Random forest: bootstrap-bagged Gini trees on histogram-binned features.</summary>
public sealed record RandomForestOptions : TrainerOptions
{
    public int Trees { get; init; } = 100;

    /// <summary>Deepest split level (0 = unlimited).</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Fewest (bootstrap-weighted) samples in a leaf.</summary>
    public int MinLeaf { get; init; } = 1;

    /// <summary>Share of the features tried at each split; null for √features (scikit-learn's "sqrt").</summary>
    public double? FeatureFraction { get; init; }

    public int MaxBins { get; init; } = 256;

    public bool Bootstrap { get; init; } = true;
}
