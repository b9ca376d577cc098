using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Surveys.Features;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;

namespace MlOps.Reports.Tests;

/// <summary>One small synthetic survey year and a small random forest trained on its labelled pixels, exported to ONNX.</summary>
public sealed class SurveyModelFixture : IAsyncLifetime
{
    public const int Size = 48;

    public string PackageDirectory { get; } = RepositoryPaths.NewWorkDirectory("reports-survey");

    public byte[] Model { get; private set; } = [];

    /// <summary>A model that also reads the slope column, so maps must compute it too.</summary>
    public byte[] SlopeModel { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await new SurveySynthesizer(new SurveySynthesisOptions { Site = "testsite", Size = Size, Seed = 5 }).WriteYearAsync(PackageDirectory, 2017);
        Model = Train(FeatureOptions.Raw);
        SlopeModel = Train(new FeatureOptions { Terrain = TerrainFeatures.Slope });
    }

    private byte[] Train(FeatureOptions options)
    {
        using var reader = SurveyFeatureReader.Open(PackageDirectory, options);
        var data = DataSources.FromFeatureTable(reader.ReadLabelled(), "fixture");
        var model = TrainerRegistry.Create("rf", new Dictionary<string, string> { ["trees"] = "6", ["seed"] = "1" }).Train(data);
        return OnnxExporter.Export(model);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(PackageDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
