using System.IO.Compression;

namespace MlOps.Surveys.GeoTiff.Codecs;

/// <summary>TIFF "Adobe Deflate" (compression 8 and the older 32946): zlib-wrapped Deflate.</summary>
internal static class DeflateCodec
{
    public static int Decode(byte[] input, Span<byte> output)
    {
        try
        {
            using var compressed = new MemoryStream(input, writable: false);
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            var total = 0;
            while (total < output.Length)
            {
                var read = zlib.Read(output[total..]);
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
            return total;
        }
        catch (InvalidDataException e)
        {
            throw new GeoTiffException($"corrupt Deflate data: {e.Message}", null, e);
        }
    }

    public static byte[] Encode(ReadOnlySpan<byte> input, CompressionLevel level)
    {
        using var output = new MemoryStream(input.Length / 2 + 64);
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(input);
        }
        return output.ToArray();
    }
}
