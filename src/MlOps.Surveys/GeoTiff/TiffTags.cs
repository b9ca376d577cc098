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

/// <summary>TIFF field types and their sizes in bytes.</summary>
internal enum TiffFieldType : ushort
{
    Byte = 1,
    Ascii = 2,
    Short = 3,
    Long = 4,
    Rational = 5,
    SByte = 6,
    Undefined = 7,
    SShort = 8,
    SLong = 9,
    SRational = 10,
    Float = 11,
    Double = 12,
    Ifd = 13,
    Long8 = 16,
    SLong8 = 17,
    Ifd8 = 18,
}

internal static class TiffFieldTypeExtensions
{
    /// <summary>Size of one value, or 0 for a type this reader does not know (such entries are skipped).</summary>
    public static int Size(this TiffFieldType type) => type switch
    {
        TiffFieldType.Byte or TiffFieldType.Ascii or TiffFieldType.SByte or TiffFieldType.Undefined => 1,
        TiffFieldType.Short or TiffFieldType.SShort => 2,
        TiffFieldType.Long or TiffFieldType.SLong or TiffFieldType.Float or TiffFieldType.Ifd => 4,
        TiffFieldType.Rational or TiffFieldType.SRational or TiffFieldType.Double
            or TiffFieldType.Long8 or TiffFieldType.SLong8 or TiffFieldType.Ifd8 => 8,
        _ => 0,
    };
}

internal static class TiffCompression
{
    public const int None = 1;
    public const int Lzw = 5;
    public const int Deflate = 8;
    public const int PackBits = 32773;
    public const int DeflateObsolete = 32946;

    public static string Name(int code) => code switch
    {
        None => "none",
        Lzw => "LZW",
        Deflate or DeflateObsolete => "Deflate",
        PackBits => "PackBits",
        2 => "CCITT RLE",
        3 => "CCITT Group 3",
        4 => "CCITT Group 4",
        6 or 7 => "JPEG",
        34887 => "LERC",
        34925 => "LZMA",
        50000 => "ZSTD",
        50001 => "WebP",
        50002 => "JPEG-XL",
        _ => $"code {code}",
    };
}
