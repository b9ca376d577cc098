namespace MlOps.Surveys.GeoTiff;

/// <summary>Sample types the reader understands. The names are GDAL's, so reports line up with gdalinfo.</summary>
public enum RasterDataType
{
    Byte,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
    Float32,
    Float64,
}

public static class RasterDataTypeExtensions
{
    public static int SizeInBytes(this RasterDataType type) => type switch
    {
        RasterDataType.Byte or RasterDataType.Int8 => 1,
        RasterDataType.UInt16 or RasterDataType.Int16 => 2,
        RasterDataType.UInt32 or RasterDataType.Int32 or RasterDataType.Float32 => 4,
        RasterDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool IsFloatingPoint(this RasterDataType type) =>
        type is RasterDataType.Float32 or RasterDataType.Float64;

    public static bool IsInteger(this RasterDataType type) => !type.IsFloatingPoint();
}
