using System.Globalization;
using MlOps.Surveys.Features;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Features;

public sealed class TrainingDataTests
{
    [Fact]
    public async Task TheExpandingWindowTakesEveryYearUpToTheGivenOne()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var through2017 = TrainingData.LoadExpandingWindow(catalog, 2017);
        Assert.Equal([2016, 2017], through2017.Years.Distinct().Order());
        using var reader2016 = SurveyFeatureReader.Open(catalog[2016]);
        using var reader2017 = SurveyFeatureReader.Open(catalog[2017]);
        Assert.Equal(reader2016.ReadLabelled().RowCount + reader2017.ReadLabelled().RowCount, through2017.RowCount);
        Assert.Equal([2016, 2017, 2018], TrainingData.LoadExpandingWindow(catalog, 2030).Years.Distinct().Order());
        Assert.Equal(0, TrainingData.LoadExpandingWindow(catalog, 2000).RowCount);
    }

    [Fact]
    public async Task SubsamplingKeepsAboutTheAskedRowsPerSurvey()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var sampled = TrainingData.LoadExpandingWindow(catalog, 2018, maxRowsPerSurvey: 1500, seed: 3);
        foreach (var year in catalog.Years)
        {
            Assert.InRange(sampled.Years.Count(y => y == year), 1200, 1700);
        }
        var again = TrainingData.LoadExpandingWindow(catalog, 2018, maxRowsPerSurvey: 1500, seed: 3);
        Assert.Equal(sampled.Values, again.Values);
        var other = TrainingData.LoadExpandingWindow(catalog, 2018, maxRowsPerSurvey: 1500, seed: 4);
        Assert.NotEqual(sampled.PixelRows, other.PixelRows);
    }

    [Fact]
    public async Task SpatialBlocksNeverSplitAPlace()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var table = TrainingData.LoadExpandingWindow(catalog, 2018);
        var split = TrainValidationSplit.Create(table, new SplitOptions { ValidationFraction = 0.25, BlockSize = 32, Seed = 9 });
        Assert.Equal(table.RowCount, split.TrainRows.Length + split.ValidationRows.Length);
        Assert.Empty(split.TrainRows.Intersect(split.ValidationRows));
        Assert.InRange(split.ValidationRows.Length / (double)table.RowCount, 0.2, 0.3);
        var blocks = table.BlockIds(32);
        var trainBlocks = split.TrainRows.Select(i => blocks[i]).ToHashSet();
        Assert.DoesNotContain(split.ValidationRows, i => trainBlocks.Contains(blocks[i]));
        // The same pixel in different years is on the same side.
        var side = new Dictionary<(int, int), bool>();
        foreach (var i in split.TrainRows)
        {
            side[(table.PixelRows[i], table.PixelColumns[i])] = false;
        }
        Assert.DoesNotContain(split.ValidationRows, i => side.ContainsKey((table.PixelRows[i], table.PixelColumns[i])));
        Assert.Equal(split.ValidationRows, TrainValidationSplit.Create(table, new SplitOptions { ValidationFraction = 0.25, BlockSize = 32, Seed = 9 }).ValidationRows);
    }

    [Fact]
    public async Task RandomSplitTakesTheExactFraction()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var table = TrainingData.LoadExpandingWindow(catalog, 2016);
        var split = TrainValidationSplit.Create(table, new SplitOptions { Strategy = SplitStrategy.Random, ValidationFraction = 0.1 });
        Assert.Equal((int)Math.Round(0.1 * table.RowCount), split.ValidationRows.Length);
        Assert.Equal(Enumerable.Range(0, table.RowCount), split.TrainRows.Concat(split.ValidationRows).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainValidationSplit.Create(table, new SplitOptions { ValidationFraction = 1 }));
    }

    [Fact]
    public async Task PositionalFeaturesUseTheDatasetsOwnStandardization()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var table = TrainingData.LoadExpandingWindow(catalog, 2017);
        var standardization = CoordinateStandardization.Fit(table);
        var xs = Enumerable.Range(0, table.RowCount).Select(i => (double)table.Row(i)[4]).ToArray();
        Assert.Equal(xs.Average(), standardization.MeanX, 6);
        Assert.Equal(Math.Sqrt(xs.Select(x => (x - xs.Average()) * (x - xs.Average())).Average()), standardization.StdDevX, 6);

        var fourier = new RandomFourierFeatures(8, 1.5, seed: 2);
        var embedded = PositionalFeatures.Append(table, fourier, standardization);
        Assert.Equal(6 + 16, embedded.ColumnCount);
        Assert.Equal("rff_sin_0", embedded.ColumnNames[6]);
        Assert.Equal("rff_cos_7", embedded.ColumnNames[^1]);
        var expected = new float[16];
        foreach (var row in new[] { 0, table.RowCount / 2, table.RowCount - 1 })
        {
            var (u, v) = standardization.Apply(table.Row(row)[4], table.Row(row)[5]);
            fourier.Transform(u, v, expected);
            Assert.Equal(expected, embedded.Row(row)[6..].ToArray());
            Assert.Equal(table.Row(row).ToArray(), embedded.Row(row)[..6].ToArray());
        }
    }

    [Fact]
    public async Task TheCsvExportHoldsEveryLabelledPixel()
    {
        var site = await SyntheticSites.SmallSiteAsync();
        var packages = SurveyCatalog.ResolvePackages([site]);
        using var directory = new TemporaryDirectory("mlops-surveys");
        var path = directory.File("features.csv");
        var result = FeatureExport.WriteCsv(packages, path, new FeatureExportOptions { EmbeddingDim = 3, EmbeddingSigma = 2, EmbeddingSeed = 5 });
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(
            "backscatter_low,backscatter_mid,backscatter_high,depth,x,y,rff_sin_0,rff_cos_0,rff_sin_1,rff_cos_1,rff_sin_2,rff_cos_2,label",
            lines[0]);
        var table = TrainingData.LoadLabelled(packages);
        Assert.Equal(table.RowCount, result.Rows);
        Assert.Equal(table.RowCount + 1, lines.Length);
        var standardization = CoordinateStandardization.Fit(table);
        Assert.Equal(standardization, result.Standardization);
        var embedded = PositionalFeatures.Append(table, new RandomFourierFeatures(3, 2, 5), standardization);
        foreach (var row in new[] { 0, 1234, table.RowCount - 1 })
        {
            var fields = lines[row + 1].Split(',');
            Assert.Equal(embedded.Row(row).ToArray(), fields[..^1].Select(f => float.Parse(f, CultureInfo.InvariantCulture)));
            Assert.Equal(table.Labels[row].ToString(CultureInfo.InvariantCulture), fields[^1]);
        }
        Assert.False(File.Exists(path + ".partial"));
    }
}
