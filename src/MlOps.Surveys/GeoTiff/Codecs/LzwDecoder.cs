namespace MlOps.Surveys.GeoTiff.Codecs;

/// <summary>
/// TIFF LZW (TIFF 6.0 section 13): codes are read most significant bit first, 256 clears the
/// table, 257 ends the data, and the code width grows one code early (at 511, 1023 and 2047
/// table entries), up to 12 bits. Output is bounded by the destination; codes that are not yet
/// defined are an error.
/// </summary>
internal static class LzwDecoder
{
    private const int ClearCode = 256;
    private const int EndOfInformation = 257;
    private const int FirstFreeCode = 258;
    private const int TableSize = 4096;

    /// <summary>Decodes into <paramref name="output"/> and returns the number of bytes written.</summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length >= 2 && input[0] == 0 && (input[1] & 1) != 0)
        {
            throw new GeoTiffException("unsupported: old-style (pre-TIFF 6.0) LZW data.");
        }
        var prefix = new short[TableSize];
        var suffix = new byte[TableSize];
        var first = new byte[TableSize];
        var length = new ushort[TableSize];
        for (var i = 0; i < 256; i++)
        {
            suffix[i] = (byte)i;
            first[i] = (byte)i;
            length[i] = 1;
            prefix[i] = -1;
        }

        var next = FirstFreeCode;
        var width = 9;
        var old = -1;
        var position = 0;
        ulong bits = 0;
        var bitCount = 0;
        var inputIndex = 0;

        while (position < output.Length)
        {
            while (bitCount < width && inputIndex < input.Length)
            {
                bits = (bits << 8) | input[inputIndex++];
                bitCount += 8;
            }
            if (bitCount < width)
            {
                break; // data ended without an end-of-information code; what was decoded stands
            }
            var code = (int)((bits >> (bitCount - width)) & ((1UL << width) - 1));
            bitCount -= width;

            if (code == EndOfInformation)
            {
                break;
            }
            if (code == ClearCode)
            {
                next = FirstFreeCode;
                width = 9;
                old = -1;
                continue;
            }
            if (old < 0)
            {
                if (code > 255)
                {
                    throw new GeoTiffException($"corrupt LZW data: code {code} right after a clear code (byte {inputIndex}).");
                }
                output[position++] = (byte)code;
                old = code;
                continue;
            }
            if (code > next || (code == next && next >= TableSize))
            {
                throw new GeoTiffException($"corrupt LZW data: code {code} is not defined yet (next free code {next}, byte {inputIndex}).");
            }
            if (next < TableSize)
            {
                prefix[next] = (short)old;
                first[next] = first[old];
                suffix[next] = code == next ? first[old] : first[code];
                length[next] = (ushort)(length[old] + 1);
                next++;
                if (next + 1 >= (1 << width) && width < 12)
                {
                    width++;
                }
            }
            position = Emit(code, prefix, suffix, length, output, position);
            old = code;
        }
        return position;
    }

    private static int Emit(int code, short[] prefix, byte[] suffix, ushort[] length, Span<byte> output, int position)
    {
        var stringLength = length[code];
        var end = position + stringLength;
        var c = code;
        // Walk the prefix chain from the last byte back; bytes past the end of the output are dropped.
        for (var i = end - 1; i >= position; i--)
        {
            if (i < output.Length)
            {
                output[i] = suffix[c];
            }
            c = prefix[c];
        }
        return Math.Min(end, output.Length);
    }
}
