namespace MlOps.Surveys.GeoTiff.Codecs;

/// <summary>PackBits run-length decoding (TIFF 6.0 section 9), bounded by the destination.</summary>
internal static class PackBitsDecoder
{
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var i = 0;
        var o = 0;
        while (i < input.Length && o < output.Length)
        {
            var n = (sbyte)input[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > input.Length)
                {
                    throw new GeoTiffException($"corrupt PackBits data: a literal run of {count} bytes at byte {i - 1} passes the end of the data.");
                }
                var take = Math.Min(count, output.Length - o);
                input.Slice(i, take).CopyTo(output[o..]);
                i += count;
                o += take;
            }
            else if (n != -128)
            {
                if (i >= input.Length)
                {
                    throw new GeoTiffException($"corrupt PackBits data: a repeat run at byte {i - 1} has no byte to repeat.");
                }
                var value = input[i++];
                var take = Math.Min(1 - n, output.Length - o);
                output.Slice(o, take).Fill(value);
                o += take;
            }
        }
        return o;
    }
}
