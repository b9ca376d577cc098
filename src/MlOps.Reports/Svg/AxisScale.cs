using System.Globalization;

namespace MlOps.Reports.Svg;

/// <summary>Maps data values to pixel positions along one axis and proposes tick marks.</summary>
public abstract class AxisScale
{
    protected AxisScale(double rangeStart, double rangeEnd)
    {
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
    }

    public double RangeStart { get; }

    public double RangeEnd { get; }

    public abstract double Map(double value);

    /// <summary>About <paramref name="count"/> round values inside the domain, with their labels.</summary>
    public abstract IReadOnlyList<(double Value, string Label)> Ticks(int count = 5);

    /// <summary>A linear scale over the values (padded a little, never empty) or a log-10 scale when asked and all values are positive.</summary>
    public static AxisScale For(IEnumerable<double> values, double rangeStart, double rangeEnd, bool logarithmic = false, double? min = null, double? max = null)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var low = min ?? (finite.Count > 0 ? finite.Min() : 0);
        var high = max ?? (finite.Count > 0 ? finite.Max() : 1);
        if (logarithmic && low > 0 && high > 0)
        {
            return new LogScale(low, high, rangeStart, rangeEnd);
        }
        if (high <= low)
        {
            var pad = low == 0 ? 1 : Math.Abs(low) * 0.05;
            low -= pad;
            high += pad;
        }
        else if (min is null || max is null)
        {
            var pad = (high - low) * 0.05;
            low = min ?? low - pad;
            high = max ?? high + pad;
        }
        return new LinearScale(low, high, rangeStart, rangeEnd);
    }

    /// <summary>A compact label: up to four significant digits, exponent form for very small or large magnitudes.</summary>
    public static string Format(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        var magnitude = Math.Abs(value);
        return magnitude is < 1e-3 or >= 1e6
            ? value.ToString("0.##e0", CultureInfo.InvariantCulture)
            : value.ToString(magnitude >= 100 ? "0.#" : "0.####", CultureInfo.InvariantCulture);
    }
}

/// <summary>A linear axis over [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed class LinearScale : AxisScale
{
    public LinearScale(double min, double max, double rangeStart, double rangeEnd) : base(rangeStart, rangeEnd)
    {
        if (!(max > min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"A linear scale needs max > min, not [{min}, {max}].");
        }
        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public override double Map(double value) => RangeStart + (value - Min) / (Max - Min) * (RangeEnd - RangeStart);

    public override IReadOnlyList<(double Value, string Label)> Ticks(int count = 5)
    {
        var step = NiceStep((Max - Min) / Math.Max(1, count));
        var first = Math.Ceiling(Min / step) * step;
        var ticks = new List<(double, string)>();
        for (var value = first; value <= Max + step * 1e-9; value += step)
        {
            // Snap away accumulated error so 0.30000000000000004 reads 0.3.
            var snapped = Math.Round(value / step) * step;
            ticks.Add((snapped, Format(snapped)));
        }
        return ticks;
    }

    /// <summary>1, 2 or 5 times a power of ten, the nearest above <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough))
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }
}

/// <summary>A base-10 logarithmic axis, for parameters searched on a log scale.</summary>
public sealed class LogScale : AxisScale
{
    private readonly double logMin;
    private readonly double logMax;

    public LogScale(double min, double max, double rangeStart, double rangeEnd) : base(rangeStart, rangeEnd)
    {
        if (!(min > 0) || !(max > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"A log scale needs positive bounds, not [{min}, {max}].");
        }
        logMin = Math.Floor(Math.Log10(min));
        logMax = Math.Ceiling(Math.Log10(max));
        if (logMax <= logMin)
        {
            logMax = logMin + 1;
        }
    }

    public override double Map(double value) =>
        RangeStart + (Math.Log10(Math.Max(value, double.Epsilon)) - logMin) / (logMax - logMin) * (RangeEnd - RangeStart);

    public override IReadOnlyList<(double Value, string Label)> Ticks(int count = 5)
    {
        var decades = (int)(logMax - logMin);
        var every = Math.Max(1, (int)Math.Ceiling(decades / (double)Math.Max(1, count)));
        var ticks = new List<(double, string)>();
        for (var exponent = (int)logMin; exponent <= (int)logMax; exponent += every)
        {
            ticks.Add((Math.Pow(10, exponent), "1e" + exponent.ToString(CultureInfo.InvariantCulture)));
        }
        return ticks;
    }
}
