using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The canary page: which versions serve, with what weight, how the weights moved and what the gates said.</summary>
public static class RolloutPage
{
    public static string Render(string modelName, RolloutView? rollout, DashboardLinks links, DateTimeOffset now, string? onlineMetricsLink = null)
    {
        var html = new StringBuilder("<h1>Rollout of ").Append(Link(links.Model(modelName), modelName)).Append("</h1><section class=\"card rollout\">");
        if (rollout is null)
        {
            html.Append("<p class=\"muted\">No rollout state yet: the first registered version becomes champion and serves everything.</p>");
        }
        else
        {
            html.Append(RolloutSection.Render(rollout, links, now));
        }
        if (onlineMetricsLink is not null)
        {
            html.Append("<p>").Append(Link(onlineMetricsLink, "Online metrics per version (JSON) →")).Append("</p>");
        }
        html.Append("</section>");
        return PageLayout.Render($"Rollout of {modelName}", html.ToString(), links, PageLayout.NavModels, rollout?.IsActive == true ? 5000 : null, now);
    }
}
