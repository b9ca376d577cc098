namespace MlOps.Reports.Views;

/// <summary>A registered model version's card, as the dashboard shows it.</summary>
public sealed record ModelVersionView(
    string Name,
    int Version,
    IReadOnlyList<string> Aliases,
    DateTimeOffset CreatedAt,
    string RunId,
    string Kind,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<DataYearView> DataYears,
    double? Accuracy,
    double? Kappa,
    int? NewestYear,
    IReadOnlyList<YearMetricsView> ByYear,
    int? ParentVersion,
    string? SweepId,
    string? TrialId,
    string? CodeVersion,
    long SizeBytes,
    string Sha256,
    ModelYearsView? ChampionAtRegistration,
    double? AccuracyGainOnNewestYear);

/// <summary>One survey year a model was trained on, with its files' SHA-256.</summary>
public sealed record DataYearView(int Year, IReadOnlyDictionary<string, string> Files);
