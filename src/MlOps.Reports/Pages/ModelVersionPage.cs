using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>One version's card: lineage, the model × year row with confusion matrices, and links to its maps.</summary>
public static class ModelVersionPage
{
    public static string Render(ModelVersionView version, IReadOnlyList<int> surveyYears, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>").Append(Link(links.Model(version.Name), version.Name)).Append(' ').Append(Version(version.Version)).Append("</h1>")
            .Append("<section class=\"card\"><h2>Card</h2>").Append(ModelSections.Card(version, links)).Append("</section>");
        if (version.ByYear.Count > 0)
        {
            var rows = new List<ModelYearsView> { new(ModelSections.Label(version), version.Version, version.ByYear) };
            if (version.ChampionAtRegistration is { } champion)
            {
                rows.Add(champion);
            }
            var years = version.ByYear.Select(y => y.Year).Concat(rows.SelectMany(r => r.Years.Select(y => y.Year))).Distinct().Order().ToList();
            html.Append("<section class=\"card\"><h2>Across survey years</h2><div class=\"plots\">").Append(ModelYearHeatMap.Render(rows, years))
                .Append(ModelYearHeatMap.Render(rows, years, "kappa")).Append("</div>")
                .Append(EvaluationSection.ScoreTable(rows[0], Version(version.Version)))
                .Append("<h3>Confusion matrices</h3>").Append(EvaluationSection.Confusions(version.ByYear)).Append("</section>");
        }
        html.Append("<section class=\"card\"><h2>Maps</h2><p>");
        foreach (var year in surveyYears)
        {
            html.Append(Link(links.MapPage(version.Name, version.Version, year), year.ToString(CultureInfo.InvariantCulture))).Append(' ');
        }
        html.Append("</p></section>");
        return PageLayout.Render($"{version.Name} {Version(version.Version)}", html.ToString(), links, PageLayout.NavModels, null, now);
    }
}
