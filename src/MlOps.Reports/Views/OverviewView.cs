namespace MlOps.Reports.Views;

/// <summary>The dashboard's front page: sites, the latest runs, and run counts by status.</summary>
public sealed record OverviewView(
    IReadOnlyList<SiteView> Sites,
    IReadOnlyList<RunSummaryView> RecentRuns,
    IReadOnlyDictionary<string, int> RunsByStatus,
    int TotalRuns)
{
    public bool Live => RecentRuns.Any(r => r.IsRunning);
}
