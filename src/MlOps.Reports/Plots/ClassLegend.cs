using MlOps.Reports.Maps;
using MlOps.Reports.Svg;
using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Plots;

/// <summary>The legend of the maps: each seabed class in its colour, and the disagreement picture's colours.</summary>
public static class ClassLegend
{
    public static string Render(bool withDisagreement = true)
    {
        var entries = SeabedClasses.All.Select(c => (c.Hex, $"{c.Code} {c.Name}")).ToList();
        entries.Add((SeabedClasses.Unlabelled.Hex, "no data / unlabelled"));
        if (withDisagreement)
        {
            entries.Add((MapPalette.Agree.Hex, "agrees with ground truth"));
            entries.Add((MapPalette.Disagree.Hex, "disagrees with ground truth"));
            entries.Add((MapPalette.UnlabelledValid.Hex, "valid, no ground truth"));
        }
        const double rowHeight = 20;
        const double columnWidth = 210;
        var columns = 3;
        var rows = (entries.Count + columns - 1) / columns;
        var svg = new SvgWriter(columns * columnWidth, rows * rowHeight + 8, "map legend: class colours", "legend");
        for (var i = 0; i < entries.Count; i++)
        {
            var x = 4 + i / rows * columnWidth;
            var y = 4 + i % rows * rowHeight;
            svg.Rect(x, y + 2, 14, 14, fill: entries[i].Hex, stroke: "#52606d", strokeWidth: 0.5, cssClass: "swatch");
            svg.Text(x + 20, y + 13, entries[i].Item2, fill: PlotColors.Axis);
        }
        return svg.ToString();
    }
}
