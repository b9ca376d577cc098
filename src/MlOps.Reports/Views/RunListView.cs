namespace MlOps.Reports.Views;

/// <summary>A page of retrain runs, newest first, with the filter that selected them and counts by status.</summary>
public sealed record RunListView(
    IReadOnlyList<RunSummaryView> Runs,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<string, int> CountsByStatus,
    string? Site,
    string? Status)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
