using System.Text.RegularExpressions;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Reports.Views;

namespace MlOps.Functions.Dashboard;

/// <summary>The pipeline's records (custom statuses, reports, trial outcomes) as the dashboard's views.</summary>
internal static partial class PipelineViews
{
    public static RunSummaryView Run(OrchestrationMetadata instance)
    {
        var progress = TryRead(instance.ReadCustomStatusAs<RetrainProgress>);
        var site = progress?.Site ?? SiteOf(instance.InstanceId);
        var reason = progress?.Reason ?? instance.FailureDetails?.ErrorMessage;
        return new RunSummaryView(
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            progress?.Step ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending ? "Pending" : instance.RuntimeStatus.ToString()),
            site,
            progress?.Year,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            progress?.Sweep is { } sweep ? Sweep(sweep) : null,
            progress?.Version,
            progress?.Accuracy,
            reason);
    }

    public static SweepProgressView Sweep(SweepProgress progress) =>
        new(progress.SweepId, progress.MaxTrials, progress.Done, progress.Running, progress.Failed, progress.Stopped, progress.BestTrialId, progress.BestObjective);

    public static TrialView Trial(TrialOutcome outcome) => new(
        outcome.TrialId,
        outcome.Status.ToString(),
        outcome.Parameters,
        outcome.Objective,
        outcome.Seconds,
        outcome.Message,
        outcome.Curve.Select(c => new CurvePoint(c.Step, c.Value)).ToList());

    public static SweepParameterView Parameter(ParameterSpec parameter) => new(
        parameter.Name,
        parameter.Type.ToString().ToLowerInvariant(),
        parameter.Scale == ParameterScale.Log,
        parameter.Values,
        parameter.Min,
        parameter.Max);

    public static DriftView Drift(DriftReport report) => new(
        report.Year,
        report.Features.Select(f => new FeatureDriftView(f.Feature, f.ReferenceYear, f.Psi, f.Ks, f.Flagged)).ToList(),
        report.ClassMix,
        report.PsiThreshold,
        report.KsThreshold);

    public static EvaluationView Evaluation(EvaluationReport report) => new(
        report.Years,
        report.NewestYear,
        Model(report.Challenger),
        report.Champion is { } champion ? Model(champion) : null,
        report.AccuracyGainOnNewestYear);

    private static ModelYearsView Model(ModelEvaluation evaluation) => new(
        evaluation.Label,
        evaluation.Version,
        evaluation.Years.Select(y => new YearMetricsView(
            y.Year,
            y.Rows,
            y.Metrics.Accuracy,
            y.Metrics.Kappa,
            y.Metrics.Precision,
            y.Metrics.Recall,
            y.Metrics.Confusion.Select(row => (IReadOnlyList<long>)row).ToList())).ToList());

    /// <summary>The site in a retrain instance id (<see cref="RetrainInstanceIds"/>: retrain-{site}-{year}-{hash}, -scheduled-{time}, -manual-{guid}).</summary>
    public static string SiteOf(string instanceId) =>
        RetrainIdPattern().Match(instanceId) is { Success: true } match ? match.Groups["site"].Value : "";

    [GeneratedRegex("^retrain-(?<site>.+?)-(?:[0-9]{4}-[0-9a-f]{16}|scheduled-[0-9]{14}|manual-[0-9a-f]{32})$")]
    private static partial Regex RetrainIdPattern();

    /// <summary>A status written by an older or newer shape of the pipeline reads as missing rather than breaking the page.</summary>
    public static T? TryRead<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
