using MlOps.Reports.Svg;

namespace MlOps.Reports.Tests;

public sealed class AxisScaleTests
{
    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(0.13, 0.2)]
    [InlineData(3.2, 5)]
    [InlineData(45, 50)]
    [InlineData(0.0009, 0.001)]
    public void Steps_are_one_two_or_five_times_a_power_of_ten(double rough, double expected) =>
        Assert.Equal(expected, LinearScale.NiceStep(rough), 12);

    [Fact]
    public void Linear_ticks_are_round_and_inside_the_domain_and_map_onto_the_range()
    {
        var scale = new LinearScale(0.61, 0.94, 200, 0);
        var ticks = scale.Ticks(5);
        Assert.Equal(["0.7", "0.8", "0.9"], ticks.Select(t => t.Label));
        Assert.All(ticks, t => Assert.InRange(t.Value, 0.61, 0.94));
        Assert.Equal(200, scale.Map(0.61), 9);
        Assert.Equal(0, scale.Map(0.94), 9);
        Assert.True(scale.Map(0.9) < scale.Map(0.7), "the y axis grows upwards");
    }

    [Fact]
    public void Log_ticks_fall_on_decades_and_keep_order()
    {
        var scale = new LogScale(1e-6, 10, 0, 700);
        var ticks = scale.Ticks(4);
        Assert.Equal(["1e-6", "1e-4", "1e-2", "1e0"], ticks.Select(t => t.Label));
        Assert.Equal(0, scale.Map(1e-6), 9);
        Assert.Equal(700, scale.Map(10), 9);
        Assert.Equal(350, scale.Map(Math.Pow(10, -2.5)), 9);
    }

    [Fact]
    public void A_single_value_gets_a_padded_domain()
    {
        var scale = (LinearScale)AxisScale.For([0.8], 0, 100);
        Assert.True(scale.Min < 0.8 && scale.Max > 0.8);
        var empty = (LinearScale)AxisScale.For([], 0, 100);
        Assert.True(empty.Max > empty.Min);
    }
}
