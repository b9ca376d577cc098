using System.Globalization;
using System.Text;

namespace MlOps.Reports.Html;

/// <summary>The frame of every dashboard page: head with the stylesheet and script, the navigation bar, &lt;main&gt;, the footer.</summary>
public static class PageLayout
{
    public const string NavOverview = "overview";
    public const string NavRuns = "runs";
    public const string NavModels = "models";

    /// <param name="liveMilliseconds">When set, the page refreshes its &lt;main&gt; this often (a run or sweep in progress).</param>
    public static string Render(string title, string body, DashboardLinks links, string? currentNav, int? liveMilliseconds, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append(" · MlOps</title>\n")
            .Append("<link rel=\"icon\" type=\"image/svg+xml\" href=\"").Append(Html.Encode(links.Asset(DashboardAssets.Icon))).Append("\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Html.Encode(links.Asset(DashboardAssets.Stylesheet))).Append("\">\n")
            .Append("<script src=\"").Append(Html.Encode(links.Asset(DashboardAssets.Script))).Append("\" defer></script>\n")
            .Append("</head>\n<body>\n<header class=\"top\">")
            .Append("<a class=\"brand\" href=\"").Append(Html.Encode(links.Overview())).Append("\">MlOps</a><nav>");
        Nav(html, links.Overview(), "Overview", currentNav == NavOverview);
        Nav(html, links.Runs(), "Runs", currentNav == NavRuns);
        Nav(html, links.Models(), "Models", currentNav == NavModels);
        html.Append("</nav><form method=\"post\" action=\"").Append(Html.Encode(links.Logout())).Append("\"><button type=\"submit\">Sign out</button></form></header>\n");
        html.Append("<main");
        if (liveMilliseconds is { } every)
        {
            html.Append(" data-live=\"").Append(every.ToString(CultureInfo.InvariantCulture)).Append('"');
        }
        html.Append(">\n").Append(body).Append("\n<p class=\"muted\">Page generated ").Append(Html.Time(generatedAt)).Append(" UTC")
            .Append(liveMilliseconds is null ? "" : " · refreshes while work is running").Append(".</p>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Nav(StringBuilder html, string? href, string text, bool current) =>
        html.Append("<a href=\"").Append(Html.Encode(href)).Append('"').Append(current ? " class=\"current\"" : "").Append('>').Append(Html.Encode(text)).Append("</a>");
}
