namespace MlOps.Surveys.GeoTiff.Codecs;

/// <summary>
/// PackBits run-length decoding (TIFF 6.0 section 9), bounded by the destination. PackBits has no
/// checksum, so a stream that runs past its strip or tile (more than a pad byte left over) is
/// treated as corrupt: damaged run headers nearly always show up that way.
/// </summary>
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
        if (o == output.Length && input.Length - i > 1 && !IsNoOpPadding(input[i..]))
        {
            throw new GeoTiffException($"corrupt PackBits data: {input.Length - i} bytes are left over after the {output.Length} bytes the block holds.");
        }
        return o;
    }

    private static bool IsNoOpPadding(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
        {
            if (b != 0x80 && b != 0)
            {
                return false;
            }
        }
        return true;
    }
}
