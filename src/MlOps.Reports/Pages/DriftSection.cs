using System.Globalization;
using System.Text;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>Drift per feature between the new year and each earlier one, and the class mix by year.</summary>
public static class DriftSection
{
    public static string Render(DriftView drift)
    {
        var html = new StringBuilder();
        var flagged = drift.Features.Where(f => f.Flagged).ToList();
        html.Append("<p>").Append(drift.Year).Append(" against ").Append(Encode(string.Join(", ", drift.ReferenceYears)))
            .Append(": thresholds PSI &gt; ").Append(Number(drift.PsiThreshold, "0.###")).Append(", KS &gt; ").Append(Number(drift.KsThreshold, "0.###")).Append(". ")
            .Append(flagged.Count == 0 ? "No feature is flagged." : $"<span class=\"flag\">{flagged.Count} flagged.</span>").Append("</p>");
        if (drift.Features.Count > 0)
        {
            html.Append("<div class=\"plots\">").Append(DriftChart.Render(drift, "psi")).Append(DriftChart.Render(drift, "ks")).Append("</div>");
        }
        if (drift.ClassMix.Count > 0)
        {
            html.Append("<div class=\"plots\">").Append(ClassMixChart.Render(drift.ClassMix)).Append("</div>");
        }
        html.Append("<details><summary>Drift table</summary><table class=\"data sortable drift\"><thead><tr><th data-sort>feature</th><th data-sort class=\"num\">against</th>")
            .Append("<th data-sort class=\"num\">PSI</th><th data-sort class=\"num\">KS</th><th data-sort>flagged</th></tr></thead><tbody>");
        foreach (var feature in drift.Features.OrderBy(f => f.Feature, StringComparer.Ordinal).ThenBy(f => f.ReferenceYear))
        {
            html.Append("<tr><td>").Append(Encode(feature.Feature)).Append("</td><td class=\"num\">").Append(feature.ReferenceYear.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">").Append(Number(feature.Psi)).Append("</td><td class=\"num\">").Append(Number(feature.Ks))
                .Append("</td><td>").Append(feature.Flagged ? "<span class=\"flag\">yes</span>" : "no").Append("</td></tr>");
        }
        return html.Append("</tbody></table></details>").ToString();
    }
}
