using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>
/// Drift per feature: a bar per feature and earlier year for one statistic (PSI or KS), the
/// threshold as a dashed line, flagged bars outlined.
/// </summary>
public static class DriftChart
{
    public static string Render(DriftView drift, string statistic, double width = 720, double height = 260)
    {
        var psi = statistic.Equals("psi", StringComparison.OrdinalIgnoreCase);
        var name = psi ? "population stability index" : "Kolmogorov–Smirnov statistic";
        var threshold = psi ? drift.PsiThreshold : drift.KsThreshold;
        var frame = new PlotFrame(width, height, Top: 34);
        var svg = frame.Begin($"{name} per feature, {drift.Year} against earlier years", "plot drift-plot " + (psi ? "drift-psi" : "drift-ks"),
            $"{(psi ? "PSI" : "KS")} per feature: {drift.Year} against each earlier year");
        var features = drift.FeatureNames.ToList();
        var years = drift.ReferenceYears;
        var values = drift.Features.Select(f => psi ? f.Psi : f.Ks).Append(threshold).ToList();
        var y = new LinearScale(0, Math.Max(values.Max() * 1.1, psi ? 0.1 : 0.05), frame.PlotBottom, frame.PlotTop);
        frame.DrawCategoryAxes(svg, features, y, "feature", psi ? "PSI" : "KS");

        var legendX = frame.PlotRight - 70 * years.Count;
        for (var i = 0; i < years.Count; i++)
        {
            svg.Rect(legendX + 70 * i, 8, 12, 8, fill: PlotColors.SeriesAt(i));
            svg.Text(legendX + 70 * i + 16, 16, "vs " + years[i].ToString(CultureInfo.InvariantCulture), fill: PlotColors.Axis);
        }
        var half = frame.CategoryHalfWidth(features.Count);
        var barWidth = Math.Max(2, half * 1.6 / Math.Max(1, years.Count));
        foreach (var feature in drift.Features)
        {
            var index = features.IndexOf(feature.Feature);
            var series = years.ToList().IndexOf(feature.ReferenceYear);
            var value = psi ? feature.Psi : feature.Ks;
            var left = frame.CategoryX(index, features.Count) - half * 0.8 + series * barWidth;
            var top = y.Map(value);
            svg.Rect(left, top, barWidth - 1, frame.PlotBottom - top, fill: PlotColors.SeriesAt(series),
                cssClass: feature.Flagged ? "bar flagged" : "bar",
                title: $"{feature.Feature}, {drift.Year} vs {feature.ReferenceYear}: PSI {feature.Psi.ToString("0.0000", CultureInfo.InvariantCulture)}, KS {feature.Ks.ToString("0.0000", CultureInfo.InvariantCulture)}{(feature.Flagged ? " (flagged)" : "")}",
                stroke: feature.Flagged ? PlotColors.Threshold : null, strokeWidth: feature.Flagged ? 2 : null);
        }
        var ty = y.Map(threshold);
        svg.Line(frame.PlotLeft, ty, frame.PlotRight, ty, PlotColors.Threshold, 1.5, "threshold", "6 4");
        svg.Text(frame.PlotRight - 4, ty - 4, $"threshold {AxisScale.Format(threshold)}", anchor: "end", fill: PlotColors.Threshold);
        return svg.ToString();
    }
}
