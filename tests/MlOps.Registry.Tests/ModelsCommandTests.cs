using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

/// <summary>`mlops models list|show` as a user runs them: the built CLI as a process against Azurite.</summary>
public sealed class ModelsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        // The CLI reads the default container, "models"; each model name below belongs to one test.
        var registry = Client(azurite, ModelRegistryClientOptions.DefaultContainerName);
        if ((await registry.GetVersionsAsync("bedford")).Count == 0)
        {
            await registry.RegisterAsync("bedford", Registration("run-2016", accuracy: 0.9981, kappa: 0.9970) with { SweepId = "sweep-1", TrialId = "trial-4" }, Model(1));
            await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
            await registry.RegisterAsync("bedford", Registration("run-2017", accuracy: 0.9964, kappa: 0.9950) with
            {
                CodeVersion = "0.3.0+abc123",
                Metrics = new JsonObject { ["accuracy"] = 0.9964, ["kappa"] = 0.9950, ["modelByYear"] = new JsonArray(new JsonArray(0.998, 0.609)) },
            }, Model(2));
            await registry.SetAliasAsync("bedford", ModelAlias.Challenger, 2);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_json_gives_each_version_with_its_aliases_and_metrics()
    {
        var result = await CliRunner.RunAsync(["models", "list", "bedford", "--json"], azurite.Environment);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var listing = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal("bedford", (string?)listing["name"]);
        Assert.Equal(1, (int?)listing["aliases"]!["champion"]);
        Assert.Equal(2, (int?)listing["aliases"]!["challenger"]);
        var versions = listing["versions"]!.AsArray();
        Assert.Equal([1, 2], versions.Select(v => (int)v!["version"]!));
        Assert.Equal(["champion"], versions[0]!["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["challenger"], versions[1]!["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.Equal((0.9981, 0.9970), ((double)versions[0]!["accuracy"]!, (double)versions[0]!["kappa"]!));
        Assert.Equal(0.609, (double)versions[1]!["metrics"]!["modelByYear"]![0]![1]!);
        Assert.Equal("run-2017", (string?)versions[1]!["runId"]);
    }

    [Fact]
    public async Task Show_resolves_an_alias_and_prints_the_card_as_json()
    {
        var byAlias = await CliRunner.RunAsync(["models", "show", "bedford:challenger", "--json"], azurite.Environment);
        var byNumber = await CliRunner.RunAsync(["models", "show", "bedford:2", "--json"], azurite.Environment);
        var byName = await CliRunner.RunAsync(["models", "show", "bedford", "--json"], azurite.Environment);

        Assert.True(byAlias.ExitCode == 0, byAlias.StandardError);
        var card = JsonSerializer.Deserialize<ModelCard>(byAlias.StandardOutput, RegistryJson.Options)!;
        Assert.Equal((2, "run-2017", "0.3.0+abc123", (int?)1), (card.Version, card.RunId, card.CodeVersion, card.ParentVersion));
        Assert.Equal(Json(await Client(azurite, "models").GetVersionAsync("bedford", 2)), Json(card));
        Assert.Equal(byAlias.StandardOutput, byNumber.StandardOutput);
        Assert.Equal(1, JsonSerializer.Deserialize<ModelCard>(byName.StandardOutput, RegistryJson.Options)!.Version); // The champion.
    }

    [Fact]
    public async Task List_and_show_print_readable_text()
    {
        var list = await CliRunner.RunAsync(["models", "list", "bedford"], azurite.Environment);
        var show = await CliRunner.RunAsync(["models", "show", "bedford:1"], azurite.Environment);

        Assert.True(list.ExitCode == 0, list.StandardError);
        var rows = list.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("1 ", rows[0], StringComparison.Ordinal);
        Assert.EndsWith(" 1", rows[1], StringComparison.Ordinal); // Its parent.
        Assert.Contains("champion", rows[0], StringComparison.Ordinal);
        Assert.Contains("0.9981", rows[0], StringComparison.Ordinal);
        Assert.Contains("challenger", rows[1], StringComparison.Ordinal);
        Assert.True(show.ExitCode == 0, show.StandardError);
        Assert.StartsWith("bedford:1 (champion)", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sweep-1 / trial-4", show.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("backscatter.tif sha256 " + new string('a', 64), show.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_models_versions_and_selectors_get_clear_errors()
    {
        var unknownModel = await CliRunner.RunAsync(["models", "show", "halifax"], azurite.Environment);
        var unknownVersion = await CliRunner.RunAsync(["models", "show", "bedford:9"], azurite.Environment);
        var badSelector = await CliRunner.RunAsync(["models", "show", "bedford:latest"], azurite.Environment);
        var badName = await CliRunner.RunAsync(["models", "list", "Bedford"], azurite.Environment);
        var emptyList = await CliRunner.RunAsync(["models", "list", "halifax", "--json"], azurite.Environment);

        Assert.Equal((1, "Model 'halifax' has no registered versions."), (unknownModel.ExitCode, unknownModel.StandardError.Trim()));
        Assert.Equal((1, "Model 'bedford' has no registered version 9."), (unknownVersion.ExitCode, unknownVersion.StandardError.Trim()));
        Assert.Equal(2, badSelector.ExitCode);
        Assert.Contains("expected a version number (1, 2, …) or an alias (champion, challenger, previous), found 'latest'", badSelector.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, badName.ExitCode);
        Assert.Contains("Model name 'Bedford' is not valid", badName.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, emptyList.ExitCode);
        Assert.Empty(JsonNode.Parse(emptyList.StandardOutput)!["versions"]!.AsArray());
        Assert.DoesNotContain("   at ", unknownModel.StandardError + badSelector.StandardError, StringComparison.Ordinal);
    }
}
