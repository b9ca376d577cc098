using System.Text.Json;
using MlOps.Learning.Data;
using MlOps.Surveys.Synthesis;
using MlOps.Testing;

namespace MlOps.Cli.Tests;

public sealed class TrainEvaluateCommandTests
{
    [Fact]
    public async Task Train_writes_model_onnx_and_evaluate_under_onnx_runtime_gives_the_same_metrics()
    {
        using var directory = new TemporaryDirectory();
        var all = SyntheticSeabed.Generate(4000, 8);
        CsvDataset.Write(all.Select(Enumerable.Range(0, 3000).ToArray()), directory.File("train.csv"));
        CsvDataset.Write(all.Select(Enumerable.Range(3000, 1000).ToArray()), directory.File("valid.csv"));

        var train = await CliRunner.RunAsync(["train", "--data", directory.File("train.csv"), "--validation", directory.File("valid.csv"),
            "--model", "gbdt", "--set", "rounds=30", "--set", "embeddingDim=3", "--out", directory.File("out"), "--json"]);
        Assert.True(train.ExitCode == 0, train.StandardError);
        var trained = JsonDocument.Parse(train.StandardOutput).RootElement;
        Assert.Equal("gbdt", trained.GetProperty("model").GetString());
        Assert.Equal("30", trained.GetProperty("params").GetProperty("rounds").GetString());
        Assert.Equal("3", trained.GetProperty("params").GetProperty("embeddingDim").GetString());
        Assert.True(trained.GetProperty("trainSeconds").GetDouble() > 0);
        var artifact = trained.GetProperty("artifact").GetString()!;
        Assert.Equal(directory.File(Path.Combine("out", "model.onnx")), artifact);
        Assert.True(new FileInfo(artifact).Length > 1000);
        var metrics = trained.GetProperty("metrics");
        foreach (var name in new[] { "accuracy", "kappa", "precision", "recall", "f1", "iou", "confusion" })
        {
            Assert.True(metrics.TryGetProperty(name, out _), $"metrics.{name} missing");
        }
        Assert.Equal(5, metrics.GetProperty("precision").GetArrayLength());

        var evaluate = await CliRunner.RunAsync(["evaluate", "--model", artifact, "--data", directory.File("valid.csv"), "--json"]);
        Assert.True(evaluate.ExitCode == 0, evaluate.StandardError);
        var evaluated = JsonDocument.Parse(evaluate.StandardOutput).RootElement.GetProperty("metrics");
        Assert.Equal(metrics.GetProperty("accuracy").GetDouble(), evaluated.GetProperty("accuracy").GetDouble());
        Assert.Equal(metrics.GetProperty("confusion").ToString(), evaluated.GetProperty("confusion").ToString());
    }

    [Fact]
    public async Task Bad_input_is_one_clear_line_without_a_stack_trace()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("nan.csv"), "depth,x,y,label\n1,2,3,1\n4,NaN,6,2\n");
        var nan = await CliRunner.RunAsync(["train", "--data", directory.File("nan.csv"), "--model", "rf", "--out", directory.File("out")]);
        Assert.Equal(2, nan.ExitCode);
        Assert.Contains("line 3, column 'x'", nan.StandardError);
        Assert.DoesNotContain("   at ", nan.StandardError);
        Assert.False(File.Exists(directory.File(Path.Combine("out", "model.onnx"))));

        var parameter = await CliRunner.RunAsync(["train", "--data", directory.File("nan.csv"), "--model", "rf", "--set", "depth=3", "--out", directory.File("out")]);
        Assert.Equal(2, parameter.ExitCode);
        Assert.Contains("unknown parameter 'depth'", parameter.StandardError);

        var model = await CliRunner.RunAsync(["evaluate", "--model", directory.File("absent.onnx"), "--data", directory.File("nan.csv")]);
        Assert.Equal(2, model.ExitCode);
        Assert.Contains("line 3", model.StandardError);
    }

    [Fact]
    public async Task Trains_on_survey_package_folders()
    {
        using var directory = new TemporaryDirectory();
        var synthesizer = new SurveySynthesizer(new SurveySynthesisOptions { Size = 192, Seed = 4 });
        await synthesizer.WriteSiteAsync(directory.Path, [2016, 2017]);
        var result = await CliRunner.RunAsync(["train", "--data", $"{directory.File("2016")},{directory.File("2017")}",
            "--model", "rf", "--set", "trees=10", "--set", "embeddingDim=2", "--out", directory.File("out"), "--json"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var output = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.True(output.GetProperty("trainingRows").GetInt32() > 100);
        Assert.True(output.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.4);

        // The site folder means all of its years.
        var site = await CliRunner.RunAsync(["evaluate", "--model", output.GetProperty("artifact").GetString()!, "--data", directory.Path, "--json"]);
        Assert.True(site.ExitCode == 0, site.StandardError);
        var rows = JsonDocument.Parse(site.StandardOutput).RootElement.GetProperty("rows").GetInt32();
        Assert.Equal(output.GetProperty("trainingRows").GetInt32() + output.GetProperty("validationRows").GetInt32(), rows);
    }
}
