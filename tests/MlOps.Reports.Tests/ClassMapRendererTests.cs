using MlOps.Onnx.Runtime;
using MlOps.Reports.Maps;
using MlOps.Surveys.Features;
using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Imaging;
using MlOps.Surveys.Packages;
using MlOps.Testing;

namespace MlOps.Reports.Tests;

public sealed class ClassMapRendererTests(SurveyModelFixture survey) : IClassFixture<SurveyModelFixture>
{
    [Fact]
    public void Every_valid_pixel_is_predicted_and_the_truth_is_the_packages_ground_truth()
    {
        using var session = OnnxSession.Create(survey.Model);
        var maps = ClassMapRenderer.Render(session, survey.PackageDirectory);
        var (valid, labels) = ReadRasters();

        Assert.Equal((SurveyModelFixture.Size, SurveyModelFixture.Size), (maps.Width, maps.Height));
        for (var i = 0; i < valid.Length; i++)
        {
            Assert.Equal(valid[i], maps.Predicted[i] != 0);
            Assert.InRange(maps.Predicted[i], valid[i] ? 1 : 0, valid[i] ? 5 : 0);
            Assert.Equal(valid[i] ? labels[i] : 0, maps.Truth[i]);
        }
        Assert.Equal(valid.Count(v => v), maps.ValidPixels);
        Assert.True(maps.LabelledPixels > 100, $"the fixture survey should have labelled pixels, has {maps.LabelledPixels}");

        // The agreement is the model's accuracy on the labelled pixels, scored here in one batch.
        using var reader = SurveyFeatureReader.Open(survey.PackageDirectory);
        var labelled = reader.ReadLabelled();
        var predicted = session.Run(labelled.Values, labelled.RowCount, labelled.ColumnCount).Labels;
        var right = Enumerable.Range(0, labelled.RowCount).Count(r => predicted[r] == labelled.Labels[r]);
        Assert.Equal(labelled.RowCount, maps.LabelledPixels);
        Assert.Equal((double)right / labelled.RowCount, maps.Agreement!.Value, 12);
        Assert.Equal(1, maps.PredictedShare.Sum(), 3);
    }

    [Fact]
    public void Small_windows_give_the_same_map_as_one_window()
    {
        using var session = OnnxSession.Create(survey.Model);
        var whole = ClassMapRenderer.Render(session, survey.PackageDirectory, windowRows: SurveyModelFixture.Size);
        var windowed = ClassMapRenderer.Render(session, survey.PackageDirectory, windowRows: 7);
        Assert.Equal(whole.Predicted, windowed.Predicted);
        Assert.Equal(whole.Truth, windowed.Truth);
        Assert.Equal(whole.Disagreement, windowed.Disagreement);
    }

    [Fact]
    public void A_model_reading_terrain_columns_gets_them_computed()
    {
        using var session = OnnxSession.Create(survey.SlopeModel);
        Assert.Equal(TerrainFeatures.Slope, ClassMapRenderer.TerrainFor(session));
        var maps = ClassMapRenderer.Render(session, survey.PackageDirectory);
        Assert.True(maps.Agreement > 0.5, $"a model trained on these pixels agrees with most of them, not {maps.Agreement}");
    }

    [Fact]
    public void The_pngs_decode_independently_and_show_the_class_colours_at_known_pixels()
    {
        using var session = OnnxSession.Create(survey.Model);
        var maps = ClassMapRenderer.Render(session, survey.PackageDirectory);
        var folder = RepositoryPaths.NewWorkDirectory("reports-png");
        try
        {
            var width = maps.Width;
            (int X, int Y) At(int index) => (index % width, index / width);
            // Known pixels: the first pixel of each true class, of each predicted class, a no-data pixel, an agreeing and a disagreeing one.
            var truthPixels = Enumerable.Range(1, 5).Select(c => Array.IndexOf(maps.Truth, (byte)c)).Where(i => i >= 0).ToList();
            var predictedPixels = Enumerable.Range(1, 5).Select(c => Array.IndexOf(maps.Predicted, (byte)c)).Where(i => i >= 0).ToList();
            var noData = Array.IndexOf(maps.Predicted, (byte)0);
            Assert.True(truthPixels.Count >= 4, "the survey's ground truth should hold most classes");
            Assert.True(noData >= 0, "the synthetic survey has no-data pixels outside its swaths");
            var codes = new[] { DisagreementCode.Agree, DisagreementCode.Disagree, DisagreementCode.UnlabelledValid, DisagreementCode.NoData }
                .Select(code => Array.IndexOf(maps.Disagreement, code)).Where(i => i >= 0).ToList();

            File.WriteAllBytes(Path.Combine(folder, "truth.png"), maps.TruthPng());
            File.WriteAllBytes(Path.Combine(folder, "predicted.png"), maps.PredictedPng());
            File.WriteAllBytes(Path.Combine(folder, "disagreement.png"), maps.DisagreementPng());

            var truth = PngDecoder.Read(Path.Combine(folder, "truth.png"), [.. truthPixels.Select(At), At(noData)]);
            Assert.Equal((maps.Width, maps.Height), (truth.Width, truth.Height));
            for (var k = 0; k < truthPixels.Count; k++)
            {
                Assert.Equal(SeabedClasses.For(maps.Truth[truthPixels[k]]).Hex, truth.Colours[k], ignoreCase: true);
            }
            Assert.Equal(SeabedClasses.Unlabelled.Hex, truth.Colours[^1], ignoreCase: true);

            var predicted = PngDecoder.Read(Path.Combine(folder, "predicted.png"), [.. predictedPixels.Select(At), At(noData)]);
            for (var k = 0; k < predictedPixels.Count; k++)
            {
                Assert.Equal(SeabedClasses.For(maps.Predicted[predictedPixels[k]]).Hex, predicted.Colours[k], ignoreCase: true);
            }
            Assert.Equal(MapPalette.NoData.Hex, predicted.Colours[^1], ignoreCase: true);

            var disagreement = PngDecoder.Read(Path.Combine(folder, "disagreement.png"), codes.Select(At).ToList());
            for (var k = 0; k < codes.Count; k++)
            {
                Assert.Equal(MapPalette.ForDisagreement(maps.Disagreement[codes[k]]).Hex, disagreement.Colours[k], ignoreCase: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Validity and labels straight from the rasters: the three backscatter bands and the depth not no-data.</summary>
    private (bool[] Valid, byte[] Labels) ReadRasters()
    {
        using var backscatter = GeoTiffReader.Open(Path.Combine(survey.PackageDirectory, SurveyPackage.BackscatterFile));
        using var bathymetry = GeoTiffReader.Open(Path.Combine(survey.PackageDirectory, SurveyPackage.BathymetryFile));
        using var groundTruth = GeoTiffReader.Open(Path.Combine(survey.PackageDirectory, SurveyPackage.GroundTruthFile));
        var size = backscatter.Width * backscatter.Height;
        var bands = new float[3 * size];
        var depth = new float[size];
        var truth = new float[size];
        backscatter.ReadRows(0, backscatter.Height, bands);
        bathymetry.ReadBandRows(0, 0, bathymetry.Height, depth);
        groundTruth.ReadBandRows(0, 0, groundTruth.Height, truth);
        var valid = new bool[size];
        var labels = new byte[size];
        for (var i = 0; i < size; i++)
        {
            valid[i] = !backscatter.IsNoData(bands[i]) && !backscatter.IsNoData(bands[size + i]) && !backscatter.IsNoData(bands[2 * size + i])
                       && !bathymetry.IsNoData(depth[i]);
            labels[i] = groundTruth.IsNoData(truth[i]) ? (byte)0 : (byte)truth[i];
        }
        return (valid, labels);
    }
}
