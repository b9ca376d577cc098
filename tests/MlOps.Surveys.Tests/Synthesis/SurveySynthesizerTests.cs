using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;
using MlOps.Surveys.Tests.Support;
using MlOps.Testing;

namespace MlOps.Surveys.Tests.Synthesis;

public sealed class SurveySynthesizerTests
{
    [Fact]
    public async Task TheSameSeedAndYearGiveTheSameBytes()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        var options = new SurveySynthesisOptions { Size = 128, Seed = 42 };
        var first = await new SurveySynthesizer(options).WriteYearAsync(directory.File("a"), 2017);
        var second = await new SurveySynthesizer(options).WriteYearAsync(directory.File("b"), 2017);
        var otherSeed = await new SurveySynthesizer(options with { Seed = 43 }).WriteYearAsync(directory.File("c"), 2017);
        var otherYear = await new SurveySynthesizer(options).WriteYearAsync(directory.File("d"), 2018);
        Assert.Equal(first.Manifest.Files, second.Manifest.Files);
        Assert.Equal(first.Manifest.Acquisition, second.Manifest.Acquisition);
        foreach (var name in new[] { SurveyPackage.BackscatterFile, SurveyPackage.BathymetryFile, SurveyPackage.GroundTruthFile })
        {
            Assert.NotEqual(first.Manifest.FindFile(name)!.Sha256, otherSeed.Manifest.FindFile(name)!.Sha256);
            Assert.NotEqual(first.Manifest.FindFile(name)!.Sha256, otherYear.Manifest.FindFile(name)!.Sha256);
        }
    }

    [Fact]
    public async Task PackagesCarryCrsGeotransformAndManifest()
    {
        var site = await SyntheticSites.ThreeYearSiteAsync();
        var catalog = SurveyCatalog.Open(site);
        Assert.Equal([2016, 2017, 2018], catalog.Years);
        foreach (var package in catalog.Packages)
        {
            Assert.Equal("bedford-basin", package.Site);
            Assert.Equal("EPSG:32620", package.Manifest.Crs);
            Assert.Equal(package.Year, package.Manifest.Acquisition.Start.Year);
            using var reader = package.OpenBackscatter();
            Assert.Equal(32620, reader.Epsg);
            Assert.Equal(GeoTransform.NorthUp(452000, 4951000, 4096.0 / 384), reader.GeoTransform);
            Assert.Equal(-9999, reader.NoData);
        }
    }

    [Fact]
    public async Task TheSurveysLookLikeABasinSurvey()
    {
        var site = await SyntheticSites.ThreeYearSiteAsync();
        foreach (var package in SurveyCatalog.Open(site).Packages)
        {
            using var backscatter = package.OpenBackscatter();
            using var bathymetry = package.OpenBathymetry();
            var pixels = (double)backscatter.Width * backscatter.Height;
            var bs = BandStatistics.Compute(backscatter);
            var depth = BandStatistics.Compute(bathymetry)[0];
            // Irregular coverage: most of the basin surveyed, land and gaps between swaths not.
            Assert.InRange(bs[0].ValidCount / pixels, 0.3, 0.85);
            Assert.All(bs, band => Assert.Equal(bs[0].ValidCount, band.ValidCount));
            Assert.Equal(bs[0].ValidCount, depth.ValidCount);
            Assert.All(bs, band => Assert.InRange(band.Min!.Value, -60, -5));
            Assert.All(bs, band => Assert.InRange(band.Max!.Value, -30, 0));
            Assert.InRange(depth.Min!.Value, 0, 5);
            Assert.InRange(depth.Max!.Value, 55, 80);

            using var features = SurveyFeatureReader.Open(package, new FeatureOptions { Terrain = TerrainFeatures.Slope });
            var labelled = features.ReadLabelled();
            Assert.InRange(labelled.RowCount / (double)bs[0].ValidCount, 0.02, 0.25);
            var byClass = Enumerable.Range(1, 5).Select(c => labelled.Labels.Count(l => l == c)).ToArray();
            Assert.All(byClass, count => Assert.True(count > 100, $"{package.Year}: classes {string.Join(",", byClass)}"));

            // Classes follow depth and slope: algae in the shallows, mud on the deep floor, gravel on steep ground.
            double Mean(string column, SeabedClass seabed)
            {
                var index = labelled.ColumnIndex(column);
                return Enumerable.Range(0, labelled.RowCount).Where(i => labelled.Labels[i] == (byte)seabed).Average(i => labelled.Row(i)[index]);
            }
            var (algaeDepth, mudDepth) = (Mean(FeatureColumns.Depth, SeabedClass.SandAndAlgae), Mean(FeatureColumns.Depth, SeabedClass.MudSandAndCorals));
            Assert.True(algaeDepth + 15 < mudDepth, $"{package.Year}: sand and algae at {algaeDepth:F1} m, mud at {mudDepth:F1} m");
            var (gravelSlope, mudSlope) = (Mean(FeatureColumns.Slope, SeabedClass.Gravel), Mean(FeatureColumns.Slope, SeabedClass.MudSandAndCorals));
            Assert.True(gravelSlope > 1.5 * mudSlope, $"{package.Year}: gravel on {gravelSlope:F1}°, mud on {mudSlope:F1}°");
        }
    }

    [Fact]
    public void YearsDriftInCalibrationAndSeabed()
    {
        var seed = DeterministicNoise.Mix(7);
        var basin = new BasinModel(seed, 4096);
        var years = Enumerable.Range(2010, 14).Select(y => new YearConditions(seed, y, basin)).ToArray();
        for (var i = 1; i < years.Length; i++)
        {
            // Calibration: the gain (mean of the bands) and the curvature (middle band against the
            // outer two) both move by several dB every year.
            var (before, after) = (years[i - 1].CalibrationOffsetsDb, years[i].CalibrationOffsetsDb);
            var gainStep = after.Average() - before.Average();
            var curvatureStep = (after[0] + after[2] - 2 * after[1]) / 3 - (before[0] + before[2] - 2 * before[1]) / 3;
            Assert.InRange(Math.Abs(gainStep), 3.9, 6.1);
            Assert.InRange(Math.Abs(curvatureStep), 5.9, 8.1);
            Assert.All(after, o => Assert.InRange(o, -20, 20));

            var changed = 0;
            var total = 0;
            for (var v = 0.0; v < 1; v += 0.01)
            {
                for (var u = 0.0; u < 1; u += 0.01)
                {
                    var cell = BasinModel.Locate(u, v);
                    total++;
                    if (years[i].ClassAt(basin, cell) != years[i - 1].ClassAt(basin, cell))
                    {
                        changed++;
                    }
                }
            }
            // Each year about 30 % of the seabed differs from the site's base map, in different places.
            Assert.InRange(changed / (double)total, 0.25, 0.6);
        }
    }

    [Fact]
    public async Task AnInferenceOnlyYearHasNoGroundTruthAndStillValidates()
    {
        using var directory = new TemporaryDirectory("mlops-surveys");
        // Written over an earlier package of the same year that had ground truth.
        await new SurveySynthesizer(new SurveySynthesisOptions { Size = 96 }).WriteYearAsync(directory.File("2019"), 2019);
        var package = await new SurveySynthesizer(new SurveySynthesisOptions { Size = 96, IncludeGroundTruth = false }).WriteYearAsync(directory.File("2019"), 2019);
        Assert.False(package.HasGroundTruth);
        Assert.False(File.Exists(package.GroundTruthPath));
        Assert.True((await new SurveyValidator().ValidateAsync(package.Directory)).Valid);
        Assert.False((await new SurveyValidator(new SurveyValidationOptions { RequireGroundTruth = true }).ValidateAsync(package.Directory)).Valid);
    }
}
