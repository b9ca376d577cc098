using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>
/// The canary page: which versions serve, with what weight, how the weights moved, what the
/// gates said, the rollout orchestration's progress, and what each version served online.
/// </summary>
public static class RolloutPage
{
    public static string Render(CanaryView canary, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Rollout of ").Append(Link(links.Model(canary.ModelName), canary.ModelName)).Append("</h1><section class=\"card rollout\">");
        if (canary.Orchestration is { } run)
        {
            html.Append("<p>Rollout orchestration <span class=\"mono\">").Append(Encode(run.InstanceId)).Append("</span> ").Append(Badge(run.Status));
            if (run.Phase is { Length: > 0 } phase)
            {
                html.Append(" · phase ").Append(Encode(phase)).Append(run.StepIndex is { } step ? $" step {step}" : "");
            }
            if (run.NextGateAt is { } gate && run.Status == "Running")
            {
                html.Append(" · next gate ").Append(Time(gate)).Append(" UTC");
            }
            if (run.Outcome is { Length: > 0 } outcome)
            {
                html.Append(" · ").Append(Encode(outcome)).Append(run.Reason is { Length: > 0 } reason ? ": " + Encode(reason) : "");
            }
            html.Append("</p>");
        }
        if (canary.Rollout is null)
        {
            html.Append("<p class=\"muted\">No rollout state yet: the first registered version becomes champion and serves everything.</p>");
        }
        else
        {
            html.Append(RolloutSection.Render(canary.Rollout, links, now));
        }
        html.Append("</section><section class=\"card\"><h2>Online metrics by version</h2>").Append(TrafficSection.Render(canary.Versions, canary.ModelName, links)).Append("</section>");
        return PageLayout.Render($"Rollout of {canary.ModelName}", html.ToString(), links, PageLayout.NavModels, canary.Live ? 5000 : null, now);
    }
}
