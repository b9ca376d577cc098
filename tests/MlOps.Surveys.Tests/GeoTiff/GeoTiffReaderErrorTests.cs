using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.GeoTiff;

/// <summary>Bad files fail with <see cref="GeoTiffException"/> saying what is wrong and where, naming the file.</summary>
public sealed class GeoTiffReaderErrorTests
{
    [Fact]
    public async Task ATruncatedGdalFileIsReportedAsTruncated()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var whole = directory.File("whole.tif");
        await Gdal.TranslateAsync(Path.Combine(site, "2016", SurveyPackage.BackscatterFile), whole, "-co", "COMPRESS=DEFLATE");
        var truncated = directory.File("truncated.tif");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<GeoTiffException>(() => GeoTiffReader.Open(truncated));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("strip", error.Message);
        Assert.Equal(truncated, error.FilePath);
    }

    [Fact]
    public async Task ATruncatedFileOfOursIsReportedAsTruncated()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(site, "2016", SurveyPackage.BathymetryFile));
        var truncated = directory.File("truncated.tif");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<GeoTiffException>(() => GeoTiffReader.Open(truncated));
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData("LZW")]
    [InlineData("DEFLATE")]
    [InlineData("PACKBITS")]
    public async Task CorruptCompressedDataFailsWhenRead(string compression)
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("corrupt.tif");
        // One tile holding the whole image, so any damage past the header lands in compressed data.
        await Gdal.TranslateAsync(Path.Combine(site, "2016", SurveyPackage.BathymetryFile), path,
            "-co", $"COMPRESS={compression}", "-co", "TILED=YES", "-co", "BLOCKXSIZE=256", "-co", "BLOCKYSIZE=256");
        var bytes = await File.ReadAllBytesAsync(path);
        // GDAL writes the directory and tag values first; the one tile fills the rest of the file.
        var tileStart = bytes.Length / 5;
        var random = new Random(5);
        for (var i = 0; i < (bytes.Length - tileStart) / 4; i++)
        {
            bytes[tileStart + random.Next(bytes.Length - tileStart)] ^= (byte)(1 + random.Next(255));
        }
        await File.WriteAllBytesAsync(path, bytes);
        var error = Assert.Throws<GeoTiffException>(() =>
        {
            using var reader = GeoTiffReader.Open(path);
            var buffer = new float[reader.Width * reader.Height];
            reader.ReadRows(0, reader.Height, buffer);
            Assert.Fail($"read {compression} data with a quarter of its bytes damaged without noticing.");
        });
        Assert.Equal(path, error.FilePath);
        Assert.Matches("corrupt|decodes to", error.Message);
    }

    [Fact]
    public async Task NotATiff()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("not.tif");
        await File.WriteAllTextAsync(path, "this is a text file, not an image");
        var error = Assert.Throws<GeoTiffException>(() => GeoTiffReader.Open(path));
        Assert.Contains("not a TIFF file", error.Message);
    }

    [Fact]
    public async Task DimensionsOverTheLimit()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var error = Assert.Throws<GeoTiffException>(() =>
            GeoTiffReader.Open(Path.Combine(site, "2016", SurveyPackage.BathymetryFile), new GeoTiffReaderOptions { MaxWidth = 200 }));
        Assert.Contains("over the limit: image width is 256 pixels (limit 200)", error.Message);
    }

    [Fact]
    public async Task UnsupportedCompressionIsNamed()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("jpeg.tif");
        await Gdal.TranslateAsync(Path.Combine(site, "2016", SurveyPackage.GroundTruthFile), path, "-co", "COMPRESS=JPEG");
        var error = Assert.Throws<GeoTiffException>(() => GeoTiffReader.Open(path));
        Assert.Contains("unsupported compression: JPEG", error.Message);
    }

    [Fact]
    public async Task WindowsAndSingleBandsAgreeWithAWholeRead()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var reader = GeoTiffReader.Open(Path.Combine(site, "2017", SurveyPackage.BackscatterFile));
        var plane = reader.Width * reader.Height;
        var whole = new float[3 * plane];
        reader.ReadRows(0, reader.Height, whole);
        var band = new float[13 * reader.Width];
        reader.ReadBandRows(2, 100, 13, band);
        Assert.Equal(whole.AsSpan(2 * plane + 100 * reader.Width, 13 * reader.Width).ToArray(), band);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRows(reader.Height - 1, 2, new float[6 * reader.Width]));
        Assert.Throws<ArgumentException>(() => reader.ReadRows(0, 2, new float[reader.Width]));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadBandRows(3, 0, 1, band));
    }
}
