using System.IO.Compression;

namespace MlOps.Surveys.GeoTiff;

/// <summary>What <see cref="GeoTiffWriter"/> writes: size, bands, sample type, georeferencing, nodata.</summary>
public sealed record GeoTiffWriterOptions
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    public int BandCount { get; init; } = 1;

    /// <summary><see cref="RasterDataType.Float32"/> or <see cref="RasterDataType.Byte"/>.</summary>
    public RasterDataType DataType { get; init; } = RasterDataType.Float32;

    public GeoTransform? GeoTransform { get; init; }

    /// <summary>EPSG code written to the GeoKeyDirectory (projected unless <see cref="GeographicCrs"/>).</summary>
    public int? Epsg { get; init; }

    public bool GeographicCrs { get; init; }

    public double? NoData { get; init; }

    /// <summary>Tile width and height in pixels; TIFF requires a multiple of 16.</summary>
    public int TileSize { get; init; } = 256;

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>Optional band names, written as GDAL band descriptions.</summary>
    public IReadOnlyList<string>? BandDescriptions { get; init; }

    internal void Validate()
    {
        if (Width < 1 || Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"the raster size {Width}×{Height} must be positive.");
        }
        if (BandCount < 1 || BandCount > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(BandCount), BandCount, "between 1 and 65535 bands.");
        }
        if (DataType is not (RasterDataType.Float32 or RasterDataType.Byte))
        {
            throw new ArgumentOutOfRangeException(nameof(DataType), DataType, "the writer writes Float32 or Byte samples.");
        }
        if (TileSize < 16 || TileSize % 16 != 0 || TileSize > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "a multiple of 16 between 16 and 4096.");
        }
        if (BandDescriptions is not null && BandDescriptions.Count != BandCount)
        {
            throw new ArgumentException($"{BandDescriptions.Count} band descriptions for {BandCount} bands.", nameof(BandDescriptions));
        }
    }
}
