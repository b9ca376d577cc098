using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>One model version on one survey year: predicted classes, ground truth and their disagreement, with the legend.</summary>
public static class MapPage
{
    public static string Render(MapSetView map, IReadOnlyList<int> surveyYears, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Map of ").Append(Link(links.ModelVersion(map.Model, map.Version), $"{map.Model} {Version(map.Version)}"))
            .Append(" on ").Append(map.Year.ToString(CultureInfo.InvariantCulture)).Append("</h1><section class=\"card\">")
            .Append(MapSection.Legend()).Append(MapSection.Render(map)).Append("<p>Other years: ");
        foreach (var year in surveyYears.Where(y => y != map.Year))
        {
            html.Append(Link(links.MapPage(map.Model, map.Version, year), year.ToString(CultureInfo.InvariantCulture))).Append(' ');
        }
        html.Append("</p></section>");
        return PageLayout.Render($"Map {map.Model} {Version(map.Version)} {map.Year}", html.ToString(), links, PageLayout.NavModels, null, now);
    }
}
