using MlOps.Registry.Rollout;
using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;
using MlOps.Surveys.Imaging;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>What each version served: requests, errors, scoring latency, agreement with the champion, feedback accuracy, predicted class mix.</summary>
public static class TrafficSection
{
    public static string Render(IReadOnlyList<VersionSummary> versions, string model, DashboardLinks links)
    {
        if (versions.Count == 0)
        {
            return "<p class=\"muted\">No version has served a request yet.</p>";
        }
        var html = new StringBuilder("<table class=\"data traffic\"><thead><tr><th>version</th><th class=\"num\">served</th><th class=\"num\">mirrored</th>")
            .Append("<th class=\"num\">errors</th><th class=\"num\">rows</th><th class=\"num\">p50 / p95 / p99 ms</th><th class=\"num\">agreement</th>")
            .Append("<th class=\"num\">feedback accuracy</th><th>predicted classes</th></tr></thead><tbody>");
        foreach (var v in versions)
        {
            html.Append("<tr data-version=\"").Append(v.Version.ToString(CultureInfo.InvariantCulture)).Append("\"><td>")
                .Append(Link(links.ModelVersion(model, v.Version), Version(v.Version))).Append("</td>")
                .Append("<td class=\"num served\">").Append(Integer(v.ServedRequests)).Append("</td>")
                .Append("<td class=\"num\">").Append(Integer(v.MirroredRequests)).Append("</td>")
                .Append("<td class=\"num\">").Append(Integer(v.Errors)).Append(v.ErrorRate is { } rate ? $" ({Percent(rate, "0.##")})" : "").Append("</td>")
                .Append("<td class=\"num\">").Append(Integer(v.Rows)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(v.P50Milliseconds, "0.##")).Append(" / ").Append(Number(v.P95Milliseconds, "0.##"))
                .Append(" / ").Append(Number(v.P99Milliseconds, "0.##")).Append("</td>")
                .Append("<td class=\"num\">").Append(Percent(v.Agreement, "0.#")).Append(v.ComparedRows > 0 ? $" <span class=\"muted\">of {Integer(v.ComparedRows)} rows</span>" : "").Append("</td>")
                .Append("<td class=\"num\">").Append(Percent(v.FeedbackAccuracy, "0.#")).Append(v.FeedbackRows > 0 ? $" <span class=\"muted\">of {Integer(v.FeedbackRows)} rows</span>" : "").Append("</td>")
                .Append("<td>").Append(ClassBar(v.ClassShares)).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The predicted class mix as one small stacked bar in the class colours.</summary>
    private static string ClassBar(IReadOnlyList<double> shares)
    {
        const double width = 160;
        var total = shares.Sum();
        var svg = new SvgWriter(width, 14, "predicted class mix", "class-bar");
        if (total <= 0)
        {
            return svg.Rect(0, 0, width, 14, fill: PlotColors.Grid).ToString();
        }
        var x = 0.0;
        for (var c = 0; c < shares.Count && c < SeabedClasses.All.Count; c++)
        {
            var w = width * shares[c] / total;
            svg.Rect(x, 0, w, 14, fill: SeabedClasses.All[c].Hex, title: $"{SeabedClasses.All[c].Name} {(shares[c] / total).ToString("P1", CultureInfo.InvariantCulture)}");
            x += w;
        }
        return svg.ToString();
    }
}
