namespace MlOps.Learning.Training;

/// <summary>Gradient-boosted trees with a multiclass softmax loss, histogram split search.</summary>
public sealed record GradientBoostingOptions : TrainerOptions
{
    /// <summary>Boosting rounds (each adds one tree per class).</summary>
    public int Rounds { get; init; } = 200;

    public double LearningRate { get; init; } = 0.1;

    public int MaxDepth { get; init; } = 6;

    /// <summary>Most leaves per tree (0 = only the depth limits it).</summary>
    public int MaxLeaves { get; init; }

    /// <summary>Smallest hessian sum in a child (XGBoost's min_child_weight).</summary>
    public double MinChildWeight { get; init; } = 1.0;

    /// <summary>L2 penalty on leaf values (XGBoost's lambda).</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>Stop when the validation loss has not improved for this many rounds (0 = never).</summary>
    public int EarlyStoppingRounds { get; init; } = 20;

    public int MaxBins { get; init; } = 256;
}
