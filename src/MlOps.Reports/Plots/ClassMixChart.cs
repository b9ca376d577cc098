using System.Globalization;
using MlOps.Reports.Svg;
using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Plots;

/// <summary>Each year's class mix as a stacked bar in the class colours: how the ground truth itself shifts between years.</summary>
public static class ClassMixChart
{
    public static string Render(IReadOnlyDictionary<int, double[]> mix, double width = 720)
    {
        var years = mix.Keys.Order().ToList();
        const double rowHeight = 26;
        const double left = 56;
        var height = 44 + years.Count * rowHeight;
        var svg = new SvgWriter(width, height, "ground-truth class mix by year", "plot class-mix");
        svg.Rect(0, 0, width, height, fill: "#ffffff");
        svg.Text(8, 16, "ground-truth class mix by year", bold: true, size: 12);
        var barWidth = width - left - 16;
        for (var i = 0; i < years.Count; i++)
        {
            var shares = mix[years[i]];
            var total = shares.Sum();
            var y = 28 + i * rowHeight;
            svg.Text(8, y + 16, years[i].ToString(CultureInfo.InvariantCulture), fill: PlotColors.Axis, bold: true);
            var x = left;
            for (var c = 0; c < shares.Length && c < SeabedClasses.All.Count; c++)
            {
                var share = total > 0 ? shares[c] / total : 0;
                var w = share * barWidth;
                var seabed = SeabedClasses.All[c];
                svg.Rect(x, y, w, rowHeight - 4, fill: seabed.Hex, cssClass: "share",
                    title: $"{years[i]}: {seabed.Name} {share.ToString("P1", CultureInfo.InvariantCulture)}");
                if (share >= 0.08)
                {
                    var (r, g, b) = (seabed.Red, seabed.Green, seabed.Blue);
                    svg.Text(x + w / 2, y + 15, share.ToString("P0", CultureInfo.InvariantCulture), anchor: "middle",
                        fill: 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? "#111111" : "#ffffff", size: 10);
                }
                x += w;
            }
        }
        return svg.ToString();
    }
}
