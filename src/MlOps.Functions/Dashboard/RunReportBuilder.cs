using MlOps.Reports.Maps;
using MlOps.Reports.Pages;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>Builds the self-contained HTML report of one retrain run, its maps rendered and inlined.</summary>
public sealed class RunReportBuilder(RunQueries runs, MapService maps, TimeProvider time)
{
    /// <summary>The report, or null when there is no retrain run with that id.</summary>
    public async Task<string?> BuildAsync(string instanceId, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(instanceId, renderMaps: true, static (_, _, _, _) => "", cancellationToken);
        if (run is null)
        {
            return null;
        }
        var inlined = new List<MapSetView>();
        foreach (var map in run.Maps.Where(m => m.Statistics is not null))
        {
            inlined.Add(map with
            {
                PredictedUrl = RunReport.DataUri(await maps.GetImageAsync(map.Model, map.Version, map.Year, MapKinds.Predicted, cancellationToken)),
                TruthUrl = RunReport.DataUri(await maps.GetImageAsync(map.Model, map.Version, map.Year, MapKinds.Truth, cancellationToken)),
                DisagreementUrl = RunReport.DataUri(await maps.GetImageAsync(map.Model, map.Version, map.Year, MapKinds.Disagreement, cancellationToken)),
            });
        }
        return RunReport.Render(run with { Maps = inlined }, time.GetUtcNow());
    }
}
