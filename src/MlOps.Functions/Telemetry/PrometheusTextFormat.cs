using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MlOps.Functions.Telemetry;

/// <summary>
/// Writes OpenTelemetry metrics in the Prometheus text exposition format (version 0.0.4), with
/// the names OpenTelemetry's Prometheus compatibility rules give them: dots and other
/// characters become underscores, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>,
/// <c>By</c> → <c>_bytes</c>, annotations like <c>{request}</c> are dropped), and counters end
/// in <c>_total</c>. Histograms are written as cumulative <c>_bucket{le=…}</c>, <c>_sum</c>
/// and <c>_count</c> series.
/// </summary>
public static class PrometheusTextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes one metric family; false (nothing written) when its kind has no Prometheus form here.</summary>
    public static bool Write(StringBuilder text, Metric metric, string familyName)
    {
        var type = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => "counter",
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => "gauge",
            MetricType.Histogram => "histogram",
            _ => null, // exponential histograms are not configured by this app
        };
        if (type is null)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(metric.Description))
        {
            text.Append("# HELP ").Append(familyName).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        }
        text.Append("# TYPE ").Append(familyName).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            if (type == "histogram")
            {
                WriteHistogram(text, familyName, labels, point);
                continue;
            }
            var value = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                MetricType.LongGauge => point.GetGaugeLastValueLong(),
                _ => point.GetGaugeLastValueDouble(),
            };
            Sample(text, familyName, labels, null, value);
        }
        return true;
    }

    /// <summary>The family name OpenTelemetry's Prometheus rules give <paramref name="metric"/>.</summary>
    public static string FamilyName(Metric metric) =>
        FamilyName(metric.Name, metric.Unit, metric.MetricType is MetricType.LongSum or MetricType.DoubleSum);

    public static string FamilyName(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }
        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }
        return name;
    }

    /// <summary>Metric and label names: [a-zA-Z_][a-zA-Z0-9_]*, runs of other characters become one underscore.</summary>
    public static string Sanitize(string name)
    {
        var clean = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_';
            if (valid)
            {
                clean.Append(c);
            }
            else if (clean.Length == 0 || clean[^1] != '_')
            {
                clean.Append('_');
            }
        }
        if (clean.Length == 0 || char.IsAsciiDigit(clean[0]))
        {
            clean.Insert(0, '_');
        }
        return clean.ToString();
    }

    private static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "";
        }
        // Annotations in braces carry no unit ("{request}", "req{count}" keeps "req").
        var bare = System.Text.RegularExpressions.Regex.Replace(unit, "\\{[^}]*\\}", "");
        if (bare.Length == 0 || bare == "1")
        {
            return "";
        }
        var parts = bare.Split('/', 2);
        var suffix = UnitWord(parts[0]);
        if (parts.Length == 2 && parts[1].Length > 0)
        {
            suffix = (suffix.Length > 0 ? suffix + "_per_" : "per_") + PerUnitWord(parts[1]);
        }
        return Sanitize(suffix).Trim('_');
    }

    private static string UnitWord(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "%" => "percent",
        _ => unit,
    };

    private static string PerUnitWord(string unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        _ => UnitWord(unit),
    };

    private static void WriteHistogram(StringBuilder text, string name, string labels, in MetricPoint point)
    {
        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var le = "le=\"" + Number(bucket.ExplicitBound) + "\"";
            Sample(text, name + "_bucket", labels, le, cumulative);
        }
        Sample(text, name + "_sum", labels, null, point.GetHistogramSum());
        Sample(text, name + "_count", labels, null, point.GetHistogramCount());
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        if (tags.Count == 0)
        {
            return "";
        }
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }
            labels.Append(Sanitize(tag.Key)).Append("=\"").Append(EscapeLabelValue(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }
        return labels.ToString();
    }

    private static void Sample(StringBuilder text, string name, string labels, string? extraLabel, double value)
    {
        text.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            text.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                text.Append(labels.Length > 0 ? "," : "").Append(extraLabel);
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
