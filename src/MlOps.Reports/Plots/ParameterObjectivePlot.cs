using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>
/// One parameter against the objective, a point per trial: numeric parameters on their search
/// scale (log or linear), categorical ones as columns with the points spread out.
/// </summary>
public static class ParameterObjectivePlot
{
    public static string Render(SweepView sweep, SweepParameterView parameter, double width = 340, double height = 240)
    {
        var frame = new PlotFrame(width, height, Left: 52, Top: 26);
        var svg = frame.Begin($"{parameter.Name} against {sweep.Metric}", "plot parameter-plot", parameter.Name + (parameter.Log ? " (log scale)" : ""));
        var trials = sweep.Trials.Where(t => t.Parameters.ContainsKey(parameter.Name)).ToList();
        var y = AxisScale.For(trials.Select(t => t.ObjectiveOrLast ?? double.NaN), frame.PlotBottom, frame.PlotTop);

        if (parameter.IsNumeric && trials.All(t => TryNumber(t.Parameters[parameter.Name], out _)))
        {
            var values = trials.Select(t => Number(t.Parameters[parameter.Name])).ToList();
            var logarithmic = parameter.Log && values.All(v => v > 0) && (parameter.Min > 0 || values.Count > 0);
            var low = parameter.Max > parameter.Min ? parameter.Min : (double?)null;
            var high = parameter.Max > parameter.Min ? parameter.Max : (double?)null;
            if (logarithmic && low is <= 0)
            {
                low = null;
            }
            var x = AxisScale.For(values, frame.PlotLeft + 6, frame.PlotRight - 6, logarithmic, low, high);
            frame.DrawAxes(svg, x, y, parameter.Name, sweep.Metric, xTicks: 4);
            foreach (var trial in trials)
            {
                TrialMarks.Draw(svg, trial, x.Map(Number(trial.Parameters[parameter.Name])), y.Map(trial.ObjectiveOrLast ?? 0), frame.PlotBottom,
                    sweep.Metric, trial.TrialId == sweep.BestTrialId);
            }
        }
        else
        {
            var categories = parameter.Values.Concat(trials.Select(t => t.Parameters[parameter.Name])).Distinct().ToList();
            frame.DrawCategoryAxes(svg, categories, y, parameter.Name, sweep.Metric);
            var half = frame.CategoryHalfWidth(categories.Count);
            foreach (var trial in trials)
            {
                var index = categories.IndexOf(trial.Parameters[parameter.Name]);
                // A fixed spread by trial number keeps points of one column apart and the picture reproducible.
                var jitter = ((trial.Number * 37 % 11) / 10.0 - 0.5) * half * 0.7;
                TrialMarks.Draw(svg, trial, frame.CategoryX(index, categories.Count) + jitter, y.Map(trial.ObjectiveOrLast ?? 0), frame.PlotBottom,
                    sweep.Metric, trial.TrialId == sweep.BestTrialId);
            }
        }
        return svg.ToString();
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
