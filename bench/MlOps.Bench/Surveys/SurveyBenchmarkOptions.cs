namespace MlOps.Bench.Surveys;

/// <summary>What to measure: a synthetic survey of Size × Size pixels, written under WorkDirectory.</summary>
public sealed record SurveyBenchmarkOptions
{
    public int Size { get; init; } = 4096;

    public int Seed { get; init; } = 1;

    /// <summary>Where the survey is generated; a fresh temporary directory when null.</summary>
    public string? WorkDirectory { get; init; }

    public bool KeepFiles { get; init; }
}
