using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Plots;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The rollout: current weights, weights over time, gate verdicts and the history of changes.</summary>
public static class RolloutSection
{
    public static string Render(RolloutView rollout, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<div class=\"weights\">").Append(WeightBar(rollout)).Append("<dl class=\"kv\">");
        RunSections.Fact(html, "mode", Badge(rollout.Mode) + (rollout.IsActive ? $" step {rollout.StepIndex}" : ""));
        RunSections.Fact(html, "champion", Versioned(rollout.ModelName, rollout.ChampionVersion, links) + $" · {Number(rollout.ChampionWeight, "0.#")} %");
        RunSections.Fact(html, "challenger", Versioned(rollout.ModelName, rollout.ChallengerVersion, links) + $" · {Number(rollout.ChallengerWeight, "0.#")} %");
        if (rollout.ShadowShare > 0)
        {
            RunSections.Fact(html, "shadow mirror", Number(rollout.ShadowShare, "0.#") + " % of champion traffic");
        }
        if (rollout.PreviousChampionVersion is { } previous)
        {
            RunSections.Fact(html, "previous champion", Versioned(rollout.ModelName, previous, links) + " (kept for instant rollback)");
        }
        if (rollout.RolloutId.Length > 0)
        {
            RunSections.Fact(html, "rollout", $"<span class=\"mono\">{Encode(rollout.RolloutId)}</span>");
        }
        RunSections.Fact(html, "started / updated", $"{Time(rollout.StartedAt)} / {Time(rollout.UpdatedAt)} UTC");
        html.Append("</dl></div><div class=\"plots\">").Append(WeightHistoryPlot.Render(rollout, now)).Append("</div>");

        html.Append("<h3>Gate results</h3>");
        if (rollout.Gates.Count == 0)
        {
            html.Append("<p class=\"muted\">No gate has been evaluated yet.</p>");
        }
        else
        {
            html.Append("<table class=\"data gates\"><thead><tr><th>evaluated (UTC)</th><th class=\"num\">step</th><th>metric</th><th class=\"num\">value</th><th>rule</th><th>verdict</th></tr></thead><tbody>");
            foreach (var gate in rollout.Gates.OrderBy(g => g.EvaluatedAt))
            {
                html.Append("<tr><td>").Append(Time(gate.EvaluatedAt)).Append("</td><td class=\"num\">").Append(gate.StepIndex)
                    .Append("</td><td>").Append(Encode(gate.Metric)).Append("</td><td class=\"num\">").Append(Encode(AxisScale.Format(gate.Value)))
                    .Append("</td><td>").Append(gate.Comparison == "AtMost" ? "≤ " : "≥ ").Append(Encode(AxisScale.Format(gate.Threshold)))
                    .Append("</td><td>").Append(Badge(gate.Passed ? "passed" : "failed")).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("<h3>History</h3>");
        if (rollout.History.Count == 0)
        {
            html.Append("<p class=\"muted\">No change recorded.</p>");
        }
        else
        {
            html.Append("<table class=\"data history\"><thead><tr><th>at (UTC)</th><th>mode</th><th class=\"num\">step</th><th class=\"num\">challenger weight</th><th>reason</th></tr></thead><tbody>");
            foreach (var change in rollout.History.OrderByDescending(h => h.At))
            {
                html.Append("<tr><td>").Append(Time(change.At)).Append("</td><td>").Append(Badge(change.Mode)).Append("</td><td class=\"num\">").Append(change.StepIndex)
                    .Append("</td><td class=\"num\">").Append(Number(change.FromWeight, "0.#")).Append(" → ").Append(Number(change.ToWeight, "0.#"))
                    .Append(" %</td><td>").Append(Encode(change.Reason)).Append("</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }

    /// <summary>The current split as one bar: champion blue, challenger orange, the percentages written on it.</summary>
    public static string WeightBar(RolloutView rollout)
    {
        const double width = 360;
        const double height = 34;
        var challenger = Math.Clamp(rollout.ChallengerWeight, 0, 100);
        var svg = new SvgWriter(width, height + 18, $"current weights: champion {100 - challenger} %, challenger {challenger} %", "weight-bar");
        var split = width * (100 - challenger) / 100;
        svg.Rect(0, 0, split, height, fill: PlotColors.Champion, cssClass: "champion-share", title: $"champion {Version(rollout.ChampionVersion)}: {Number(100 - challenger, "0.#")} %");
        svg.Rect(split, 0, width - split, height, fill: PlotColors.Challenger, cssClass: "challenger-share", title: $"challenger {Version(rollout.ChallengerVersion)}: {Number(challenger, "0.#")} %");
        if (100 - challenger >= 12)
        {
            svg.Text(8, 22, $"champion {Version(rollout.ChampionVersion)} {Number(100 - challenger, "0.#")} %", fill: "#ffffff", bold: true);
        }
        if (challenger >= 12)
        {
            svg.Text(width - 8, 22, $"challenger {Version(rollout.ChallengerVersion)} {Number(challenger, "0.#")} %", anchor: "end", fill: "#ffffff", bold: true);
        }
        svg.Text(0, height + 14, $"challenger weight {Number(challenger, "0.#")} % of routing keys", fill: PlotColors.Axis, cssClass: "weight-label");
        return svg.ToString();
    }

    private static string Versioned(string model, int? version, DashboardLinks links) =>
        version is { } v ? Link(links.ModelVersion(model, v), Version(v)) : "–";
}
