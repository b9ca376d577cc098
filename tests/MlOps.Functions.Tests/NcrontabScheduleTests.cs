using MlOps.Functions.Runtime;

namespace MlOps.Functions.Tests;

public sealed class NcrontabScheduleTests
{
    private static readonly DateTimeOffset Sunday = new(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0 0 3 1 * *", "2026-12-01T03:00:00Z")]
    [InlineData("0 */5 * * * *", "2026-11-22T10:20:00Z")]
    [InlineData("30 30 9 * * 1-5", "2026-11-23T09:30:30Z")]
    [InlineData("0 0 12 * * 0", "2026-11-22T12:00:00Z")]
    [InlineData("0 0 12 * * 6", "2026-11-28T12:00:00Z")]
    [InlineData("0 0 0 * * SAT", "2026-11-28T00:00:00Z")]
    [InlineData("0 0 6 * 1 *", "2027-01-01T06:00:00Z")]
    public void Next_occurrence_follows_NCRONTAB_semantics_in_UTC(string schedule, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NcrontabSchedule.Parse(schedule).GetNextOccurrence(Sunday));
    }

    [Theory]
    [InlineData("0 0 3 * *", "six")]
    [InlineData("0 0 3 1 * 1", "both the day of month and the day of week")]
    [InlineData("0 0 3 * * 7", "0 is Sunday, 6 Saturday")]
    [InlineData("0 99 3 * * *", "minute 99; minute runs 0 to 59")]
    [InlineData("0 0 3 * * */0", "bad step")]
    [InlineData("0 0 3 ? * *", "not a valid NCRONTAB expression")]
    public void A_bad_schedule_says_what_is_wrong(string schedule, string expected)
    {
        var error = Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(schedule));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(schedule, error.Message, StringComparison.Ordinal);
    }
}
