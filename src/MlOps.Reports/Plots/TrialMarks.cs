using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>How a trial is drawn in every sweep plot: a dot when it finished, a cross when stopped early, a triangle on the floor when it failed.</summary>
internal static class TrialMarks
{
    public static void Draw(SvgWriter svg, TrialView trial, double x, double y, double floorY, string metric, bool isBest)
    {
        var title = Describe(trial, metric);
        switch (trial.Status)
        {
            case TrialStates.EarlyStopped:
                svg.Cross(x, trial.ObjectiveOrLast is null ? floorY : y, 4.5, PlotColors.EarlyStopped, "trial stopped", title);
                break;
            case TrialStates.Failed or TrialStates.TimedOut:
                svg.Triangle(x, floorY - 5, 5, PlotColors.Failed, "trial failed", title);
                break;
            case TrialStates.Running or TrialStates.Pending:
                if (trial.ObjectiveOrLast is not null)
                {
                    svg.Circle(x, y, 4.5, "#ffffff", "trial running", title, stroke: PlotColors.Running);
                }
                break;
            default:
                svg.Circle(x, y, isBest ? 6 : 4.5, isBest ? PlotColors.Best : PlotColors.Succeeded, isBest ? "trial succeeded best" : "trial succeeded", title,
                    stroke: "#ffffff");
                break;
        }
    }

    public static string Describe(TrialView trial, string metric)
    {
        var parameters = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={p.Value}"));
        var value = trial.ObjectiveOrLast is { } v ? $"{metric} {v.ToString("0.####", CultureInfo.InvariantCulture)}" : "no objective";
        return $"{trial.TrialId} · {trial.Status} · {value} · {parameters}";
    }

    /// <summary>A small legend along the top right of a plot.</summary>
    public static void Legend(SvgWriter svg, double right, double y, bool withBest)
    {
        var x = right - (withBest ? 330 : 260);
        if (withBest)
        {
            svg.Circle(x, y - 4, 5, PlotColors.Best);
            svg.Text(x + 8, y, "best", fill: PlotColors.Axis);
            x += 44;
        }
        svg.Circle(x, y - 4, 4, PlotColors.Succeeded);
        svg.Text(x + 8, y, "succeeded", fill: PlotColors.Axis);
        x += 76;
        svg.Cross(x, y - 4, 4, PlotColors.EarlyStopped);
        svg.Text(x + 8, y, "early-stopped", fill: PlotColors.Axis);
        x += 92;
        svg.Triangle(x, y - 4, 4, PlotColors.Failed);
        svg.Text(x + 8, y, "failed", fill: PlotColors.Axis);
    }
}
