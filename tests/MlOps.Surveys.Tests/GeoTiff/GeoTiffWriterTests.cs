using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.GeoTiff;

/// <summary>GDAL reads what our writer writes: same pixels, georeferencing, nodata, layout.</summary>
public sealed class GeoTiffWriterTests
{
    [Fact]
    public async Task GdalReadsFloat32BandsBackEqual()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("bands.tif");
        const int width = 300, height = 200, bands = 3;
        var data = Pattern(width, height, bands);
        var transform = GeoTransform.NorthUp(452000, 4951000, 2.5);
        using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions
        {
            Width = width,
            Height = height,
            BandCount = bands,
            GeoTransform = transform,
            Epsg = 32620,
            NoData = -9999,
            TileSize = 64,
            BandDescriptions = ["low", "mid", "high"],
        }))
        {
            // Rows arrive in uneven windows, as a generator streams them.
            var row = 0;
            foreach (var rows in new[] { 1, 63, 64, 50, 22 })
            {
                writer.WriteRows(Window(data, width, height, bands, row, rows));
                row += rows;
            }
            writer.Complete();
        }

        var info = await Gdal.InfoAsync(path);
        Assert.Equal(32620, Gdal.Epsg(info));
        Assert.Equal(transform.ToArray(), info.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        var gdalBands = info.GetProperty("bands");
        Assert.Equal(bands, gdalBands.GetArrayLength());
        for (var b = 0; b < bands; b++)
        {
            Assert.Equal("Float32", gdalBands[b].GetProperty("type").GetString());
            Assert.Equal(-9999, gdalBands[b].GetProperty("noDataValue").GetDouble());
            Assert.Equal([64, 64], gdalBands[b].GetProperty("block").EnumerateArray().Select(v => v.GetInt32()).ToArray());
            Assert.Equal(new[] { "low", "mid", "high" }[b], gdalBands[b].GetProperty("description").GetString());
        }
        var structure = info.GetProperty("metadata").GetProperty("IMAGE_STRUCTURE");
        Assert.Equal("DEFLATE", structure.GetProperty("COMPRESSION").GetString());
        Assert.Equal("Area", info.GetProperty("metadata").GetProperty("").GetProperty("AREA_OR_POINT").GetString());

        var pixels = await Gdal.ReadPixelsAsync(path, width, height, bands, RasterDataType.Float32);
        Assert.Equal(data.Select(v => (double)v), pixels);
    }

    [Fact]
    public async Task GdalReadsBytesBackEqual()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("classes.tif");
        const int width = 70, height = 45;
        var data = new byte[width * height];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7 % 6);
        }
        using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions
        {
            Width = width,
            Height = height,
            DataType = RasterDataType.Byte,
            GeoTransform = GeoTransform.NorthUp(500000, 5000000, 10),
            Epsg = 32620,
            NoData = 0,
            TileSize = 32,
        }))
        {
            writer.WriteRows(data);
            writer.Complete();
        }
        var pixels = await Gdal.ReadPixelsAsync(path, width, height, 1, RasterDataType.Byte);
        Assert.Equal(data.Select(v => (double)v), pixels);
        var info = await Gdal.InfoAsync(path);
        Assert.Equal("Byte", info.GetProperty("bands")[0].GetProperty("type").GetString());
        Assert.Equal(0, info.GetProperty("bands")[0].GetProperty("noDataValue").GetDouble());
    }

    [Fact]
    public async Task RotatedTransformIsWrittenAsAModelTransformation()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("rotated.tif");
        var transform = new GeoTransform(450000, 1.5, 0.25, 4950000, 0.2, -1.5);
        using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions { Width = 20, Height = 10, GeoTransform = transform, Epsg = 32620, TileSize = 16 }))
        {
            writer.WriteRows(new float[200]);
            writer.Complete();
        }
        var info = await Gdal.InfoAsync(path);
        Assert.Equal(transform.ToArray(), info.GetProperty("geoTransform").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        using var reader = GeoTiffReader.Open(path);
        Assert.Equal(transform, reader.GeoTransform);
    }

    [Fact]
    public void OurReaderReadsOurWriterExactly()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("same.tif");
        const int width = 97, height = 61, bands = 2;
        var data = Pattern(width, height, bands);
        using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions { Width = width, Height = height, BandCount = bands, NoData = -9999, TileSize = 32 }))
        {
            writer.WriteRows(data);
            writer.Complete();
        }
        using var reader = GeoTiffReader.Open(path);
        var read = new float[data.Length];
        reader.ReadRows(0, height, read);
        Assert.Equal(data, read);
        Assert.Equal(-9999, reader.NoData);
        Assert.Null(reader.Epsg);
        Assert.Null(reader.GeoTransform);
    }

    [Fact]
    public void AnUnfinishedWriterLeavesNoFile()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("unfinished.tif");
        using (var writer = GeoTiffWriter.Create(path, new GeoTiffWriterOptions { Width = 10, Height = 10 }))
        {
            writer.WriteRows(new float[50]);
            Assert.Throws<InvalidOperationException>(writer.Complete);
        }
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void RowsMustBeWhole()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        using var writer = GeoTiffWriter.Create(directory.File("x.tif"), new GeoTiffWriterOptions { Width = 10, Height = 10, BandCount = 2 });
        Assert.Throws<ArgumentException>(() => writer.WriteRows(new float[15]));
        Assert.Throws<InvalidOperationException>(() => writer.WriteRows(new byte[20]));
        Assert.Throws<InvalidOperationException>(() => writer.WriteRows(new float[2 * 10 * 11]));
    }

    internal static float[] Pattern(int width, int height, int bands)
    {
        var data = new float[width * height * bands];
        for (var b = 0; b < bands; b++)
        {
            for (var r = 0; r < height; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    data[(b * height + r) * width + c] = (r * 7 + c * 3 + b * 100) % 97 == 0
                        ? -9999f
                        : (float)(Math.Sin(r * 0.05 + b) * 10 + c * 0.1 - 20 + b * 1e-3);
                }
            }
        }
        return data;
    }

    private static float[] Window(float[] data, int width, int height, int bands, int firstRow, int rows)
    {
        var window = new float[bands * rows * width];
        for (var b = 0; b < bands; b++)
        {
            data.AsSpan((b * height + firstRow) * width, rows * width).CopyTo(window.AsSpan(b * rows * width));
        }
        return window;
    }
}
