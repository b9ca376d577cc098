using System.Globalization;
using Quartz;

namespace MlOps.Functions.Runtime;

/// <summary>
/// A timer schedule written as Azure Functions writes it: six NCRONTAB fields
/// <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, evaluated in UTC. Quartz's cron
/// engine does the arithmetic; this type translates the two places where the dialects differ:
/// Quartz wants '?' in one of the two day fields, and counts weekdays 1–7 from Sunday where
/// NCRONTAB counts 0–6.
/// </summary>
public sealed class NcrontabSchedule
{
    private readonly CronExpression expression;

    private NcrontabSchedule(string text, CronExpression expression)
    {
        Text = text;
        this.expression = expression;
    }

    public string Text { get; }

    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => expression.GetNextValidTimeAfter(after);

    public static NcrontabSchedule Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException(
                $"Schedule '{text}' has {fields.Length} fields; a timer needs six: {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}, e.g. '0 0 3 1 * *'.");
        }
        string[] names = ["second", "minute", "hour", "day", "month", "day-of-week"];
        (int Min, int Max)[] ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];
        for (var i = 0; i < fields.Length; i++)
        {
            CheckRange(fields[i], names[i], ranges[i], text);
        }
        var (day, weekday) = (fields[3], fields[5]);
        if (day != "*" && weekday != "*")
        {
            throw new FormatException($"Schedule '{text}' restricts both the day of month and the day of week; restrict one and leave the other '*'.");
        }
        var quartzWeekday = weekday == "*" ? "?" : ShiftWeekdays(weekday);
        var quartzDay = weekday == "*" ? day : "?";
        var quartz = string.Join(' ', fields[0], fields[1], fields[2], quartzDay, fields[4], quartzWeekday);
        try
        {
            return new NcrontabSchedule(text, new CronExpression(quartz, TimeZoneInfo.Utc));
        }
        catch (FormatException e)
        {
            throw new FormatException($"Schedule '{text}' is not a valid NCRONTAB expression: {e.Message}", e);
        }
    }

    // Quartz accepts some out-of-range numbers silently, so every number is checked here first.
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT",
    };

    private static void CheckRange(string field, string name, (int Min, int Max) range, string text)
    {
        var foreign = field.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '*' or ',' or '-' or '/'));
        var words = System.Text.RegularExpressions.Regex.Matches(field, "[A-Za-z]+").Select(m => m.Value);
        if (foreign != default || words.Any(w => !Names.Contains(w)))
        {
            throw new FormatException($"Schedule '{text}' is not a valid NCRONTAB expression: the {name} field '{field}' uses syntax NCRONTAB does not have.");
        }
        foreach (var item in field.Split(','))
        {
            var parts = item.Split('/');
            if (parts.Length > 2 || (parts.Length == 2 && !(int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0)))
            {
                throw new FormatException($"Schedule '{text}' has a bad step '{item}' in the {name} field.");
            }
            foreach (var bound in parts[0].Split('-'))
            {
                if (int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value < range.Min || value > range.Max))
                {
                    throw new FormatException($"Schedule '{text}' has {name} {value}; {name} runs {range.Min} to {range.Max}{(name == "day-of-week" ? " (0 is Sunday, 6 Saturday)" : "")}.");
                }
            }
        }
    }

    private static string ShiftWeekdays(string field) =>
        string.Join(',', field.Split(',').Select(item =>
        {
            var slash = item.IndexOf('/');
            var range = slash < 0 ? item : item[..slash];
            var step = slash < 0 ? "" : item[slash..];
            var shifted = string.Join('-', range.Split('-').Select(part => ShiftDay(part)));
            return shifted + step;
        }));

    private static string ShiftDay(string part)
    {
        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return part;
        }
        return (day + 1).ToString(CultureInfo.InvariantCulture);
    }
}
