using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The front page: each site with its surveys, quarantined packages and model; the latest runs.</summary>
public static class OverviewPage
{
    public const int LiveMilliseconds = 3000;

    public static string Render(OverviewView view, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Overview</h1>");
        html.Append("<section class=\"card\"><h2>Retrain runs</h2>").Append(RunSections.Counts(view.RunsByStatus, view.TotalRuns, links))
            .Append(RunSections.Table(view.RecentRuns, links))
            .Append("<p>").Append(Link(links.Runs(), "All runs →")).Append("</p></section>");
        html.Append("<h2>Sites</h2>");
        if (view.Sites.Count == 0)
        {
            html.Append("<section class=\"card\"><p class=\"muted\">No survey has been uploaded yet (<code>mlops upload --site NAME --year YEAR FOLDER</code>).</p></section>");
        }
        foreach (var site in view.Sites)
        {
            html.Append("<section class=\"card site\" data-site=\"").Append(Encode(site.Name)).Append("\"><h2>").Append(Encode(site.Name)).Append("</h2>");
            html.Append(SiteSections.Model(site, links));
            html.Append(SiteSections.Surveys(site));
            html.Append("<p>").Append(Link(links.Runs(site.Name), $"Runs of {site.Name} →")).Append("</p></section>");
        }
        return PageLayout.Render("Overview", html.ToString(), links, PageLayout.NavOverview, view.Live ? LiveMilliseconds : null, now);
    }
}
