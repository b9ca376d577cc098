using MlOps.Surveys.Imaging;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Imaging;

public sealed class PngEncoderTests
{
    [Fact]
    public void A_class_map_decodes_with_an_independent_decoder_and_shows_the_class_colours()
    {
        const int width = 5, height = 3;
        var codes = new byte[width * height];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = (byte)(i % 6);
        }
        var png = PngEncoder.Encode(SeabedClasses.ToRgb(codes), width, height);
        var file = Path.Combine(Path.GetTempPath(), $"map-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);

        // Python's zlib and struct, not our code, read the file back.
        var script = """
            import sys, struct, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\x89PNG\r\n\x1a\n'
            pos, idat, size = 8, b'', None
            while pos < len(data):
                n, kind = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]
                assert struct.unpack('>I', data[pos+8+n:pos+12+n])[0] == zlib.crc32(kind + body) & 0xffffffff
                if kind == b'IHDR': size = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                pos += 12 + n
            w, h = size[0], size[1]
            raw = zlib.decompress(idat)
            rows = [raw[y*(w*3+1)+1:(y+1)*(w*3+1)] for y in range(h)]
            print(w, h, ' '.join('%02X%02X%02X' % tuple(rows[y][3*x:3*x+3]) for y in range(h) for x in range(w)))
            """;
        var output = DebianPython.Run(script, file).Trim().Split(' ');
        File.Delete(file);

        Assert.Equal("5", output[0]);
        Assert.Equal("3", output[1]);
        var colours = output.Skip(2).ToArray();
        for (var i = 0; i < codes.Length; i++)
        {
            Assert.Equal(SeabedClasses.For(codes[i]).Hex.TrimStart('#'), colours[i]);
        }
    }

    [Fact]
    public void The_CRC_is_the_PNG_standards_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void A_buffer_of_the_wrong_size_is_refused_with_the_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[10], 2, 2));

        Assert.Contains("needs 12 bytes, got 10", error.Message, StringComparison.Ordinal);
    }
}
