namespace MlOps.Surveys.Features;

/// <summary>Which columns to extract and how many raster rows to read at a time.</summary>
public sealed record FeatureOptions
{
    /// <summary>The raw columns only (backscatter ×3, depth, x, y).</summary>
    public static FeatureOptions Raw { get; } = new();

    public TerrainFeatures Terrain { get; init; } = TerrainFeatures.None;

    /// <summary>Raster rows per window; memory grows with it (about 60 bytes × width per row).</summary>
    public int WindowRows { get; init; } = 256;

    public IReadOnlyList<string> ColumnNames => FeatureColumns.For(Terrain);

    /// <summary>Parses "none", "all" or a comma list of slope, rugosity, backscatter-mean, backscatter-std.</summary>
    public static TerrainFeatures ParseTerrain(string text)
    {
        var result = TerrainFeatures.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part.ToLowerInvariant() switch
            {
                "none" => TerrainFeatures.None,
                "all" => TerrainFeatures.All,
                "slope" => TerrainFeatures.Slope,
                "rugosity" => TerrainFeatures.Rugosity,
                "backscatter-mean" => TerrainFeatures.BackscatterMean,
                "backscatter-std" => TerrainFeatures.BackscatterStdDev,
                _ => throw new FormatException($"unknown terrain feature \"{part}\" (expected none, all, slope, rugosity, backscatter-mean, backscatter-std)."),
            };
        }
        return result;
    }
}
