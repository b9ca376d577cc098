using System.Globalization;
using MlOps.Testing;

namespace MlOps.Reports.Tests;

/// <summary>
/// Reads PNG pixels with an independent decoder: a few lines of Debian's Python on zlib and
/// struct only (chunks, CRC, all five row filters), nothing of this project's code.
/// </summary>
internal static class PngDecoder
{
    private const string Script = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG signature'
        pos, idat, header = 8, b'', None
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) & 0xffffffff == crc, 'bad CRC in ' + kind.decode()
            if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT': idat += body
            elif kind == b'IEND': break
            pos += 12 + length
        width, height, depth, colour, _, _, interlace = header
        assert depth == 8 and colour in (2, 6) and interlace == 0, 'unsupported PNG: %r' % (header,)
        channels = 3 if colour == 2 else 4
        raw = zlib.decompress(idat)
        stride = width * channels
        rows, previous, at = [], bytearray(stride), 0
        for y in range(height):
            kind = raw[at]; line = bytearray(raw[at + 1:at + 1 + stride]); at += 1 + stride
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up = previous[i]
                corner = previous[i - channels] if i >= channels else 0
                if kind == 1: line[i] = (line[i] + left) & 255
                elif kind == 2: line[i] = (line[i] + up) & 255
                elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
            rows.append(line); previous = line
        print(width, height)
        for spec in sys.argv[2:]:
            x, y = map(int, spec.split(','))
            r, g, b = rows[y][x * channels:x * channels + 3]
            print('%02x%02x%02x' % (r, g, b))
        """;

    /// <summary>The image's size and the colour (#rrggbb) at each (x, y).</summary>
    public static (int Width, int Height, IReadOnlyList<string> Colours) Read(string path, IReadOnlyList<(int X, int Y)> pixels)
    {
        var lines = DebianPython.Run(Script, [path, .. pixels.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X},{p.Y}"))])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var size = lines[0].Split(' ');
        return (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture), lines.Skip(1).Select(l => "#" + l.Trim()).ToList());
    }
}
