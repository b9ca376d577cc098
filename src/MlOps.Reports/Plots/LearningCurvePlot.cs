using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>Every trial's intermediate objective by step: the curves median stopping judged, stopped ones dashed and crossed at their end.</summary>
public static class LearningCurvePlot
{
    public static string Render(SweepView sweep, double width = 720, double height = 280)
    {
        var frame = new PlotFrame(width, height, Top: 34);
        var svg = frame.Begin($"intermediate {sweep.Metric} by step for sweep {sweep.SweepId}", "plot curve-plot", $"intermediate {sweep.Metric} by step");
        TrialMarks.Legend(svg, frame.PlotRight, 16, withBest: true);
        var curves = sweep.Trials.Where(t => t.Curve.Count > 0).ToList();
        var maxStep = curves.Count == 0 ? 1 : curves.Max(t => t.Curve.Max(p => p.Step));
        var x = new LinearScale(0, Math.Max(1, maxStep), frame.PlotLeft, frame.PlotRight);
        var y = AxisScale.For(curves.SelectMany(t => t.Curve.Select(p => p.Value)), frame.PlotBottom, frame.PlotTop);
        frame.DrawAxes(svg, IntegerTicks.Of(x), y, "step", sweep.Metric);
        // The best last, so it is drawn on top.
        foreach (var trial in curves.OrderBy(t => t.TrialId == sweep.BestTrialId))
        {
            var points = trial.Curve.Select(p => (x.Map(p.Step), y.Map(p.Value))).ToList();
            var isBest = trial.TrialId == sweep.BestTrialId;
            var (colour, cssClass, dash) = trial.Status switch
            {
                TrialStates.EarlyStopped => (PlotColors.EarlyStopped, "curve stopped", "5 3"),
                TrialStates.Failed or TrialStates.TimedOut => (PlotColors.Failed, "curve failed", "2 3"),
                TrialStates.Running or TrialStates.Pending => (PlotColors.Running, "curve running", (string?)null),
                _ when isBest => (PlotColors.Best, "curve best", null),
                _ => (PlotColors.Succeeded, "curve succeeded", null),
            };
            var description = TrialMarks.Describe(trial, sweep.Metric);
            if (points.Count == 1)
            {
                svg.Circle(points[0].Item1, points[0].Item2, 2.5, colour, cssClass, description);
            }
            svg.Polyline(points, colour, isBest ? 2.5 : 1.25, cssClass, dash, description, opacity: isBest ? 1 : 0.75);
            if (trial.Status == TrialStates.EarlyStopped)
            {
                svg.Cross(points[^1].Item1, points[^1].Item2, 4, PlotColors.EarlyStopped, "trial stopped", description);
            }
        }
        return svg.ToString();
    }
}
