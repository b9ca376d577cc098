namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// Limits the reader enforces before it allocates anything a file asks for. A file over a limit
/// fails with a <see cref="GeoTiffException"/> naming the limit.
/// </summary>
public sealed record GeoTiffReaderOptions
{
    public static GeoTiffReaderOptions Default { get; } = new();

    public int MaxWidth { get; init; } = 1 << 17;

    public int MaxHeight { get; init; } = 1 << 17;

    public int MaxBands { get; init; } = 256;

    /// <summary>Entries in the first image file directory.</summary>
    public int MaxDirectoryEntries { get; init; } = 4096;

    /// <summary>Bytes of one tag's values (tile offsets, GeoTIFF keys, GDAL metadata...).</summary>
    public long MaxTagBytes { get; init; } = 256L << 20;

    /// <summary>Bytes of one decoded, compressed strip or tile.</summary>
    public long MaxChunkBytes { get; init; } = 512L << 20;

    /// <summary>Bytes of decoded strips or tiles kept for the next window (windows rarely align with tiles).</summary>
    public long ChunkCacheBytes { get; init; } = 48L << 20;
}
