using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>
/// The model × year matrix (the published study's table): one row per model, one column per
/// survey year, accuracy (or kappa) in each cell. A model trained on earlier years drops on a new
/// year; the retrained one recovers.
/// </summary>
public static class ModelYearHeatMap
{
    public static string Render(IReadOnlyList<ModelYearsView> models, IReadOnlyList<int> years, string metric = "accuracy", string? title = null)
    {
        var values = models.SelectMany(m => m.Years.Select(y => Value(y, metric))).ToList();
        var min = values.Count == 0 ? 0 : Math.Min(values.Min(), 0.95);
        // A floor a little under the lowest score keeps the colours telling apart the scores that occur.
        min = Math.Max(0, Math.Floor((min - 0.05) * 20) / 20);
        return HeatMap.Render(
            $"model × year {metric} matrix",
            "model-year",
            models.Select(m => m.Label).ToList(),
            years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList(),
            (r, c) => models[r].For(years[c]) is { } score
                ? new HeatMapCell(Value(score, metric), Value(score, metric).ToString("0.000", CultureInfo.InvariantCulture),
                    $"{models[r].Label} on {years[c]}: accuracy {score.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture)}, kappa {score.Kappa.ToString("0.0000", CultureInfo.InvariantCulture)} ({score.Rows} labelled pixels)")
                : new HeatMapCell(null, "–", $"{models[r].Label} was not evaluated on {years[c]}"),
            min,
            1,
            title ?? $"{metric} by model and survey year",
            "survey year");
    }

    private static double Value(YearMetricsView score, string metric) =>
        metric.Equals("kappa", StringComparison.OrdinalIgnoreCase) ? score.Kappa : score.Accuracy;
}
