using System.Globalization;
using System.Text;

namespace MlOps.Reports.Svg;

/// <summary>
/// Writes one SVG document as text: shapes with presentation attributes (so a plot looks the
/// same inline in a page, in a report or saved on its own), optional CSS classes as hooks and
/// <c>&lt;title&gt;</c> tooltips. Numbers are written invariantly with at most two decimals;
/// every text and attribute value is escaped.
/// </summary>
public sealed class SvgWriter
{
    private readonly StringBuilder text = new();
    private int openGroups;

    /// <param name="width">Width in CSS pixels; the view box is the same size.</param>
    /// <param name="height">Height in CSS pixels.</param>
    /// <param name="label">What the picture shows, for screen readers (aria-label).</param>
    /// <param name="cssClass">Class of the root element, e.g. "plot heatmap".</param>
    public SvgWriter(double width, double height, string label, string? cssClass = null)
    {
        if (!(width > 0) || !(height > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An SVG needs a positive size, not {width}×{height}.");
        }
        Width = width;
        Height = height;
        text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        Attribute("width", width);
        Attribute("height", height);
        Attribute("viewBox", $"0 0 {Number(width)} {Number(height)}");
        Attribute("role", "img");
        Attribute("aria-label", label);
        Attribute("class", cssClass);
        Attribute("font-family", "system-ui, -apple-system, 'Segoe UI', sans-serif");
        Attribute("font-size", 11);
        text.Append('>');
    }

    public double Width { get; }

    public double Height { get; }

    public SvgWriter Rect(double x, double y, double width, double height, string? fill = null, string? cssClass = null,
        string? title = null, string? stroke = null, double? strokeWidth = null, double? opacity = null)
    {
        Open("rect");
        Attribute("x", x);
        Attribute("y", y);
        Attribute("width", Math.Max(0, width));
        Attribute("height", Math.Max(0, height));
        Attribute("fill", fill);
        Attribute("stroke", stroke);
        Attribute("stroke-width", strokeWidth);
        Attribute("opacity", opacity);
        Attribute("class", cssClass);
        return Close("rect", title);
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? cssClass = null, string? dash = null)
    {
        Open("line");
        Attribute("x1", x1);
        Attribute("y1", y1);
        Attribute("x2", x2);
        Attribute("y2", y2);
        Attribute("stroke", stroke);
        Attribute("stroke-width", strokeWidth);
        Attribute("stroke-dasharray", dash);
        Attribute("class", cssClass);
        return Close("line", null);
    }

    public SvgWriter Circle(double cx, double cy, double r, string fill, string? cssClass = null, string? title = null, string? stroke = null)
    {
        Open("circle");
        Attribute("cx", cx);
        Attribute("cy", cy);
        Attribute("r", r);
        Attribute("fill", fill);
        Attribute("stroke", stroke);
        Attribute("class", cssClass);
        return Close("circle", title);
    }

    /// <summary>An × of half-size <paramref name="size"/> centred on (cx, cy): the mark of an early-stopped trial.</summary>
    public SvgWriter Cross(double cx, double cy, double size, string stroke, string? cssClass = null, string? title = null)
    {
        var d = $"M{Number(cx - size)},{Number(cy - size)}L{Number(cx + size)},{Number(cy + size)}M{Number(cx - size)},{Number(cy + size)}L{Number(cx + size)},{Number(cy - size)}";
        return Path(d, stroke: stroke, strokeWidth: 2, cssClass: cssClass, title: title);
    }

    /// <summary>A triangle pointing down of half-size <paramref name="size"/>: the mark of a failed trial.</summary>
    public SvgWriter Triangle(double cx, double cy, double size, string fill, string? cssClass = null, string? title = null)
    {
        var d = $"M{Number(cx - size)},{Number(cy - size)}L{Number(cx + size)},{Number(cy - size)}L{Number(cx)},{Number(cy + size)}Z";
        return Path(d, fill: fill, cssClass: cssClass, title: title);
    }

    public SvgWriter Path(string d, string? stroke = null, double? strokeWidth = null, string fill = "none", string? cssClass = null,
        string? title = null, string? dash = null, double? opacity = null)
    {
        Open("path");
        Attribute("d", d);
        Attribute("fill", fill);
        Attribute("stroke", stroke);
        Attribute("stroke-width", strokeWidth);
        Attribute("stroke-dasharray", dash);
        Attribute("opacity", opacity);
        Attribute("stroke-linejoin", stroke is null ? null : "round");
        Attribute("class", cssClass);
        return Close("path", title);
    }

    /// <summary>A polyline through <paramref name="points"/> (nothing is written for fewer than two).</summary>
    public SvgWriter Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5, string? cssClass = null,
        string? dash = null, string? title = null, double? opacity = null)
    {
        var list = points.ToList();
        if (list.Count < 2)
        {
            return this;
        }
        var d = new StringBuilder();
        for (var i = 0; i < list.Count; i++)
        {
            d.Append(i == 0 ? 'M' : 'L').Append(Number(list[i].X)).Append(',').Append(Number(list[i].Y));
        }
        return Path(d.ToString(), stroke: stroke, strokeWidth: strokeWidth, cssClass: cssClass, dash: dash, title: title, opacity: opacity);
    }

    /// <param name="anchor">start, middle or end.</param>
    /// <param name="rotate">Degrees to rotate about (x, y), e.g. -90 for a vertical axis title.</param>
    public SvgWriter Text(double x, double y, string content, string anchor = "start", string? cssClass = null, double? rotate = null,
        string? fill = null, double? size = null, bool bold = false, string? baseline = null)
    {
        Open("text");
        Attribute("x", x);
        Attribute("y", y);
        Attribute("text-anchor", anchor == "start" ? null : anchor);
        Attribute("dominant-baseline", baseline);
        Attribute("fill", fill ?? "#1f2933");
        Attribute("font-size", size);
        Attribute("font-weight", bold ? "600" : null);
        Attribute("transform", rotate is { } degrees ? $"rotate({Number(degrees)} {Number(x)} {Number(y)})" : null);
        Attribute("class", cssClass);
        text.Append('>');
        Escape(content);
        text.Append("</text>");
        return this;
    }

    public SvgWriter BeginGroup(string? cssClass = null, string? transform = null, string? title = null)
    {
        Open("g");
        Attribute("class", cssClass);
        Attribute("transform", transform);
        text.Append('>');
        if (title is not null)
        {
            Title(title);
        }
        openGroups++;
        return this;
    }

    public SvgWriter EndGroup()
    {
        if (openGroups == 0)
        {
            throw new InvalidOperationException("EndGroup without a matching BeginGroup.");
        }
        openGroups--;
        text.Append("</g>");
        return this;
    }

    /// <summary>The document, closed (any groups left open are closed too).</summary>
    public override string ToString()
    {
        var copy = new StringBuilder(text.Length + 16 + openGroups * 4).Append(text);
        for (var i = 0; i < openGroups; i++)
        {
            copy.Append("</g>");
        }
        return copy.Append("</svg>").ToString();
    }

    /// <summary>Numbers as SVG wants them: invariant, at most two decimals, no exponent, no "-0".</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "SVG coordinates must be finite.");
        }
        var rounded = Math.Round(value, 2);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private void Open(string element) => text.Append('<').Append(element);

    private SvgWriter Close(string element, string? title)
    {
        if (title is null)
        {
            text.Append("/>");
            return this;
        }
        text.Append('>');
        Title(title);
        text.Append("</").Append(element).Append('>');
        return this;
    }

    private void Title(string title)
    {
        text.Append("<title>");
        Escape(title);
        text.Append("</title>");
    }

    private void Attribute(string name, double? value)
    {
        if (value is { } number)
        {
            text.Append(' ').Append(name).Append("=\"").Append(Number(number)).Append('"');
        }
    }

    private void Attribute(string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        text.Append(' ').Append(name).Append("=\"");
        Escape(value);
        text.Append('"');
    }

    private void Escape(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '&': text.Append("&amp;"); break;
                case '"': text.Append("&quot;"); break;
                case '\'': text.Append("&#39;"); break;
                // Control characters other than tab and line breaks are not allowed in XML at all.
                case < ' ' and not ('\t' or '\n' or '\r'): text.Append('\uFFFD'); break;
                default: text.Append(c); break;
            }
        }
    }
}
