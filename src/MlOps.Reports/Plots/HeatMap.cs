using MlOps.Reports.Svg;

namespace MlOps.Reports.Plots;

/// <summary>One cell of a heat map: the value that sets its colour (null: empty), the text it shows and its tooltip.</summary>
public sealed record HeatMapCell(double? Value, string Text, string? Title = null);

/// <summary>
/// A grid of coloured cells with row and column labels, coloured on the viridis ramp between
/// <c>min</c> and <c>max</c>. Every cell is a <c>rect.cell</c>, so tests and scripts can find them.
/// </summary>
public static class HeatMap
{
    public const double CellWidth = 70;
    public const double CellHeight = 26;

    public static string Render(
        string label,
        string cssClass,
        IReadOnlyList<string> rowLabels,
        IReadOnlyList<string> columnLabels,
        Func<int, int, HeatMapCell> cell,
        double min,
        double max,
        string? title = null,
        string? columnTitle = null,
        IReadOnlyList<string>? rowSwatches = null)
    {
        var labelWidth = Math.Max(48, 7 * rowLabels.DefaultIfEmpty("").Max(l => l.Length) + (rowSwatches is null ? 12 : 28));
        var top = (title is null ? 8 : 28) + (columnTitle is null ? 0 : 16) + 20;
        // Wide enough for the title too (about 7 px a character at 12 px).
        var width = Math.Max(labelWidth + columnLabels.Count * CellWidth + 12 + 40, 16 + 7 * (title?.Length ?? 0));
        var height = top + Math.Max(1, rowLabels.Count) * CellHeight + 12;
        var svg = new SvgWriter(width, height, label, "plot heatmap " + cssClass);
        svg.Rect(0, 0, width, height, fill: "#ffffff");
        if (title is not null)
        {
            svg.Text(8, 18, title, bold: true, size: 12);
        }
        if (columnTitle is not null)
        {
            svg.Text(labelWidth + columnLabels.Count * CellWidth / 2, top - 24, columnTitle, anchor: "middle", fill: PlotColors.Axis);
        }
        for (var c = 0; c < columnLabels.Count; c++)
        {
            svg.Text(labelWidth + (c + 0.5) * CellWidth, top - 7, columnLabels[c], anchor: "middle", fill: PlotColors.Axis, bold: true);
        }
        var span = max > min ? max - min : 1;
        for (var r = 0; r < rowLabels.Count; r++)
        {
            var y = top + r * CellHeight;
            if (rowSwatches is not null && r < rowSwatches.Count)
            {
                svg.Rect(8, y + 7, 12, 12, fill: rowSwatches[r], stroke: "#52606d", strokeWidth: 0.5);
            }
            svg.Text(rowSwatches is null ? 8 : 26, y + CellHeight / 2 + 4, rowLabels[r], fill: PlotColors.Axis);
            for (var c = 0; c < columnLabels.Count; c++)
            {
                var x = labelWidth + c * CellWidth;
                var value = cell(r, c);
                var t = value.Value is { } v ? (v - min) / span : double.NaN;
                svg.Rect(x + 1, y + 1, CellWidth - 2, CellHeight - 2, fill: ColorRamp.At(t), cssClass: "cell", title: value.Title ?? value.Text);
                if (value.Text.Length > 0)
                {
                    svg.Text(x + CellWidth / 2, y + CellHeight / 2 + 4, value.Text, anchor: "middle", fill: double.IsNaN(t) ? PlotColors.Axis : ColorRamp.TextOn(t));
                }
            }
        }
        // The colour scale: min at the bottom, max at the top.
        var barX = labelWidth + columnLabels.Count * CellWidth + 14;
        var barHeight = Math.Max(CellHeight, rowLabels.Count * CellHeight);
        const int steps = 16;
        for (var i = 0; i < steps; i++)
        {
            svg.Rect(barX, top + barHeight * (steps - 1 - i) / steps, 10, barHeight / steps + 0.5, fill: ColorRamp.At((i + 0.5) / steps));
        }
        svg.Text(barX + 13, top + 9, AxisScale.Format(Math.Round(max, 3)), size: 9, fill: PlotColors.Axis);
        svg.Text(barX + 13, top + barHeight, AxisScale.Format(Math.Round(min, 3)), size: 9, fill: PlotColors.Axis);
        return svg.ToString();
    }
}
