namespace MlOps.Reports.Views;

/// <summary>A model in the registry: its aliases, its versions (newest first) and its rollout.</summary>
/// <param name="Versions">The versions shown (the newest ones when <see cref="TotalVersions"/> is larger).</param>
public sealed record ModelView(
    string Name,
    int? Champion,
    int? Challenger,
    int? Previous,
    IReadOnlyList<ModelVersionView> Versions,
    int TotalVersions,
    RolloutView? Rollout,
    IReadOnlyList<int> SurveyYears);
