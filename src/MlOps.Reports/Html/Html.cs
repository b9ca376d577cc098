using System.Globalization;
using System.Net;

namespace MlOps.Reports.Html;

/// <summary>Small pieces of HTML that every page writes: escaped text, numbers, times, status badges.</summary>
public static class Html
{
    /// <summary>Text made safe for element content and quoted attribute values (&lt; &gt; &amp; " ' escaped).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Number(double? value, string format = "0.0000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Integer(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double? value, string format = "0.#") =>
        value is { } v && double.IsFinite(v) ? (v * 100).ToString(format, CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A UTC time as a &lt;time&gt; element.</summary>
    public static string Time(DateTimeOffset time) =>
        $"<time datetime=\"{time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</time>";

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 1 => $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        < 120 => $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        < 7200 => $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KiB",
        < 1024L * 1024 * 1024 => $"{(bytes / 1024.0 / 1024).ToString("0.#", CultureInfo.InvariantCulture)} MiB",
        _ => $"{(bytes / 1024.0 / 1024 / 1024).ToString("0.##", CultureInfo.InvariantCulture)} GiB",
    };

    /// <summary>A coloured badge for a status or step (the class is derived from the name: status-running, status-failed…).</summary>
    public static string Badge(string status) =>
        $"<span class=\"badge status-{Encode(Slug(status))}\">{Encode(status)}</span>";

    /// <summary>A link when <paramref name="href"/> is given, plain text otherwise (reports have no dashboard to link to).</summary>
    public static string Link(string? href, string text) =>
        href is null ? Encode(text) : $"<a href=\"{Encode(href)}\">{Encode(text)}</a>";

    public static string Slug(string text) =>
        new(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    public static string Version(int? version) => version is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "–";

    public static string Year(int? year) => year?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
