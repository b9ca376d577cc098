namespace MlOps.Surveys.GeoTiff;

/// <summary>TIFF compression codes and their names.</summary>
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
