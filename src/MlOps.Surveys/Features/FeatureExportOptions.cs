namespace MlOps.Surveys.Features;

/// <summary>What `mlops features` writes: the feature columns and, when EmbeddingDim &gt; 0, random Fourier positional features.</summary>
public sealed record FeatureExportOptions
{
    public FeatureOptions Features { get; init; } = FeatureOptions.Raw;

    /// <summary>Number of random frequencies (embeddingDim); each adds a sine and a cosine column. 0 adds none.</summary>
    public int EmbeddingDim { get; init; }

    /// <summary>Standard deviation of the frequencies (embeddingSigma), in units of the standardized coordinates.</summary>
    public double EmbeddingSigma { get; init; } = 1;

    public int EmbeddingSeed { get; init; }
}
