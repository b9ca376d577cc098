namespace MlOps.Surveys.Synthesis;

/// <summary>A synthetic site: its name, raster size, seed and where it sits on the map.</summary>
public sealed record SurveySynthesisOptions
{
    public string Site { get; init; } = "bedford-basin";

    /// <summary>Raster width and height in pixels; the site's extent stays the same, the pixels get smaller.</summary>
    public int Size { get; init; } = 1024;

    public int Seed { get; init; } = 1;

    /// <summary>WGS 84 / UTM zone 20N, the zone of Nova Scotia.</summary>
    public int Epsg { get; init; } = 32620;

    /// <summary>Map coordinates of the top-left corner (easting, northing in metres).</summary>
    public double OriginX { get; init; } = 452000;

    public double OriginY { get; init; } = 4951000;

    /// <summary>Width and height of the site in metres.</summary>
    public double ExtentMetres { get; init; } = 4096;

    /// <summary>Write groundtruth.tif (false for an inference-only year).</summary>
    public bool IncludeGroundTruth { get; init; } = true;

    internal void Validate()
    {
        if (Size is < 16 or > 32768)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "the size must be between 16 and 32768 pixels.");
        }
        if (!(ExtentMetres > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ExtentMetres), ExtentMetres, "the extent must be positive.");
        }
    }
}
