using System.Globalization;
using System.Text.Json;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.GeoTiff;

/// <summary>
/// GDAL re-encodes the generator's rasters in many layouts; our reader must see exactly the
/// pixels GDAL sees (via a raw dump), the same georeferencing and the same statistics as
/// gdalinfo -stats.
/// </summary>
public sealed class GdalRoundTripTests
{
    public static TheoryData<string, string, string> Encodings => new()
    {
        { "strips-uncompressed", SurveyPackage.BackscatterFile, "-co COMPRESS=NONE" },
        { "strips-7-rows", SurveyPackage.BackscatterFile, "-co BLOCKYSIZE=7" },
        { "tiles-64x32", SurveyPackage.BackscatterFile, "-co TILED=YES -co BLOCKXSIZE=64 -co BLOCKYSIZE=32" },
        { "lzw-float-predictor", SurveyPackage.BackscatterFile, "-co COMPRESS=LZW -co PREDICTOR=3" },
        { "lzw-horizontal-predictor-float", SurveyPackage.BackscatterFile, "-co COMPRESS=LZW -co PREDICTOR=2" },
        { "deflate-planar-tiles", SurveyPackage.BackscatterFile, "-co COMPRESS=DEFLATE -co PREDICTOR=3 -co TILED=YES -co INTERLEAVE=BAND" },
        { "packbits-planar-strips", SurveyPackage.BackscatterFile, "-co COMPRESS=PACKBITS -co INTERLEAVE=BAND" },
        { "bigtiff-deflate-tiles", SurveyPackage.BackscatterFile, "-co BIGTIFF=YES -co TILED=YES -co COMPRESS=DEFLATE" },
        { "sparse-tiles", SurveyPackage.BackscatterFile, "-co TILED=YES -co BLOCKXSIZE=16 -co BLOCKYSIZE=16 -co SPARSE_OK=TRUE -co COMPRESS=DEFLATE" },
        { "pixel-is-point", SurveyPackage.BackscatterFile, "-mo AREA_OR_POINT=Point -co COMPRESS=LZW" },
        { "int16-lzw-predictor", SurveyPackage.BackscatterFile, "-ot Int16 -co COMPRESS=LZW -co PREDICTOR=2" },
        { "float64-big-endian-lzw", SurveyPackage.BackscatterFile, "-ot Float64 -co ENDIANNESS=BIG -co COMPRESS=LZW" },
        { "float64-big-endian-planar", SurveyPackage.BackscatterFile, "-ot Float64 -co ENDIANNESS=BIG -co INTERLEAVE=BAND" },
        { "int32-big-endian-deflate-predictor-tiles", SurveyPackage.BackscatterFile, "-ot Int32 -co ENDIANNESS=BIG -co COMPRESS=DEFLATE -co PREDICTOR=2 -co TILED=YES" },
        { "uint16-packbits", SurveyPackage.BathymetryFile, "-ot UInt16 -a_nodata 0 -co COMPRESS=PACKBITS" },
        { "uint32-packbits-tiles", SurveyPackage.BathymetryFile, "-ot UInt32 -a_nodata 0 -co COMPRESS=PACKBITS -co TILED=YES" },
        { "float32-deflate-big-endian-bigtiff", SurveyPackage.BathymetryFile, "-co BIGTIFF=YES -co ENDIANNESS=BIG -co COMPRESS=DEFLATE" },
        { "byte-lzw-predictor-tiles", SurveyPackage.GroundTruthFile, "-co COMPRESS=LZW -co PREDICTOR=2 -co TILED=YES -co BLOCKXSIZE=32 -co BLOCKYSIZE=32" },
        { "int8-deflate-predictor", SurveyPackage.GroundTruthFile, "-co PIXELTYPE=SIGNEDBYTE -co COMPRESS=DEFLATE -co PREDICTOR=2" },
        { "uint16-big-endian-packbits", SurveyPackage.GroundTruthFile, "-ot UInt16 -co ENDIANNESS=BIG -co COMPRESS=PACKBITS" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ReaderMatchesGdal(string name, string sourceFile, string options)
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var encoded = directory.File(name + ".tif");
        await Gdal.TranslateAsync(Path.Combine(site, "2016", sourceFile), encoded, options.Split(' '));

        using var reader = GeoTiffReader.Open(encoded);
        var info = await Gdal.InfoAsync(encoded);
        var size = info.GetProperty("size");
        Assert.Equal(size[0].GetInt32(), reader.Width);
        Assert.Equal(size[1].GetInt32(), reader.Height);
        var bands = info.GetProperty("bands");
        Assert.Equal(bands.GetArrayLength(), reader.BandCount);
        AssertSameType(bands[0], reader.DataType);
        Assert.Equal(Gdal.Epsg(info), reader.Epsg);
        var gdalTransform = info.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(gdalTransform, reader.GeoTransform!.Value.ToArray());
        if (bands[0].TryGetProperty("noDataValue", out var nodata))
        {
            Assert.Equal(ParseNoData(nodata), reader.NoData);
        }
        else
        {
            Assert.Null(reader.NoData);
        }

        // Pixel for pixel, in windows that do not line up with strips or tiles.
        var expected = await Gdal.ReadPixelsAsync(encoded, reader.Width, reader.Height, reader.BandCount, reader.DataType);
        var actual = ReadInWindows(reader, 37);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(expected[i] == actual[i] || (double.IsNaN(expected[i]) && double.IsNaN(actual[i]))))
            {
                Assert.Fail($"{name}: pixel {i} (band {i / (reader.Width * reader.Height) + 1}) is {actual[i]}, GDAL reads {expected[i]}.");
            }
        }

        var stats = BandStatistics.Compute(reader);
        for (var b = 0; b < reader.BandCount; b++)
        {
            var metadata = bands[b].GetProperty("metadata").GetProperty("");
            double Statistic(string key) => double.Parse(metadata.GetProperty(key).GetString()!, CultureInfo.InvariantCulture);
            AssertClose(Statistic("STATISTICS_MINIMUM"), stats[b].Min!.Value);
            AssertClose(Statistic("STATISTICS_MAXIMUM"), stats[b].Max!.Value);
            AssertClose(Statistic("STATISTICS_MEAN"), stats[b].Mean!.Value);
            var validPercent = Statistic("STATISTICS_VALID_PERCENT");
            Assert.Equal(validPercent, 100.0 * stats[b].ValidCount / (reader.Width * reader.Height), 2);
        }
    }

    [Fact]
    public async Task TheEncodingsCoverWhatTheReaderClaims()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        using var directory = new TemporaryDirectory("mlops-surveys");
        var seen = new HashSet<string>();
        foreach (var row in Encodings)
        {
            var (name, source, options) = ((string)row[0], (string)row[1], (string)row[2]);
            var encoded = directory.File(name + ".tif");
            await Gdal.TranslateAsync(Path.Combine(site, "2016", source), encoded, options.Split(' '));
            using var reader = GeoTiffReader.Open(encoded);
            seen.Add(reader.DataType.ToString());
            seen.Add(reader.Compression);
            seen.Add($"predictor {reader.Predictor}");
            seen.Add(reader.IsTiled ? "tiles" : "strips");
            seen.Add(reader.IsPlanar ? "planar" : "chunky");
            seen.Add(reader.IsBigEndian ? "big endian" : "little endian");
            seen.Add(reader.IsBigTiff ? "BigTIFF" : "classic");
        }
        string[] claimed =
        [
            "Byte", "Int8", "UInt16", "Int16", "UInt32", "Int32", "Float32", "Float64",
            "none", "LZW", "Deflate", "PackBits", "predictor 1", "predictor 2", "predictor 3",
            "tiles", "strips", "planar", "chunky", "big endian", "little endian", "BigTIFF", "classic",
        ];
        Assert.Empty(claimed.Except(seen));
    }

    /// <summary>GDAL prints statistics with 14 significant digits.</summary>
    private static void AssertClose(double gdal, double ours) =>
        Assert.True(Math.Abs(gdal - ours) <= 1e-9 * Math.Max(1, Math.Abs(gdal)), $"GDAL says {gdal:R}, we say {ours:R}.");

    private static double[] ReadInWindows(GeoTiffReader reader, int window)
    {
        var plane = reader.Width * reader.Height;
        var all = new double[plane * reader.BandCount];
        var buffer = new double[reader.BandCount * window * reader.Width];
        for (var row = 0; row < reader.Height; row += window)
        {
            var rows = Math.Min(window, reader.Height - row);
            reader.ReadRows(row, rows, buffer);
            for (var b = 0; b < reader.BandCount; b++)
            {
                buffer.AsSpan(b * rows * reader.Width, rows * reader.Width).CopyTo(all.AsSpan(b * plane + row * reader.Width));
            }
        }
        return all;
    }

    private static void AssertSameType(JsonElement band, RasterDataType type)
    {
        var gdalType = band.GetProperty("type").GetString();
        if (type == RasterDataType.Int8 && gdalType == "Byte")
        {
            // GDAL before 3.7 reports signed bytes as Byte with PIXELTYPE=SIGNEDBYTE.
            var pixelType = band.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE").GetProperty("PIXELTYPE").GetString();
            Assert.Equal("SIGNEDBYTE", pixelType);
            return;
        }
        Assert.Equal(gdalType, type.ToString());
    }

    private static double ParseNoData(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch { "NaN" => double.NaN, var s => double.Parse(s!, CultureInfo.InvariantCulture) }
        : value.GetDouble();
}
