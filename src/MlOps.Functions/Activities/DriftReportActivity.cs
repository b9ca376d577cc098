using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Drift;

namespace MlOps.Functions.Activities;

public sealed record DriftRequest(string RunId, string Site, int Year, IReadOnlyList<int> EarlierYears);

public sealed record FeatureDrift(string Feature, int ReferenceYear, double Psi, double Ks, bool Flagged);

public sealed record DriftReport(
    string Site,
    int Year,
    IReadOnlyList<FeatureDrift> Features,
    IReadOnlyDictionary<int, double[]> ClassMix,
    double PsiThreshold,
    double KsThreshold,
    string? Location)
{
    public IReadOnlyList<string> FlaggedFeatures => Features.Where(f => f.Flagged).Select(f => $"{f.Feature} vs {f.ReferenceYear}").ToList();
}

/// <summary>Drift thresholds (configuration section MlOps:Drift).</summary>
public sealed class DriftOptions
{
    public const string Section = "MlOps:Drift";

    /// <summary>Population stability index above which a feature is flagged (0.25: a major shift, by the usual reading).</summary>
    public double PsiThreshold { get; set; } = 0.25;

    /// <summary>Kolmogorov–Smirnov statistic above which a feature is flagged.</summary>
    public double KsThreshold { get; set; } = 0.2;

    public int MaxRowsPerSurvey { get; set; } = 20_000;
}

/// <summary>
/// Step 2: the new year against each earlier year, per feature (PSI and KS) and in the ground
/// truth's class mix; features over the thresholds are flagged. Stored as runs/{runId}/drift.json.
/// </summary>
public sealed class DriftReportActivity(SurveyFeatures features, RunReports reports, IOptions<DriftOptions> options) : TaskActivity<DriftRequest, DriftReport>
{
    public const string Name = "DriftReport";

    public override async Task<DriftReport> RunAsync(TaskActivityContext context, DriftRequest input)
    {
        var settings = options.Value;
        var cancellationToken = context.ShutdownToken;
        var (current, _) = await features.LoadAsync(input.Site, input.Year, settings.MaxRowsPerSurvey, 1, cancellationToken);
        var mix = new Dictionary<int, double[]> { [input.Year] = DriftStatistics.ClassMix(current.Labels) };
        var drift = new List<FeatureDrift>();
        foreach (var year in input.EarlierYears)
        {
            var (reference, _) = await features.LoadAsync(input.Site, year, settings.MaxRowsPerSurvey, 1, cancellationToken);
            mix[year] = DriftStatistics.ClassMix(reference.Labels);
            for (var column = 0; column < current.ColumnCount; column++)
            {
                var name = current.ColumnNames[column];
                if (name is "x" or "y")
                {
                    continue;
                }
                var a = Column(reference.Values, reference.ColumnCount, column);
                var b = Column(current.Values, current.ColumnCount, column);
                if (a.Length == 0 || b.Length == 0)
                {
                    continue;
                }
                var psi = DriftStatistics.PopulationStabilityIndex(a, b);
                var ks = DriftStatistics.KolmogorovSmirnov(a, b);
                drift.Add(new FeatureDrift(name, year, Math.Round(psi, 4), Math.Round(ks, 4), psi > settings.PsiThreshold || ks > settings.KsThreshold));
            }
        }
        var report = new DriftReport(input.Site, input.Year, drift, mix, settings.PsiThreshold, settings.KsThreshold, null);
        var location = await reports.WriteAsync(input.RunId, "drift.json", report, cancellationToken);
        return report with { Location = location };
    }

    private static float[] Column(float[] values, int columns, int column)
    {
        var rows = values.Length / columns;
        var result = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            result[r] = values[r * columns + column];
        }
        return result;
    }
}
