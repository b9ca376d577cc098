namespace MlOps.Learning.Sweeps;

public enum SamplingAlgorithm
{
    Random,
    Grid,
    Bayesian,
}

public enum ObjectiveDirection
{
    Maximize,
    Minimize,
}

/// <summary>What a sweep optimises: a metric, its direction, and an optional goal that ends the sweep when reached.</summary>
public sealed record SweepObjective(string Metric, ObjectiveDirection Direction, double? Goal)
{
    public bool IsBetter(double candidate, double incumbent) =>
        Direction == ObjectiveDirection.Maximize ? candidate > incumbent : candidate < incumbent;

    public bool Reached(double value) =>
        Goal is { } goal && (Direction == ObjectiveDirection.Maximize ? value >= goal : value <= goal);
}

/// <summary>Median stopping: stop a trial whose value at step s is worse than the median of completed trials at s.</summary>
public sealed record EarlyStoppingSpec(int MinTrialsRequired = 2, int StartStep = 1);

/// <summary>
/// A hyperparameter sweep as data, in the shape Katib experiments and Azure ML sweep jobs use:
/// a search space, a sampling algorithm, an objective, budgets and early stopping.
/// </summary>
public sealed record SweepSpec(
    IReadOnlyList<ParameterSpec> Parameters,
    SamplingAlgorithm Algorithm,
    SweepObjective Objective,
    int MaxTrials,
    int ParallelTrials,
    int MaxFailedTrials,
    TimeSpan TrialTimeout,
    TimeSpan? Timeout,
    EarlyStoppingSpec? EarlyStopping,
    int Seed,
    int GridPoints = 5)
{
    /// <summary>
    /// The published Bedford Basin pipeline's search space (model family, training fraction and
    /// the two positional-embedding parameters), with this project's boosted trees and MLP
    /// added to the model choices.
    /// </summary>
    public static SweepSpec Default { get; } = new(
        [
            new ParameterSpec("model", ParameterType.Categorical, ["rf", "svm", "gbdt", "mlp"]),
            new ParameterSpec("trainingFraction", ParameterType.Categorical, ["0.3", "0.5", "0.7"]),
            new ParameterSpec("embeddingSigma", ParameterType.Double, [], 1e-6, 10, ParameterScale.Log),
            new ParameterSpec("embeddingDim", ParameterType.Categorical, ["0", "2", "3", "6", "7"]),
        ],
        SamplingAlgorithm.Bayesian,
        new SweepObjective("accuracy", ObjectiveDirection.Maximize, 0.99),
        MaxTrials: 30,
        ParallelTrials: 3,
        MaxFailedTrials: 3,
        TrialTimeout: TimeSpan.FromMinutes(30),
        Timeout: TimeSpan.FromHours(6),
        EarlyStopping: new EarlyStoppingSpec(MinTrialsRequired: 2, StartStep: 1),
        Seed: 20160101);
}
