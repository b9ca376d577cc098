using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using Microsoft.Extensions.Options;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>
/// Retrain runs from the durable store: pages of runs newest first (one query of instance rows,
/// no payloads), and one run with everything it produced.
/// </summary>
public sealed class RunQueries(
    DurableTaskClient durable,
    RunReports reports,
    SweepQueries sweeps,
    ModelQueries models,
    MapService maps,
    IOptions<DashboardOptions> options)
{
    /// <summary>
    /// Every retrain run (of one site when given), newest first: instance rows only, no inputs or
    /// outputs; callers turn into views only the runs they show.
    /// </summary>
    public async Task<IReadOnlyList<OrchestrationMetadata>> ListAllAsync(string? site, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            Name = RetrainSurveyOrchestration.Name,
            InstanceIdPrefix = site is null ? null : RetrainInstanceIds.SitePrefix(site),
            PageSize = 1000,
        };
        var runs = new List<OrchestrationMetadata>();
        await foreach (var instance in durable.QueryInstancesAsync(query, cancellationToken))
        {
            // retrain-bedford- also prefixes retrain-bedford-north-…: keep only the site asked for.
            if (site is null || PipelineViews.SiteOf(instance.InstanceId) == site)
            {
                runs.Add(instance);
            }
        }
        runs.Sort((a, b) => b.CreatedAt.CompareTo(a.CreatedAt) is var order and not 0 ? order : string.CompareOrdinal(b.InstanceId, a.InstanceId));
        return runs;
    }

    public async Task<RunListView> ListAsync(string? site, string? status, int page, CancellationToken cancellationToken)
    {
        var all = await ListAllAsync(site, cancellationToken);
        var counts = CountByStatus(all);
        var selected = status is null ? all : all.Where(r => r.RuntimeStatus.ToString().Equals(status, StringComparison.OrdinalIgnoreCase)).ToList();
        var size = Math.Max(1, options.Value.RunsPageSize);
        var pages = Math.Max(1, (selected.Count + size - 1) / size);
        page = Math.Clamp(page, 1, pages);
        return new RunListView(selected.Skip((page - 1) * size).Take(size).Select(PipelineViews.Run).ToList(), selected.Count, page, size, counts, site, status);
    }

    public static IReadOnlyDictionary<string, int> CountByStatus(IEnumerable<OrchestrationMetadata> runs) =>
        runs.GroupBy(r => r.RuntimeStatus.ToString()).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// One run with its drift report, sweep, evaluation and registered version. Maps are listed
    /// for every year of the registered version (pictures are rendered when first asked for);
    /// with <paramref name="renderMaps"/> they are rendered now and their numbers filled in.
    /// </summary>
    public async Task<RunView?> GetAsync(string instanceId, bool renderMaps, Func<string, int, int, string, string> imageUrl, CancellationToken cancellationToken)
    {
        var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || !instance.Name.Equals(RetrainSurveyOrchestration.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var summary = PipelineViews.Run(instance);
        var request = PipelineViews.TryRead(instance.ReadInputAs<RetrainRequest>);
        var progress = PipelineViews.TryRead(instance.ReadCustomStatusAs<RetrainProgress>);
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? PipelineViews.TryRead(instance.ReadOutputAs<RetrainResult>) : null;
        var site = request?.Site ?? summary.Site;

        var driftTask = reports.ReadAsync<DriftReport>(instanceId, "drift.json", cancellationToken);
        var evaluationTask = reports.ReadAsync<EvaluationReport>(instanceId, "evaluation.json", cancellationToken);
        var sweepId = progress?.SweepInstanceId;
        var sweepTask = sweepId is null ? Task.FromResult<SweepView?>(null) : sweeps.GetAsync(sweepId, cancellationToken);
        var version = summary.Version ?? result?.Version;
        var registeredTask = version is { } v ? models.GetVersionAsync(site, v, cancellationToken) : Task.FromResult<ModelVersionView?>(null);
        await Task.WhenAll(driftTask, evaluationTask, sweepTask, registeredTask);
        var drift = PipelineViews.TryRead(() => driftTask.Result);
        var evaluation = PipelineViews.TryRead(() => evaluationTask.Result);
        var registered = registeredTask.Result;

        var mapViews = new List<MapSetView>();
        if (registered is not null)
        {
            var surveyYears = await models.SurveyYearsAsync(site, cancellationToken);
            foreach (var year in registered.ByYear.Select(y => y.Year).Where(surveyYears.Contains))
            {
                MapStatistics? statistics = null;
                if (renderMaps)
                {
                    try
                    {
                        statistics = await maps.GetStatisticsAsync(site, registered.Version, year, cancellationToken);
                    }
                    catch (MapUnavailableException)
                    {
                        // The survey was removed since: the run's other documents still stand.
                    }
                }
                mapViews.Add(MapService.View(site, registered.Version, year, statistics, imageUrl));
            }
        }
        return new RunView(
            summary,
            request?.Trigger ?? "?",
            progress?.Years ?? result?.Years ?? request?.Years ?? [],
            progress?.DriftFlags ?? [],
            result?.Outcome,
            drift is null ? null : PipelineViews.Drift(drift),
            sweepTask.Result,
            evaluation is null ? null : PipelineViews.Evaluation(evaluation),
            registered,
            mapViews);
    }
}
