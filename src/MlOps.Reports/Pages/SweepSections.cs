using System.Globalization;
using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>A sweep's trials as a table and as plots.</summary>
public static class SweepSections
{
    public static string Summary(SweepView sweep, DashboardLinks links)
    {
        var html = new StringBuilder("<div class=\"stats\">");
        Stat(html, sweep.Trials.Count.ToString(CultureInfo.InvariantCulture) + " / " + sweep.MaxTrials.ToString(CultureInfo.InvariantCulture), "trials");
        Stat(html, sweep.Count(TrialStates.Succeeded).ToString(CultureInfo.InvariantCulture), "succeeded");
        Stat(html, sweep.Count(TrialStates.Running).ToString(CultureInfo.InvariantCulture), "running");
        Stat(html, sweep.Trials.Count(t => TrialStates.IsFailure(t.Status)).ToString(CultureInfo.InvariantCulture), "failed");
        Stat(html, sweep.Count(TrialStates.EarlyStopped).ToString(CultureInfo.InvariantCulture), "early-stopped");
        Stat(html, Number(sweep.Best?.Objective), $"best {sweep.Metric}" + (sweep.BestTrialId is null ? "" : $" ({sweep.BestTrialId})"));
        html.Append("</div><dl class=\"kv\">");
        RunSections.Fact(html, "sweep", $"<span class=\"mono\">{Encode(sweep.SweepId)}</span> " + Badge(sweep.Status));
        if (sweep.RunId is { } run)
        {
            RunSections.Fact(html, "retrain run", Link(links.Run(run), run));
        }
        RunSections.Fact(html, "objective", $"{(sweep.Maximize ? "maximize" : "minimize")} {Encode(sweep.Metric)}");
        RunSections.Fact(html, "algorithm", $"{Encode(sweep.Algorithm)}, {sweep.ParallelTrials} in parallel");
        RunSections.Fact(html, "search space", Encode(string.Join("; ", sweep.Parameters.Select(Describe))));
        if (sweep.Reason is { Length: > 0 })
        {
            RunSections.Fact(html, "ended because", Encode(sweep.Reason));
        }
        RunSections.Fact(html, "started", Time(sweep.CreatedAt) + " UTC");
        RunSections.Fact(html, "last update", Time(sweep.LastUpdatedAt) + " UTC");
        return html.Append("</dl>").ToString();
    }

    /// <summary>Every trial: status, parameters, objective, steps, duration and message. Sortable by any column.</summary>
    public static string TrialTable(SweepView sweep)
    {
        if (sweep.Trials.Count == 0)
        {
            return "<p class=\"muted\">No trial has started yet.</p>";
        }
        var names = sweep.Parameters.Select(p => p.Name).Concat(sweep.Trials.SelectMany(t => t.Parameters.Keys)).Distinct().ToList();
        var html = new StringBuilder("<table class=\"data sortable trials\"><thead><tr><th data-sort>#</th><th data-sort>trial</th><th data-sort>status</th>");
        foreach (var name in names)
        {
            html.Append("<th data-sort>").Append(Encode(name)).Append("</th>");
        }
        html.Append("<th data-sort class=\"num\">").Append(Encode(sweep.Metric)).Append("</th><th data-sort class=\"num\">steps</th><th data-sort class=\"num\">duration</th><th>message</th></tr></thead><tbody>");
        foreach (var trial in sweep.Trials.OrderBy(t => t.Number).ThenBy(t => t.TrialId, StringComparer.Ordinal))
        {
            html.Append("<tr class=\"trial").Append(trial.TrialId == sweep.BestTrialId ? " best" : "").Append("\" data-trial=\"").Append(Encode(trial.TrialId)).Append("\">")
                .Append("<td class=\"num\">").Append(trial.Number).Append("</td>")
                .Append("<td class=\"mono\">").Append(Encode(trial.TrialId)).Append(trial.TrialId == sweep.BestTrialId ? " ★" : "").Append("</td>")
                .Append("<td>").Append(Badge(trial.Status)).Append("</td>");
            foreach (var name in names)
            {
                var value = trial.Parameters.TryGetValue(name, out var v) ? v : "";
                html.Append("<td data-value=\"").Append(Encode(value)).Append("\">").Append(Encode(ShortNumber(value))).Append("</td>");
            }
            var objective = trial.ObjectiveOrLast;
            html.Append("<td class=\"num\" data-value=\"").Append(objective?.ToString("R", CultureInfo.InvariantCulture) ?? "").Append("\">")
                .Append(Number(objective)).Append(trial.Objective is null && objective is not null ? "*" : "").Append("</td>")
                .Append("<td class=\"num\">").Append(trial.Curve.Count == 0 ? "–" : trial.Curve[^1].Step.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                .Append("<td class=\"num\" data-value=\"").Append(trial.Seconds.ToString("R", CultureInfo.InvariantCulture)).Append("\">")
                .Append(trial.Seconds > 0 ? Duration(TimeSpan.FromSeconds(trial.Seconds)) : "–").Append("</td>")
                .Append("<td class=\"message\">").Append(Encode(RunSections.Shorten(trial.Message ?? "", 400))).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        if (sweep.Trials.Any(t => t.Objective is null && t.Curve.Count > 0))
        {
            html.Append("<p class=\"muted\">* the last intermediate value of a trial that did not finish.</p>");
        }
        return html.ToString();
    }

    /// <summary>Objective by trial, the learning curves, and each parameter against the objective.</summary>
    public static string Plots(SweepView sweep)
    {
        var html = new StringBuilder("<div class=\"plots\">");
        html.Append(ObjectiveByTrialPlot.Render(sweep));
        if (sweep.Trials.Any(t => t.Curve.Count > 0))
        {
            html.Append(LearningCurvePlot.Render(sweep));
        }
        html.Append("</div><h3>Parameters against ").Append(Encode(sweep.Metric)).Append("</h3><div class=\"plots\">");
        var parameters = sweep.Parameters.Count > 0
            ? sweep.Parameters
            : sweep.Trials.SelectMany(t => t.Parameters.Keys).Distinct().Select(n => new SweepParameterView(n, "categorical", false, [], 0, 0)).ToList();
        foreach (var parameter in parameters)
        {
            html.Append(ParameterObjectivePlot.Render(sweep, parameter));
        }
        return html.Append("</div>").ToString();
    }

    private static string Describe(SweepParameterView parameter) => parameter.Kind switch
    {
        "categorical" => $"{parameter.Name} ∈ {{{string.Join(", ", parameter.Values)}}}",
        _ => $"{parameter.Name} ∈ [{AxisLabel(parameter.Min)}, {AxisLabel(parameter.Max)}]{(parameter.Log ? " log" : "")}{(parameter.Kind == "int" ? " int" : "")}",
    };

    private static string AxisLabel(double value) => Svg.AxisScale.Format(value);

    /// <summary>Long decimals (a sampled 0.0067861953…) shortened for the table; the full value stays in data-value.</summary>
    private static string ShortNumber(string value) =>
        value.Length > 8 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("G4", CultureInfo.InvariantCulture)
            : value;

    private static void Stat(StringBuilder html, string value, string label) =>
        html.Append("<div class=\"stat\"><div class=\"value\">").Append(Encode(value)).Append("</div><div class=\"label\">").Append(Encode(label)).Append("</div></div>");
}
