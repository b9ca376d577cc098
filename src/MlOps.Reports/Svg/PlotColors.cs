namespace MlOps.Reports.Svg;

/// <summary>The few colours every plot shares, so a status looks the same everywhere.</summary>
public static class PlotColors
{
    public const string Succeeded = "#2563eb";
    public const string Best = "#16a34a";
    public const string EarlyStopped = "#ea580c";
    public const string Failed = "#dc2626";
    public const string Running = "#7c3aed";
    public const string Axis = "#52606d";
    public const string Grid = "#e4e7eb";
    public const string Threshold = "#dc2626";
    public const string Champion = "#2563eb";
    public const string Challenger = "#ea580c";
    public const string Muted = "#9aa5b1";

    /// <summary>Distinct colours for series (years, versions), in order.</summary>
    public static IReadOnlyList<string> Series { get; } = ["#2563eb", "#ea580c", "#16a34a", "#7c3aed", "#db2777", "#0891b2", "#ca8a04", "#4b5563"];

    public static string SeriesAt(int index) => Series[((index % Series.Count) + Series.Count) % Series.Count];
}
