namespace MlOps.Surveys.GeoTiff;

/// <summary>Tag numbers from TIFF 6.0, the Tiled TIFF and BigTIFF extensions, GeoTIFF 1.1 and GDAL.</summary>
internal static class TiffTags
{
    public const ushort ImageWidth = 256;
    public const ushort ImageLength = 257;
    public const ushort BitsPerSample = 258;
    public const ushort Compression = 259;
    public const ushort PhotometricInterpretation = 262;
    public const ushort StripOffsets = 273;
    public const ushort SamplesPerPixel = 277;
    public const ushort RowsPerStrip = 278;
    public const ushort StripByteCounts = 279;
    public const ushort PlanarConfiguration = 284;
    public const ushort Predictor = 317;
    public const ushort TileWidth = 322;
    public const ushort TileLength = 323;
    public const ushort TileOffsets = 324;
    public const ushort TileByteCounts = 325;
    public const ushort ExtraSamples = 338;
    public const ushort SampleFormat = 339;
    public const ushort ModelPixelScale = 33550;
    public const ushort ModelTiepoint = 33922;
    public const ushort ModelTransformation = 34264;
    public const ushort GeoKeyDirectory = 34735;
    public const ushort GeoDoubleParams = 34736;
    public const ushort GeoAsciiParams = 34737;
    public const ushort GdalMetadata = 42112;
    public const ushort GdalNoData = 42113;

    public static string Name(ushort tag) => tag switch
    {
        ImageWidth => "ImageWidth",
        ImageLength => "ImageLength",
        BitsPerSample => "BitsPerSample",
        Compression => "Compression",
        StripOffsets => "StripOffsets",
        SamplesPerPixel => "SamplesPerPixel",
        RowsPerStrip => "RowsPerStrip",
        StripByteCounts => "StripByteCounts",
        PlanarConfiguration => "PlanarConfiguration",
        Predictor => "Predictor",
        TileWidth => "TileWidth",
        TileLength => "TileLength",
        TileOffsets => "TileOffsets",
        TileByteCounts => "TileByteCounts",
        SampleFormat => "SampleFormat",
        ModelPixelScale => "ModelPixelScale",
        ModelTiepoint => "ModelTiepoint",
        ModelTransformation => "ModelTransformation",
        GeoKeyDirectory => "GeoKeyDirectory",
        GdalMetadata => "GDAL_METADATA",
        GdalNoData => "GDAL_NODATA",
        _ => "tag",
    } + $" ({tag})";
}
