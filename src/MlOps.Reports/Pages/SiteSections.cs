using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>A site's surveys (years, manifests, quarantined packages) and its model's headline.</summary>
public static class SiteSections
{
    public static string Surveys(SiteView site)
    {
        var html = new StringBuilder();
        if (site.Years.Count == 0)
        {
            html.Append("<p class=\"muted\">No valid survey in storage.</p>");
        }
        else
        {
            html.Append("<table class=\"data surveys\"><thead><tr><th>year</th><th>acquired</th><th>CRS</th><th>files</th><th class=\"num\">size</th><th>manifest version</th><th>uploaded (UTC)</th></tr></thead><tbody>");
            foreach (var year in site.Years.OrderByDescending(y => y.Year))
            {
                html.Append("<tr data-year=\"").Append(year.Year.ToString(CultureInfo.InvariantCulture)).Append("\"><td>").Append(year.Year.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(year.AcquiredFrom is { } from ? Encode($"{from:yyyy-MM-dd} – {year.AcquiredTo:yyyy-MM-dd}") : "–")
                    .Append("</td><td>").Append(Encode(year.Crs ?? "–")).Append("</td><td>");
                foreach (var file in year.Files)
                {
                    html.Append("<span title=\"SHA-256 ").Append(Encode(file.Sha256)).Append("\">").Append(Encode(file.Name)).Append("</span> ");
                }
                html.Append("</td><td class=\"num\">").Append(Bytes(year.TotalBytes)).Append("</td><td class=\"mono\">").Append(Encode(year.ManifestVersion))
                    .Append("</td><td>").Append(Time(year.UploadedAt)).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        if (site.Quarantined.Count > 0)
        {
            html.Append("<h3>Quarantined packages</h3><table class=\"data quarantine\"><thead><tr><th>year</th><th>manifest version</th><th>quarantined (UTC)</th><th>problems</th></tr></thead><tbody>");
            foreach (var bad in site.Quarantined.OrderByDescending(q => q.At))
            {
                html.Append("<tr><td>").Append(bad.Year.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"mono\">").Append(Encode(bad.Version))
                    .Append("</td><td>").Append(Time(bad.At)).Append("</td><td class=\"message\">")
                    .Append(Encode(bad.Problems.Count == 0 ? "(no report)" : string.Join("\n", bad.Problems.Take(5)) + (bad.Problems.Count > 5 ? $"\n… {bad.Problems.Count - 5} more" : "")))
                    .Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }

    public static string Model(SiteView site, DashboardLinks links)
    {
        if (site.Model is not { } model || model.Versions == 0)
        {
            return "<p class=\"muted\">No model registered yet.</p>";
        }
        var html = new StringBuilder("<p>Model ").Append(Link(links.Model(model.Name), model.Name)).Append(": ")
            .Append(model.Versions).Append(model.Versions == 1 ? " version" : " versions").Append("; champion ")
            .Append(model.Champion is { } champion ? Link(links.ModelVersion(model.Name, champion), Version(champion)) : "–");
        if (model.ChampionAccuracy is { } accuracy)
        {
            html.Append(" (accuracy ").Append(Number(accuracy)).Append(')');
        }
        html.Append(", challenger ").Append(model.Challenger is { } challenger ? Link(links.ModelVersion(model.Name, challenger), Version(challenger)) : "–")
            .Append("; ").Append(model.RolloutMode == "None"
                ? Link(links.Rollout(model.Name), "no rollout in progress")
                : $"rollout {Link(links.Rollout(model.Name), model.RolloutMode)}, {Number(model.ChallengerWeight, "0.#")} % to the challenger").Append(".</p>");
        return html.ToString();
    }
}
