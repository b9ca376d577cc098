using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The registry's models (one per site), with their serving versions and rollout.</summary>
public static class ModelsPage
{
    public static string Render(IReadOnlyList<ModelSummaryView> models, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Models</h1><section class=\"card\">");
        if (models.Count == 0)
        {
            html.Append("<p class=\"muted\">The registry holds no model yet.</p>");
        }
        else
        {
            html.Append("<table class=\"data models\"><thead><tr><th>model</th><th class=\"num\">versions</th><th>champion</th><th class=\"num\">accuracy</th><th>challenger</th><th>rollout</th><th class=\"num\">challenger weight</th></tr></thead><tbody>");
            foreach (var model in models)
            {
                html.Append("<tr><td>").Append(Link(links.Model(model.Name), model.Name)).Append("</td><td class=\"num\">").Append(model.Versions)
                    .Append("</td><td>").Append(model.Champion is { } champion ? Link(links.ModelVersion(model.Name, champion), Version(champion)) : "–")
                    .Append("</td><td class=\"num\">").Append(Number(model.ChampionAccuracy))
                    .Append("</td><td>").Append(model.Challenger is { } challenger ? Link(links.ModelVersion(model.Name, challenger), Version(challenger)) : "–")
                    .Append("</td><td>").Append(Link(links.Rollout(model.Name), model.RolloutMode))
                    .Append("</td><td class=\"num\">").Append(Number(model.ChallengerWeight, "0.#")).Append(" %</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
        return PageLayout.Render("Models", html.ToString(), links, PageLayout.NavModels, null, now);
    }
}
