using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>Registry views: the versions table, the versions × years heat map, and one version's card.</summary>
public static class ModelSections
{
    public static string VersionsTable(ModelView model, DashboardLinks links)
    {
        if (model.Versions.Count == 0)
        {
            return "<p class=\"muted\">No version is registered yet.</p>";
        }
        var html = new StringBuilder("<table class=\"data sortable versions\"><thead><tr><th data-sort>version</th><th>aliases</th><th data-sort>created (UTC)</th><th data-sort>kind</th>")
            .Append("<th data-sort>trained on</th><th data-sort class=\"num\">accuracy</th><th data-sort class=\"num\">kappa</th><th data-sort class=\"num\">newest year</th><th>parent</th><th>run</th><th>maps</th></tr></thead><tbody>");
        foreach (var version in model.Versions)
        {
            html.Append("<tr data-version=\"").Append(version.Version).Append("\"><td data-value=\"").Append(version.Version).Append("\">")
                .Append(Link(links.ModelVersion(model.Name, version.Version), Version(version.Version))).Append("</td><td>")
                .Append(string.Join(" ", version.Aliases.Select(Badge))).Append("</td><td>").Append(Time(version.CreatedAt)).Append("</td><td>")
                .Append(Encode(version.Kind)).Append("</td><td>").Append(Encode(string.Join(", ", version.DataYears.Select(d => d.Year)))).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(version.Accuracy)).Append("</td><td class=\"num\">").Append(Number(version.Kappa)).Append("</td>")
                .Append("<td class=\"num\">").Append(Year(version.NewestYear)).Append("</td><td>")
                .Append(version.ParentVersion is { } parent ? Link(links.ModelVersion(model.Name, parent), Version(parent)) : "–").Append("</td><td class=\"mono\">")
                .Append(Link(links.Run(version.RunId), RunSections.Shorten(version.RunId, 40))).Append("</td><td>");
            foreach (var year in version.ByYear.Select(y => y.Year).Where(model.SurveyYears.Contains))
            {
                html.Append(Link(links.MapPage(model.Name, version.Version, year), year.ToString(CultureInfo.InvariantCulture))).Append(' ');
            }
            html.Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Every shown version against every survey year: accuracy on each, from the cards.</summary>
    public static string MatrixHeatMap(ModelView model)
    {
        var rows = model.Versions.Where(v => v.ByYear.Count > 0)
            .Select(v => new ModelYearsView(Label(v), v.Version, v.ByYear))
            .ToList();
        if (rows.Count == 0)
        {
            return "<p class=\"muted\">No version carries a model × year matrix.</p>";
        }
        var years = rows.SelectMany(r => r.Years.Select(y => y.Year)).Concat(model.SurveyYears).Distinct().Order().ToList();
        return ModelYearHeatMap.Render(rows, years, title: "accuracy of each version on each survey year");
    }

    /// <summary>A version's card: lineage, parameters, data, metrics.</summary>
    public static string Card(ModelVersionView version, DashboardLinks links)
    {
        var html = new StringBuilder("<dl class=\"kv card-facts\">");
        RunSections.Fact(html, "version", Version(version.Version) + " " + string.Join(" ", version.Aliases.Select(Badge)));
        RunSections.Fact(html, "created", Time(version.CreatedAt) + " UTC");
        RunSections.Fact(html, "kind", Encode(version.Kind));
        RunSections.Fact(html, "parameters", version.Parameters.Count == 0 ? "–" : $"<span class=\"mono\">{Encode(string.Join(", ", version.Parameters.Select(p => $"{p.Key}={p.Value}")))}</span>");
        RunSections.Fact(html, "accuracy / kappa", $"{Number(version.Accuracy)} / {Number(version.Kappa)} on {Year(version.NewestYear)}");
        if (version.AccuracyGainOnNewestYear is { } gain)
        {
            RunSections.Fact(html, "gain over the champion", (gain >= 0 ? "+" : "") + Number(gain));
        }
        RunSections.Fact(html, "run", Link(links.Run(version.RunId), version.RunId));
        if (version.SweepId is { } sweep)
        {
            RunSections.Fact(html, "sweep / trial", $"{Link(links.Sweep(sweep), sweep)} / {Encode(version.TrialId ?? "–")}");
        }
        RunSections.Fact(html, "parent", version.ParentVersion is { } parent ? Link(links.ModelVersion(version.Name, parent), Version(parent)) : "–");
        RunSections.Fact(html, "code version", $"<span class=\"mono\">{Encode(version.CodeVersion ?? "–")}</span>");
        RunSections.Fact(html, "model.onnx", $"{Bytes(version.SizeBytes)}, SHA-256 <span class=\"mono\">{Encode(version.Sha256)}</span>");
        html.Append("</dl><details><summary>Training data</summary><table class=\"data\"><thead><tr><th>year</th><th>file</th><th>SHA-256</th></tr></thead><tbody>");
        foreach (var year in version.DataYears)
        {
            foreach (var (file, sha) in year.Files)
            {
                html.Append("<tr><td>").Append(year.Year).Append("</td><td>").Append(Encode(file)).Append("</td><td class=\"mono\">").Append(Encode(sha)).Append("</td></tr>");
            }
        }
        return html.Append("</tbody></table></details>").ToString();
    }

    public static string Label(ModelVersionView version) =>
        Version(version.Version) + (version.Aliases.Count > 0 ? " " + string.Join(" ", version.Aliases) : "");
}
