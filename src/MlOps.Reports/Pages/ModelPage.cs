using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>One model: aliases and rollout at a glance, the versions × years heat map, every version.</summary>
public static class ModelPage
{
    public static string Render(ModelView model, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Model ").Append(Encode(model.Name)).Append("</h1><section class=\"card\"><dl class=\"kv\">");
        RunSections.Fact(html, "champion", Aliased(model, model.Champion, links));
        RunSections.Fact(html, "challenger", Aliased(model, model.Challenger, links));
        RunSections.Fact(html, "previous", Aliased(model, model.Previous, links));
        RunSections.Fact(html, "rollout", model.Rollout is { } rollout
            ? $"{Badge(rollout.Mode)} challenger weight {Number(rollout.ChallengerWeight, "0.#")} % · {Link(links.Rollout(model.Name), "canary page →")}"
            : "none yet");
        RunSections.Fact(html, "survey years", Encode(string.Join(", ", model.SurveyYears)));
        html.Append("</dl></section>");
        html.Append("<section class=\"card\"><h2>Model × year matrix</h2><div class=\"plots\">").Append(ModelSections.MatrixHeatMap(model)).Append("</div>");
        if (model.TotalVersions > model.Versions.Count)
        {
            html.Append("<p class=\"muted\">The newest ").Append(model.Versions.Count).Append(" of ").Append(model.TotalVersions).Append(" versions.</p>");
        }
        html.Append("</section><section class=\"card\"><h2>Versions</h2>").Append(ModelSections.VersionsTable(model, links)).Append("</section>");
        return PageLayout.Render($"Model {model.Name}", html.ToString(), links, PageLayout.NavModels, null, now);
    }

    private static string Aliased(ModelView model, int? version, DashboardLinks links) =>
        version is { } v ? Link(links.ModelVersion(model.Name, v), Version(v)) : "–";
}
