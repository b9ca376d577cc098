namespace MlOps.Reports.Svg;

/// <summary>
/// The rectangle a plot draws its data in, inside a picture of <see cref="Width"/>×<see cref="Height"/>
/// with margins for the axes, and the axes themselves: ticks, grid lines and titles.
/// </summary>
public sealed record PlotFrame(double Width, double Height, double Left = 56, double Right = 16, double Top = 28, double Bottom = 44)
{
    public double PlotLeft => Left;

    public double PlotRight => Width - Right;

    public double PlotTop => Top;

    public double PlotBottom => Height - Bottom;

    public double PlotWidth => PlotRight - PlotLeft;

    public double PlotHeight => PlotBottom - PlotTop;

    public SvgWriter Begin(string label, string cssClass, string? title = null)
    {
        var svg = new SvgWriter(Width, Height, label, cssClass);
        svg.Rect(0, 0, Width, Height, fill: "#ffffff");
        if (title is not null)
        {
            svg.Text(PlotLeft, 16, title, bold: true, size: 12);
        }
        return svg;
    }

    /// <summary>Grid lines and tick labels for numeric x and y axes, with axis titles.</summary>
    public void DrawAxes(SvgWriter svg, AxisScale x, AxisScale y, string xTitle, string yTitle, int xTicks = 6, int yTicks = 5)
    {
        DrawYAxis(svg, y, yTitle, yTicks);
        foreach (var (value, label) in x.Ticks(xTicks))
        {
            var px = x.Map(value);
            if (px < PlotLeft - 0.5 || px > PlotRight + 0.5)
            {
                continue;
            }
            svg.Line(px, PlotTop, px, PlotBottom, PlotColors.Grid);
            svg.Text(px, PlotBottom + 14, label, anchor: "middle", fill: PlotColors.Axis);
        }
        DrawXBaseline(svg, xTitle);
    }

    /// <summary>Category names evenly spaced along x, with the y axis as for <see cref="DrawAxes"/>.</summary>
    public void DrawCategoryAxes(SvgWriter svg, IReadOnlyList<string> categories, AxisScale y, string xTitle, string yTitle, int yTicks = 5)
    {
        DrawYAxis(svg, y, yTitle, yTicks);
        for (var i = 0; i < categories.Count; i++)
        {
            svg.Text(CategoryX(i, categories.Count), PlotBottom + 14, Shorten(categories[i], Math.Max(3, (int)(PlotWidth / Math.Max(1, categories.Count) / 6))), anchor: "middle", fill: PlotColors.Axis);
        }
        DrawXBaseline(svg, xTitle);
    }

    /// <summary>The centre of category <paramref name="index"/> of <paramref name="count"/>.</summary>
    public double CategoryX(int index, int count) => PlotLeft + (index + 0.5) * PlotWidth / Math.Max(1, count);

    /// <summary>Half the width a category gets, for spreading its points.</summary>
    public double CategoryHalfWidth(int count) => PlotWidth / Math.Max(1, count) / 2;

    private void DrawYAxis(SvgWriter svg, AxisScale y, string yTitle, int yTicks)
    {
        foreach (var (value, label) in y.Ticks(yTicks))
        {
            var py = y.Map(value);
            if (py < PlotTop - 0.5 || py > PlotBottom + 0.5)
            {
                continue;
            }
            svg.Line(PlotLeft, py, PlotRight, py, PlotColors.Grid);
            svg.Text(PlotLeft - 6, py + 4, label, anchor: "end", fill: PlotColors.Axis);
        }
        svg.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, PlotColors.Axis);
        svg.Text(14, PlotTop + PlotHeight / 2, yTitle, anchor: "middle", rotate: -90, fill: PlotColors.Axis);
    }

    private void DrawXBaseline(SvgWriter svg, string xTitle)
    {
        svg.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, PlotColors.Axis);
        svg.Text(PlotLeft + PlotWidth / 2, Height - 8, xTitle, anchor: "middle", fill: PlotColors.Axis);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..Math.Max(1, max - 1)] + "…";
}
