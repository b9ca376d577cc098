namespace MlOps.Reports.Views;

/// <summary>A survey site: its surveys by year, the packages that were quarantined, and its model.</summary>
public sealed record SiteView(
    string Name,
    IReadOnlyList<SurveyYearView> Years,
    IReadOnlyList<QuarantinedSurveyView> Quarantined,
    ModelSummaryView? Model);

/// <summary>One year's survey package as its manifest describes it.</summary>
/// <param name="ManifestVersion">A short key of the manifest's ETag: which upload this is.</param>
public sealed record SurveyYearView(
    int Year,
    string ManifestVersion,
    DateTimeOffset UploadedAt,
    string? Crs,
    DateOnly? AcquiredFrom,
    DateOnly? AcquiredTo,
    IReadOnlyList<SurveyFileView> Files)
{
    public long TotalBytes => Files.Sum(f => f.Size);
}

public sealed record SurveyFileView(string Name, long Size, string Sha256);

/// <summary>A survey package moved to quarantine, with the problems its validation found.</summary>
public sealed record QuarantinedSurveyView(int Year, string Version, DateTimeOffset At, IReadOnlyList<string> Problems);

/// <summary>A model's headline: how many versions, which serve, and where its rollout stands.</summary>
public sealed record ModelSummaryView(string Name, int Versions, int? Champion, int? Challenger, string RolloutMode, double ChallengerWeight, double? ChampionAccuracy);
