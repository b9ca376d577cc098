using MlOps.Reports.Html;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>A page that only says something: a missing run, a bad parameter.</summary>
public static class MessagePage
{
    public static string Render(string title, string message, DashboardLinks links, DateTimeOffset now) =>
        PageLayout.Render(title, $"<h1>{Encode(title)}</h1><section class=\"card\"><p>{Encode(message)}</p><p>{Link(links.Overview(), "← Overview")}</p></section>", links, null, null, now);
}
