namespace MlOps.Surveys.Features;

/// <summary>How to hold out validation rows.</summary>
public sealed record SplitOptions
{
    /// <summary>Share of rows held out for validation, in (0, 1).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    public SplitStrategy Strategy { get; init; } = SplitStrategy.SpatialBlocks;

    /// <summary>Side of a spatial block in pixels.</summary>
    public int BlockSize { get; init; } = 64;

    public int Seed { get; init; }
}
