namespace MlOps.Surveys.Imaging;

/// <summary>A seabed class as maps show it: its code, name and colour.</summary>
public sealed record SeabedClass(byte Code, string Name, byte Red, byte Green, byte Blue)
{
    public string Hex => $"#{Red:X2}{Green:X2}{Blue:X2}";
}

/// <summary>
/// The five seabed classes of the ground truth (1 Yellow Sand, 2 Sand and Algae, 3 Mud Sand and
/// Corals, 4 Sand, 5 Gravel) with the colours every map, legend and plot uses; 0 is unlabelled.
/// </summary>
public static class SeabedClasses
{
    public static IReadOnlyList<SeabedClass> All { get; } =
    [
        new(1, "Yellow Sand", 0xF2, 0xC9, 0x1F),
        new(2, "Sand and Algae", 0x3F, 0x9C, 0x4A),
        new(3, "Mud Sand and Corals", 0x8E, 0x4E, 0x8C),
        new(4, "Sand", 0xE8, 0xDC, 0xB5),
        new(5, "Gravel", 0x6E, 0x6E, 0x78),
    ];

    /// <summary>Unlabelled or nodata pixels.</summary>
    public static SeabedClass Unlabelled { get; } = new(0, "Unlabelled", 0x1B, 0x2A, 0x3A);

    public static SeabedClass For(int code) => code is >= 1 and <= 5 ? All[code - 1] : Unlabelled;

    /// <summary>RGB pixels for a class raster (row-major codes).</summary>
    public static byte[] ToRgb(ReadOnlySpan<byte> codes)
    {
        var rgb = new byte[codes.Length * 3];
        for (var i = 0; i < codes.Length; i++)
        {
            var c = For(codes[i]);
            rgb[3 * i] = c.Red;
            rgb[3 * i + 1] = c.Green;
            rgb[3 * i + 2] = c.Blue;
        }
        return rgb;
    }
}
