using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>The sweep's objective by trial number, with the best-so-far line; early-stopped and failed trials marked.</summary>
public static class ObjectiveByTrialPlot
{
    public static string Render(SweepView sweep, double width = 720, double height = 300)
    {
        var frame = new PlotFrame(width, height, Top: 34);
        var svg = frame.Begin($"{sweep.Metric} by trial for sweep {sweep.SweepId}", "plot objective-plot", $"{sweep.Metric} by trial");
        TrialMarks.Legend(svg, frame.PlotRight, 16, withBest: true);
        var trials = sweep.Trials.OrderBy(t => t.Number).ThenBy(t => t.TrialId, StringComparer.Ordinal).ToList();
        var count = Math.Max(Math.Max(trials.Count == 0 ? 1 : trials.Max(t => t.Number), sweep.MaxTrials), 1);
        var x = new LinearScale(0.5, count + 0.5, frame.PlotLeft, frame.PlotRight);
        var y = AxisScale.For(trials.Select(t => t.ObjectiveOrLast ?? double.NaN), frame.PlotBottom, frame.PlotTop);
        frame.DrawAxes(svg, IntegerTicks.Of(x), y, "trial", sweep.Metric);

        // Best so far among the trials that finished normally, in trial order.
        var best = new List<(double, double)>();
        double? running = null;
        foreach (var trial in trials.Where(t => t.Status == TrialStates.Succeeded && t.Objective is not null))
        {
            var value = trial.Objective!.Value;
            running = running is null ? value : sweep.Maximize ? Math.Max(running.Value, value) : Math.Min(running.Value, value);
            var px = x.Map(trial.Number);
            if (best.Count > 0)
            {
                best.Add((px, best[^1].Item2));
            }
            best.Add((px, y.Map(running.Value)));
        }
        if (best.Count > 0)
        {
            best.Add((frame.PlotRight, best[^1].Item2));
        }
        svg.Polyline(best, PlotColors.Best, 1.5, "best-so-far", dash: "4 3", title: "best so far");

        foreach (var trial in trials)
        {
            var value = trial.ObjectiveOrLast ?? 0;
            TrialMarks.Draw(svg, trial, x.Map(trial.Number), y.Map(value), frame.PlotBottom, sweep.Metric, trial.TrialId == sweep.BestTrialId);
        }
        return svg.ToString();
    }
}
