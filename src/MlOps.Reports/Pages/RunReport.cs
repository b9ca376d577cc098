using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>
/// One retrain run as a single self-contained HTML file, to attach to a ticket or an email: the
/// stylesheet inlined, plots as inline SVG, map pictures as data: URIs, no script and no link to
/// anything outside the file.
/// </summary>
public static class RunReport
{
    public static string Render(RunView run, DateTimeOffset generatedAt)
    {
        if (run.Maps.Any(m => !IsInline(m.PredictedUrl) || !IsInline(m.TruthUrl) || !IsInline(m.DisagreementUrl)))
        {
            throw new ArgumentException("A self-contained report needs its map pictures as data: URIs.", nameof(run));
        }
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>Retrain run ").Append(Encode(run.Summary.InstanceId)).Append(" · MlOps report</title>\n<style>\n")
            .Append(DashboardAssets.Text(DashboardAssets.Stylesheet)).Append("\n</style>\n</head>\n<body>\n<header class=\"top\"><span class=\"brand\">MlOps</span><nav></nav></header>\n<main>\n")
            .Append("<h1>Retrain run <span class=\"mono\">").Append(Encode(run.Summary.InstanceId)).Append("</span></h1>")
            .Append("<p class=\"muted\">Site ").Append(Encode(run.Summary.Site)).Append(", survey year ").Append(Year(run.Summary.Year))
            .Append(" · report generated ").Append(Time(generatedAt)).Append(" UTC").Append(run.Live ? " while the run was still in progress" : "").Append(".</p>\n")
            .Append(RunPage.Body(run, DashboardLinks.None))
            .Append("\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A file name for the report: run-{id}.html with anything unsafe in a file name replaced.</summary>
    public static string FileName(string instanceId) =>
        "run-" + new string(instanceId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()) + ".html";

    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static bool IsInline(string url) => url.StartsWith("data:", StringComparison.Ordinal);
}
