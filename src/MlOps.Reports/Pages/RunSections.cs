using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>Retrain runs as tables and summaries.</summary>
public static class RunSections
{
    /// <summary>A table of runs: id, site/year, status and step, sweep progress, result.</summary>
    public static string Table(IReadOnlyList<RunSummaryView> runs, DashboardLinks links)
    {
        if (runs.Count == 0)
        {
            return "<p class=\"muted\">No retrain runs yet. Upload a survey (<code>mlops upload</code>) or start one (<code>mlops retrain</code>).</p>";
        }
        var html = new StringBuilder();
        html.Append("<table class=\"data runs\"><thead><tr><th>run</th><th>site</th><th class=\"num\">year</th><th>status</th><th>step</th>")
            .Append("<th>trials done / running / failed / stopped</th><th class=\"num\">best</th><th>version</th><th class=\"num\">accuracy</th><th>started (UTC)</th><th>updated (UTC)</th></tr></thead><tbody>");
        foreach (var run in runs)
        {
            html.Append("<tr data-instance=\"").Append(Encode(run.InstanceId)).Append("\">")
                .Append("<td class=\"mono\">").Append(Link(links.Run(run.InstanceId), run.InstanceId)).Append("</td>")
                .Append("<td>").Append(Link(links.Model(run.Site), run.Site)).Append("</td>")
                .Append("<td class=\"num\">").Append(Year(run.Year)).Append("</td>")
                .Append("<td>").Append(Badge(run.RuntimeStatus)).Append("</td>")
                .Append("<td>").Append(Badge(run.Step));
            if (run.Reason is { Length: > 0 } reason)
            {
                html.Append("<div class=\"message\">").Append(Encode(Shorten(reason, 160))).Append("</div>");
            }
            html.Append("</td><td>");
            if (run.Sweep is { } sweep)
            {
                html.Append(Link(links.Sweep(sweep.SweepId), $"{sweep.Done} / {sweep.Running} / {sweep.Failed} / {sweep.Stopped}"))
                    .Append(" <span class=\"muted\">of ").Append(sweep.MaxTrials).Append("</span>");
            }
            else
            {
                html.Append("–");
            }
            html.Append("</td><td class=\"num\">").Append(Number(run.Sweep?.BestObjective)).Append("</td>")
                .Append("<td>").Append(run.Version is { } v ? Link(links.ModelVersion(run.Site, v), Version(v)) : "–").Append("</td>")
                .Append("<td class=\"num\">").Append(Number(run.Accuracy)).Append("</td>")
                .Append("<td>").Append(Time(run.CreatedAt)).Append("</td>")
                .Append("<td>").Append(Time(run.LastUpdatedAt)).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Counters of runs by status.</summary>
    public static string Counts(IReadOnlyDictionary<string, int> byStatus, int total, DashboardLinks links, string? site = null)
    {
        var html = new StringBuilder("<div class=\"stats\">");
        html.Append("<div class=\"stat\"><div class=\"value\">").Append(Integer(total)).Append("</div><div class=\"label\">")
            .Append(Link(links.Runs(site), "runs")).Append("</div></div>");
        foreach (var (status, count) in byStatus.OrderByDescending(p => p.Value))
        {
            html.Append("<div class=\"stat\"><div class=\"value\">").Append(Integer(count)).Append("</div><div class=\"label\">")
                .Append(Link(links.Runs(site, status), status)).Append("</div></div>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>One run's facts as a definition list.</summary>
    public static string Facts(RunView run, DashboardLinks links)
    {
        var s = run.Summary;
        var html = new StringBuilder("<dl class=\"kv\">");
        Fact(html, "run", $"<span class=\"mono\">{Encode(s.InstanceId)}</span>");
        Fact(html, "site", Link(links.Model(s.Site), s.Site));
        Fact(html, "survey year", Year(s.Year));
        Fact(html, "trigger", Encode(run.Trigger));
        Fact(html, "status", Badge(s.RuntimeStatus) + " " + Badge(s.Step));
        if (s.Reason is { Length: > 0 })
        {
            Fact(html, "reason", $"<span class=\"flag\">{Encode(s.Reason)}</span>");
        }
        Fact(html, "years trained on", run.Years.Count == 0 ? "–" : Encode(string.Join(", ", run.Years)));
        Fact(html, "drift flags", run.DriftFlags.Count == 0 ? "none" : $"<span class=\"flag\">{Encode(string.Join("; ", run.DriftFlags))}</span>");
        if (s.Sweep is { } sweep)
        {
            Fact(html, "sweep", $"{Link(links.Sweep(sweep.SweepId), sweep.SweepId)}: {sweep.Done} done, {sweep.Running} running, {sweep.Failed} failed, {sweep.Stopped} stopped of {sweep.MaxTrials}; best {Encode(sweep.BestTrialId ?? "–")} ({Number(sweep.BestObjective)})");
        }
        Fact(html, "registered", s.Version is { } v ? Link(links.ModelVersion(s.Site, v), Version(v)) + (s.Accuracy is { } a ? $" · accuracy {Number(a)}" : "") : "–");
        if (run.Outcome is { Length: > 0 })
        {
            Fact(html, "outcome", Encode(run.Outcome));
        }
        Fact(html, "started", Time(s.CreatedAt) + " UTC");
        Fact(html, "last update", $"{Time(s.LastUpdatedAt)} UTC ({Duration(s.LastUpdatedAt - s.CreatedAt)} after the start)");
        return html.Append("</dl>").ToString();
    }

    internal static void Fact(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(Encode(name)).Append("</dt><dd>").Append(valueHtml).Append("</dd>");

    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
