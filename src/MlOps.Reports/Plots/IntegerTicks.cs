using MlOps.Reports.Svg;

namespace MlOps.Reports.Plots;

/// <summary>A linear scale whose ticks fall on whole numbers only (trial numbers, steps).</summary>
internal sealed class IntegerTicks(LinearScale inner) : AxisScale(inner.RangeStart, inner.RangeEnd)
{
    public static AxisScale Of(LinearScale scale) => new IntegerTicks(scale);

    public override double Map(double value) => inner.Map(value);

    public override IReadOnlyList<(double Value, string Label)> Ticks(int count = 5) =>
        inner.Ticks(count).Where(t => Math.Abs(t.Value - Math.Round(t.Value)) < 1e-9).ToList() is { Count: > 0 } whole
            ? whole
            : [(Math.Round(inner.Min + 0.5), Format(Math.Round(inner.Min + 0.5)))];
}
