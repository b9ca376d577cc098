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
            .Append(" <span class=\"muted\">— ").Append(Encode(map.Model)).Append(' ').Append(Version(map.Version));
        if (map.Statistics is { } stats)
        {
            html.Append(", ").Append(stats.Width).Append('×').Append(stats.Height).Append(" pixels, agreement ").Append(Percent(stats.Agreement, "0.0"))
                .Append(" on ").Append(Integer(stats.LabelledPixels)).Append(" labelled pixels");
        }
        html.Append("</span></h3><div class=\"maps\">");
        Figure(html, map, MapKinds.Predicted, map.PredictedUrl);
        Figure(html, map, MapKinds.Truth, map.TruthUrl);
        Figure(html, map, MapKinds.Disagreement, map.DisagreementUrl);
        html.Append("</div>");
        if (map.Statistics is { PredictedShare.Count: > 0 } shares)
        {
            html.Append("<p class=\"muted\">Predicted mix: ")
                .Append(Encode(string.Join(", ", shares.PredictedShare.Select((s, i) => $"{SeabedClasses.For(i + 1).Name} {s.ToString("P1", CultureInfo.InvariantCulture)}"))))
                .Append(" · survey upload <span class=\"mono\">").Append(Encode(shares.ManifestVersion)).Append("</span></p>");
        }
        return html.Append("</div>").ToString();
    }

    public static string Legend() => "<div class=\"plots\">" + ClassLegend.Render() + "</div>";

    private static void Figure(StringBuilder html, MapSetView map, string kind, string source)
    {
        html.Append("<figure><img class=\"map ").Append(kind).Append("\" src=\"").Append(Encode(source)).Append('"');
        if (map.Statistics is { } stats)
        {
            html.Append(" width=\"").Append(stats.Width.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"").Append(stats.Height.ToString(CultureInfo.InvariantCulture)).Append('"');
        }
        html.Append(" alt=\"").Append(Encode($"{MapKinds.Title(kind)}, {map.Model} {Version(map.Version)} on {map.Year}")).Append("\">")
            .Append("<figcaption>").Append(Encode(MapKinds.Title(kind))).Append("</figcaption></figure>");
    }
}
