using System.Globalization;
using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Plots;

/// <summary>A confusion matrix: true classes down, predicted classes across; counts in the cells, coloured by the share of the true class.</summary>
public static class ConfusionMatrixPlot
{
    public static string Render(IReadOnlyList<IReadOnlyList<long>> confusion, string title)
    {
        var classes = SeabedClasses.All;
        var size = Math.Min(confusion.Count, classes.Count);
        var rowTotals = confusion.Take(size).Select(row => row.Take(size).Sum()).ToList();
        return HeatMap.Render(
            title,
            "confusion",
            classes.Take(size).Select(c => c.Name).ToList(),
            classes.Take(size).Select(c => Abbreviate(c.Name)).ToList(),
            (r, c) =>
            {
                var count = confusion[r][c];
                var share = rowTotals[r] == 0 ? (double?)null : (double)count / rowTotals[r];
                return new HeatMapCell(share, count.ToString("N0", CultureInfo.InvariantCulture),
                    $"true {classes[r].Name}, predicted {classes[c].Name}: {count.ToString("N0", CultureInfo.InvariantCulture)} pixels" +
                    (share is { } s ? $" ({s.ToString("P1", CultureInfo.InvariantCulture)} of the true class)" : ""));
            },
            0,
            1,
            title,
            "predicted class",
            classes.Take(size).Select(c => c.Hex).ToList());
    }

    /// <summary>Initials of a class name for narrow columns ("Mud Sand and Corals" → "MSC").</summary>
    public static string Abbreviate(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "and").Select(w => char.ToUpperInvariant(w[0])));
}
