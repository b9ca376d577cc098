using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;

namespace MlOps.Reports.Plots;

/// <summary>
/// The rollout's weights over time: the challenger's share of routing keys as a step line
/// (champion's share is the rest), with the gates' verdicts marked at their time.
/// </summary>
public static class WeightHistoryPlot
{
    public static string Render(RolloutView rollout, DateTimeOffset now, double width = 720, double height = 260)
    {
        var frame = new PlotFrame(width, height, Top: 34);
        var svg = frame.Begin($"challenger weight over time for {rollout.ModelName}", "plot weights-plot", "traffic share over time");
        svg.Rect(frame.PlotRight - 250, 8, 12, 8, fill: PlotColors.Challenger);
        svg.Text(frame.PlotRight - 234, 16, $"challenger v{rollout.ChallengerVersion?.ToString(CultureInfo.InvariantCulture) ?? "–"}", fill: PlotColors.Axis);
        svg.Rect(frame.PlotRight - 120, 8, 12, 8, fill: PlotColors.Champion);
        svg.Text(frame.PlotRight - 104, 16, $"champion v{rollout.ChampionVersion?.ToString(CultureInfo.InvariantCulture) ?? "–"}", fill: PlotColors.Axis);

        var changes = rollout.History.OrderBy(h => h.At).ToList();
        var start = changes.Count > 0 ? Min(changes[0].At, rollout.StartedAt) : rollout.StartedAt;
        var end = Max(now, rollout.UpdatedAt);
        if (end <= start)
        {
            end = start.AddMinutes(1);
        }
        var x = new TimeScale(start, end, frame.PlotLeft, frame.PlotRight);
        var y = new LinearScale(0, 100, frame.PlotBottom, frame.PlotTop);
        frame.DrawAxes(svg, x, y, "time (UTC)", "% of traffic", xTicks: 5);

        // Step line: each weight holds until the next change.
        var weight = changes.Count > 0 ? changes[0].FromWeight : rollout.ChallengerWeight;
        var steps = new List<(double X, double Weight)> { (x.Map(start), weight) };
        foreach (var change in changes)
        {
            steps.Add((x.Map(change.At), weight));
            weight = change.ToWeight;
            steps.Add((x.Map(change.At), weight));
        }
        steps.Add((x.Map(end), weight));
        var challenger = steps.Select(s => (s.X, y.Map(s.Weight))).ToList();
        var area = challenger.Append((x.Map(end), y.Map(0))).Append((x.Map(start), y.Map(0)));
        svg.Path("M" + string.Join("L", area.Select(p => $"{SvgWriter.Number(p.Item1)},{SvgWriter.Number(p.Item2)}")) + "Z",
            fill: PlotColors.Challenger, opacity: 0.15, cssClass: "challenger-area");
        svg.Polyline(challenger, PlotColors.Challenger, 2, "challenger-weight", title: "challenger weight");
        svg.Polyline(steps.Select(s => (s.X, y.Map(100 - s.Weight))), PlotColors.Champion, 2, "champion-weight", title: "champion weight");

        foreach (var change in changes)
        {
            svg.Circle(x.Map(change.At), y.Map(change.ToWeight), 3.5, PlotColors.Challenger, "weight-change",
                $"{change.At:yyyy-MM-dd HH:mm:ss} {change.Mode}, step {change.StepIndex}: {Percent(change.FromWeight)} → {Percent(change.ToWeight)} ({change.Reason})");
        }
        foreach (var gate in rollout.Gates)
        {
            var gx = x.Map(Clamp(gate.EvaluatedAt, start, end));
            var title = $"{gate.EvaluatedAt:yyyy-MM-dd HH:mm:ss} step {gate.StepIndex} gate {gate.Metric}: {AxisScale.Format(gate.Value)} " +
                        $"{(gate.Comparison == "AtMost" ? "≤" : "≥")} {AxisScale.Format(gate.Threshold)} → {(gate.Passed ? "passed" : "failed")}";
            if (gate.Passed)
            {
                svg.Circle(gx, frame.PlotBottom - 6, 3.5, PlotColors.Best, "gate passed", title);
            }
            else
            {
                svg.Triangle(gx, frame.PlotBottom - 7, 5, PlotColors.Failed, "gate failed", title);
            }
        }
        return svg.ToString();
    }

    private static string Percent(double weight) => weight.ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset low, DateTimeOffset high) => t < low ? low : t > high ? high : t;
}
