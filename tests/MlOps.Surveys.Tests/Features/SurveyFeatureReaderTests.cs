using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Features;

public sealed class SurveyFeatureReaderTests
{
    [Fact]
    public void ColumnsAreTheContract()
    {
        Assert.Equal(["backscatter_low", "backscatter_mid", "backscatter_high", "depth", "x", "y"], FeatureColumns.For(TerrainFeatures.None));
        Assert.Equal(
            [
                "backscatter_low", "backscatter_mid", "backscatter_high", "depth", "x", "y", "slope", "rugosity",
                "backscatter_low_mean_5x5", "backscatter_mid_mean_5x5", "backscatter_high_mean_5x5",
                "backscatter_low_std_5x5", "backscatter_mid_std_5x5", "backscatter_high_std_5x5",
            ],
            FeatureColumns.For(TerrainFeatures.All));
        Assert.Equal(TerrainFeatures.Slope | TerrainFeatures.BackscatterStdDev, FeatureOptions.ParseTerrain("slope, backscatter-std"));
        Assert.Throws<FormatException>(() => FeatureOptions.ParseTerrain("curvature"));
    }

    [Fact]
    public async Task RowsHoldTheRasterValuesOfTheirPixel()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var package = SurveyPackage.Open(Path.Combine(site, "2017"));
        using var features = SurveyFeatureReader.Open(package);
        var table = features.ReadLabelled();

        using var backscatter = package.OpenBackscatter();
        using var bathymetry = package.OpenBathymetry();
        using var groundTruth = package.OpenGroundTruth()!;
        var n = backscatter.Width;
        var bands = new float[3 * n * n];
        var depth = new float[n * n];
        var labels = new float[n * n];
        backscatter.ReadRows(0, n, bands);
        bathymetry.ReadRows(0, n, depth);
        groundTruth.ReadRows(0, n, labels);
        var expected = 0;
        for (var i = 0; i < n * n; i++)
        {
            if (labels[i] > 0 && depth[i] != -9999 && bands[i] != -9999)
            {
                expected++;
            }
        }
        Assert.Equal(expected, table.RowCount);
        Assert.Equal(6, table.ColumnCount);
        Assert.All(table.Years, y => Assert.Equal(2017, y));
        var transform = backscatter.GeoTransform!.Value;
        for (var row = 0; row < table.RowCount; row += 97)
        {
            var (r, c) = (table.PixelRows[row], table.PixelColumns[row]);
            var values = table.Row(row).ToArray();
            Assert.Equal([bands[r * n + c], bands[n * n + r * n + c], bands[2 * n * n + r * n + c], depth[r * n + c]], values[..4]);
            Assert.Equal(transform.OriginX + (c + 0.5) * transform.PixelWidth, values[4], 0.01);
            Assert.Equal(transform.OriginY + (r + 0.5) * transform.PixelHeight, values[5], 0.01);
            Assert.Equal((byte)labels[r * n + c], table.Labels[row]);
        }
    }

    [Fact]
    public async Task AllValidPixelsStreamInWindowsForMapPrediction()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var package = SurveyPackage.Open(Path.Combine(site, "2016"));
        using var features = SurveyFeatureReader.Open(package, new FeatureOptions { WindowRows = 40 });
        long valid = 0, labelled = 0, windows = 0;
        foreach (var window in features.ReadWindows(PixelSelection.AllValid))
        {
            windows++;
            Assert.True(window.RowCount <= 40 * features.Width);
            valid += window.RowCount;
            labelled += window.Labels.Count(l => l != 0);
        }
        using var backscatter = package.OpenBackscatter();
        Assert.Equal(BandStatistics.Compute(backscatter)[0].ValidCount, valid);
        Assert.Equal(features.ReadLabelled().RowCount, labelled);
        Assert.Equal((features.Height + 39) / 40, windows);
    }

    [Fact]
    public async Task WindowSizeDoesNotChangeTheFeatures()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var package = SurveyPackage.Open(Path.Combine(site, "2016"));
        FeatureTable Read(int windowRows)
        {
            using var reader = SurveyFeatureReader.Open(package, new FeatureOptions { Terrain = TerrainFeatures.All, WindowRows = windowRows });
            return reader.ReadLabelled();
        }
        var small = Read(7);
        var large = Read(256);
        Assert.Equal(large.Values, small.Values);
        Assert.Equal(large.Labels, small.Labels);
        Assert.Equal(large.PixelRows, small.PixelRows);
    }

    [Fact]
    public async Task TerrainFeaturesOnAKnownSurface()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        // Depth rises 0.5 m per 2 m pixel eastwards and 0.25 m per pixel southwards; the backscatter
        // bands are constant apart from one nodata hole that the statistics must skip.
        var package = await PackageBuilder.WriteAsync(directory.Path, 20, 12,
            backscatter: (b, r, c) => r == 5 && c == 5 ? -9999 : -20 - b - (c % 2),
            depth: (r, c) => 30 + 0.5f * c + 0.25f * r,
            label: (r, c) => (byte)(1 + (r + c) % 5),
            transform: GeoTransform.NorthUp(452000, 4951000, 2));
        using var reader = SurveyFeatureReader.Open(package, new FeatureOptions { Terrain = TerrainFeatures.All });
        var table = reader.ReadLabelled();
        Assert.Equal(20 * 12 - 1, table.RowCount);
        int RowOf(int r, int c) => Enumerable.Range(0, table.RowCount).Single(i => table.PixelRows[i] == r && table.PixelColumns[i] == c);
        var inside = table.Row(RowOf(3, 8)).ToArray();
        var expectedSlope = Math.Atan(Math.Sqrt(0.25 * 0.25 + 0.125 * 0.125)) * 180 / Math.PI;
        Assert.Equal(expectedSlope, inside[table.ColumnIndex("slope")], 4);
        // 3×3 window of a plane: offsets ±0.5 and ±0.25 → population variance (2/3)(0.25 + 0.0625).
        Assert.Equal(Math.Sqrt(2.0 / 3 * (0.25 + 0.0625)), inside[table.ColumnIndex("rugosity")], 4);
        // Columns 6..10 around column 8: -20 - (c % 2) gives three -20 and two -21 per row.
        Assert.Equal(-20.4, inside[table.ColumnIndex("backscatter_low_mean_5x5")], 4);
        Assert.Equal(-21.4, inside[table.ColumnIndex("backscatter_mid_mean_5x5")], 4);
        Assert.Equal(Math.Sqrt(0.24), inside[table.ColumnIndex("backscatter_high_std_5x5")], 4);
        // Next to the hole at (5, 5): the mean is over the 24 valid neighbours only.
        var nextToHole = table.Row(RowOf(5, 6)).ToArray();
        var values = new List<double>();
        for (var r = 3; r <= 7; r++)
        {
            for (var c = 4; c <= 8; c++)
            {
                if (!(r == 5 && c == 5))
                {
                    values.Add(-20 - c % 2);
                }
            }
        }
        Assert.Equal(values.Average(), nextToHole[table.ColumnIndex("backscatter_low_mean_5x5")], 4);
        // At the corner only the existing neighbours count: the plane's slope is unchanged.
        Assert.Equal(expectedSlope, table.Row(RowOf(0, 0))[table.ColumnIndex("slope")], 4);
    }

    [Fact]
    public async Task APackageWithoutGroundTruthHasNoLabelledRowsButPredicts()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await PackageBuilder.WriteAsync(directory.Path, 16, 16, (b, r, c) => -20, (r, c) => 10, label: null, GeoTransform.NorthUp(0, 0, 1));
        using var reader = SurveyFeatureReader.Open(package);
        var error = Assert.Throws<SurveyPackageException>(() => reader.ReadLabelled());
        Assert.Equal("groundtruth.tif", Assert.Single(error.Errors).File);
        var all = FeatureTable.Concat(reader.ReadWindows(PixelSelection.AllValid).ToList());
        Assert.Equal(256, all.RowCount);
        Assert.All(all.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public async Task MismatchedRastersAreRefusedWithTheFileNamed()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var package = await PackageBuilder.WriteAsync(directory.Path, 16, 16, (b, r, c) => -20, (r, c) => 10, (r, c) => 1, GeoTransform.NorthUp(0, 0, 1));
        await Gdal.TranslateAsync(package.BathymetryPath, package.BathymetryPath + ".tmp", "-srcwin", "0", "0", "16", "8");
        File.Move(package.BathymetryPath + ".tmp", package.BathymetryPath, overwrite: true);
        var error = Assert.Throws<SurveyPackageException>(() => SurveyFeatureReader.Open(package));
        Assert.Equal(new SurveyValidationError("bathymetry.tif", "is 16×8 pixels but backscatter.tif is 16×16."), Assert.Single(error.Errors));
    }
}
