using System.Text.Json;
using MlOps.Testing;

namespace MlOps.Cli.Tests;

public sealed class DemoCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_demo_retrains_on_each_uploaded_year_and_shows_the_drop_and_the_recovery()
    {
        var state = RepositoryPaths.NewWorkDirectory("demo-state");
        var environment = new Dictionary<string, string>(azurite.Environment) { [MlOps.Storage.Configuration.MlOpsPaths.StateVariable] = state };

        var result = await CliRunner.RunAsync(["demo", "--quick", "--size", "160", "--years", "2016,2017"], environment);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("registered as champion", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("registered as challenger", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Where to look", result.StandardOutput, StringComparison.Ordinal);
        // The better challenger goes through the canary steps under the demo's traffic and is promoted.
        Assert.Contains("challenger weight 100%", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("promoted after 5 steps", result.StandardOutput, StringComparison.Ordinal);
        var models = await CliRunner.RunAsync(["models", "list", "bedford", "--json"], environment);
        using var listing = JsonDocument.Parse(models.StandardOutput);
        Assert.Equal(2, listing.RootElement.GetProperty("aliases").GetProperty("champion").GetInt32());
        using var matrix = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "demo", "bedford-matrix.json")));
        var rows = matrix.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        double Accuracy(int row, int year) => rows[row].GetProperty("years").EnumerateArray()
            .Single(y => y.GetProperty("year").GetInt32() == year).GetProperty("metrics").GetProperty("accuracy").GetDouble();
        Assert.True(Accuracy(1, 2017) > Accuracy(0, 2017) + 0.05, $"v2 on 2017 {Accuracy(1, 2017):0.000} vs v1 {Accuracy(0, 2017):0.000}");
    }
}
