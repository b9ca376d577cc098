namespace MlOps.Learning.Training;

/// <summary>Options every trainer shares: seed, positional features, data split and threads.</summary>
public abstract record TrainerOptions
{
    public int Seed { get; init; }

    /// <summary>Random Fourier feature pairs of the map coordinates (0 = none).</summary>
    public int EmbeddingDim { get; init; }

    /// <summary>Standard deviation of the random Fourier frequencies.</summary>
    public double EmbeddingSigma { get; init; } = 1.0;

    /// <summary>
    /// Share of the labelled rows to train on. Without a validation set the rest is held out
    /// for validation (default 0.7); with one, training uses this share of the training rows
    /// (default 1).
    /// </summary>
    public double? TrainingFraction { get; init; }

    /// <summary>Threads to use; −1 for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal ParallelOptions Parallel(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };

    internal int Threads => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
}
