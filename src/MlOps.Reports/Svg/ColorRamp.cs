using System.Globalization;

namespace MlOps.Reports.Svg;

/// <summary>
/// A sequential colour ramp for heat maps (viridis' key colours, dark purple → yellow), with
/// the text colour that stays readable on each cell.
/// </summary>
public static class ColorRamp
{
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (0x44, 0x01, 0x54),
        (0x3B, 0x52, 0x8B),
        (0x21, 0x90, 0x8C),
        (0x5D, 0xC8, 0x63),
        (0xFD, 0xE7, 0x25),
    ];

    /// <summary>The colour of <paramref name="t"/> in [0, 1] (clamped), as #rrggbb.</summary>
    public static string At(double t)
    {
        var (r, g, b) = Rgb(t);
        return Hex(r, g, b);
    }

    public static (byte R, byte G, byte B) Rgb(double t)
    {
        if (double.IsNaN(t))
        {
            return (0xE4, 0xE7, 0xEB);
        }
        t = Math.Clamp(t, 0, 1) * (Stops.Length - 1);
        var i = Math.Min((int)t, Stops.Length - 2);
        var f = t - i;
        var (a, b) = (Stops[i], Stops[i + 1]);
        return (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    /// <summary>Black or white, whichever contrasts more with the ramp's colour at <paramref name="t"/>.</summary>
    public static string TextOn(double t)
    {
        var (r, g, b) = Rgb(t);
        var luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return luminance > 140 ? "#111111" : "#ffffff";
    }

    public static string Hex(byte r, byte g, byte b) => string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
