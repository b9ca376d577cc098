using MlOps.Reports.Svg;

namespace MlOps.Reports.Plots;

/// <summary>A time axis (UTC): ticks evenly spaced, labelled by clock time or date depending on the span.</summary>
internal sealed class TimeScale(DateTimeOffset start, DateTimeOffset end, double rangeStart, double rangeEnd) : AxisScale(rangeStart, rangeEnd)
{
    private readonly double from = start.ToUnixTimeMilliseconds();
    private readonly double to = Math.Max(start.ToUnixTimeMilliseconds() + 1, end.ToUnixTimeMilliseconds());

    public double Map(DateTimeOffset time) => Map(time.ToUnixTimeMilliseconds());

    public override double Map(double value) => RangeStart + (value - from) / (to - from) * (RangeEnd - RangeStart);

    public override IReadOnlyList<(double Value, string Label)> Ticks(int count = 5)
    {
        var span = TimeSpan.FromMilliseconds(to - from);
        var format = span < TimeSpan.FromMinutes(10) ? "HH:mm:ss" : span < TimeSpan.FromDays(1) ? "HH:mm" : span < TimeSpan.FromDays(60) ? "MM-dd HH:mm" : "yyyy-MM-dd";
        var ticks = new List<(double, string)>();
        for (var i = 0; i <= count; i++)
        {
            var value = from + (to - from) * i / count;
            var label = DateTimeOffset.FromUnixTimeMilliseconds((long)value).UtcDateTime.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            // A span of a few seconds has fewer distinct labels than ticks: each label once.
            if (ticks.Count == 0 || ticks[^1].Item2 != label)
            {
                ticks.Add((value, label));
            }
        }
        return ticks;
    }
}
