using System.Globalization;
using System.Text;
using MlOps.Reports.Maps;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using MlOps.Surveys.Imaging;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The three pictures of a model on a year (predicted, ground truth, disagreement) side by side, as the published study shows them.</summary>
public static class MapSection
{
    public static string Render(MapSetView map, string? pageLink = null)
    {
        var html = new StringBuilder("<div class=\"mapset\" data-year=\"").Append(map.Year.ToString(CultureInfo.InvariantCulture)).Append("\">");
        html.Append("<h3>").Append(pageLink is null ? Encode($"{map.Year}") : Link(pageLink, $"{map.Year}"))
            .Append(" <span class=\"muted\">— ").Append(Encode(map.Model)).Append(' ').Append(Version(map.Version)).Append(", ")
            .Append(map.Width).Append('×').Append(map.Height).Append(" pixels, agreement ").Append(Percent(map.Agreement, "0.0"))
            .Append(" on ").Append(Integer(map.LabelledPixels)).Append(" labelled pixels</span></h3><div class=\"maps\">");
        Figure(html, map, MapKinds.Predicted, map.PredictedUrl);
        Figure(html, map, MapKinds.Truth, map.TruthUrl);
        Figure(html, map, MapKinds.Disagreement, map.DisagreementUrl);
        html.Append("</div>");
        if (map.PredictedShare.Count > 0)
        {
            html.Append("<p class=\"muted\">Predicted mix: ")
                .Append(Encode(string.Join(", ", map.PredictedShare.Select((s, i) => $"{SeabedClasses.For(i + 1).Name} {s.ToString("P1", CultureInfo.InvariantCulture)}"))))
                .Append("</p>");
        }
        return html.Append("</div>").ToString();
    }

    public static string Legend() => "<div class=\"plots\">" + ClassLegend.Render() + "</div>";

    private static void Figure(StringBuilder html, MapSetView map, string kind, string source) =>
        html.Append("<figure><img class=\"map ").Append(kind).Append("\" src=\"").Append(Encode(source)).Append("\" width=\"")
            .Append(map.Width.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"").Append(map.Height.ToString(CultureInfo.InvariantCulture))
            .Append("\" alt=\"").Append(Encode($"{MapKinds.Title(kind)}, {map.Model} {Version(map.Version)} on {map.Year}")).Append("\">")
            .Append("<figcaption>").Append(Encode(MapKinds.Title(kind))).Append("</figcaption></figure>");
}
