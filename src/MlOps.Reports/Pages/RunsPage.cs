using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>All retrain runs, newest first, a page at a time, filtered by site or status.</summary>
public static class RunsPage
{
    public static string Render(RunListView view, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Retrain runs");
        if (view.Site is not null)
        {
            html.Append(" of ").Append(Encode(view.Site));
        }
        html.Append("</h1><section class=\"card\"><div class=\"filters\">");
        html.Append("<a href=\"").Append(Encode(links.Runs(view.Site))).Append('"').Append(view.Status is null ? " class=\"current\"" : "").Append(">all</a>");
        foreach (var (status, count) in view.CountsByStatus.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            html.Append("<a href=\"").Append(Encode(links.Runs(view.Site, status))).Append('"').Append(view.Status == status ? " class=\"current\"" : "")
                .Append('>').Append(Encode(status)).Append(" (").Append(Integer(count)).Append(")</a>");
        }
        html.Append("</div>").Append(RunSections.Table(view.Runs, links)).Append("<div class=\"pager\">");
        if (view.Page > 1)
        {
            html.Append(Link(links.Runs(view.Site, view.Status, view.Page - 1), "← newer"));
        }
        html.Append("<span class=\"muted\">page ").Append(view.Page).Append(" of ").Append(view.PageCount).Append(" · ").Append(Integer(view.Total)).Append(" runs</span>");
        if (view.Page < view.PageCount)
        {
            html.Append(Link(links.Runs(view.Site, view.Status, view.Page + 1), "older →"));
        }
        html.Append("</div></section>");
        var live = view.Runs.Any(r => r.IsRunning) ? OverviewPage.LiveMilliseconds : (int?)null;
        return PageLayout.Render("Runs", html.ToString(), links, PageLayout.NavRuns, live, now);
    }
}
