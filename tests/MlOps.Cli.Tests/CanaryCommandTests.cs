using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions;
using MlOps.Functions.Inference;
using MlOps.Functions.Runtime;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Cli.Tests;

/// <summary>`mlops predict` and `mlops canary` against a real host on Kestrel and a real Azurite, as an operator would run them.</summary>
public sealed class CanaryCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Predict_canary_status_and_rollback_work_from_the_command_line_and_bad_input_gets_one_clear_line()
    {
        using var directory = new TemporaryDirectory();
        var port = azurite.BlobPort.ToString(CultureInfo.InvariantCulture);
        await using var app = FunctionsApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--AzureWebJobsStorage=UseDevelopmentStorage=true", $"--MlOps:Azurite:BlobPort={port}", "--Logging:LogLevel:Default=Warning"],
            new MlOpsPaths(RepositoryPaths.Root, directory.File("state")));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["MlOps__Azurite__BlobPort"] = port,
            ["MlOps__Keys__Master"] = keys.Master,
            ["MlOps__Keys__Function"] = keys.Function,
            ["MlOps__Keys__EventGrid"] = keys.EventGrid,
            ["MlOps__Keys__DurableTask"] = keys.DurableTask,
        };
        var registry = app.Services.GetRequiredService<ModelRegistryClient>();
        var model = OnnxExporter.Export(TrainerRegistry.Create("rf", new Dictionary<string, string> { ["trees"] = "5" }).Train(SyntheticSeabed.Generate(2000, 1)));
        foreach (var run in new[] { "run-1", "run-2" })
        {
            await registry.RegisterAsync("cli", new ModelRegistration { RunId = run, ModelKind = "rf" }, BinaryData.FromBytes(model));
        }
        await registry.SetAliasAsync("cli", ModelAlias.Champion, 1);
        await registry.GetRolloutClient("cli").SetChampionAsync(1, "first");
        await registry.SetAliasAsync("cli", ModelAlias.Challenger, 2);
        await registry.GetRolloutClient("cli").StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = 50, Reason = "by hand" });
        var rows = SyntheticSeabed.Generate(30, 2);
        CsvDataset.Write(rows, directory.File("rows.csv"));
        File.WriteAllText(directory.File("bad.csv"), "backscatter_low,backscatter_mid,backscatter_high,depth,x,y\n-20,-21,-22,10,100,200\n-20,-21,-22,deep,100,200\n");

        var predict = await CliRunner.RunAsync(["predict", "cli", "--rows", directory.File("rows.csv"), "--host", url], environment);
        await app.Services.GetRequiredService<MetricsFlusher>().FlushAsync(CancellationToken.None);
        var status = await CliRunner.RunAsync(["canary", "status", "cli", "--json"], environment);
        var table = await CliRunner.RunAsync(["canary", "status", "cli"], environment);
        var pause = await CliRunner.RunAsync(["canary", "pause", "cli", "--host", url], environment);
        var rollback = await CliRunner.RunAsync(["canary", "rollback", "cli", "--host", url, "--reason", "checked by hand"], environment);
        var bad = await CliRunner.RunAsync(["predict", "cli", "--rows", directory.File("bad.csv"), "--host", url], environment);
        var noHost = await CliRunner.RunAsync(["predict", "cli", "--rows", directory.File("rows.csv"), "--host", $"http://127.0.0.1:{FreePort.Next()}"], environment);

        Assert.True(predict.ExitCode == 0, predict.StandardError);
        var answer = JsonDocument.Parse(predict.StandardOutput).RootElement;
        Assert.Equal(30, answer.GetProperty("labels").GetArrayLength());
        Assert.Contains(answer.GetProperty("version").GetInt32(), new[] { 1, 2 });
        Assert.True(status.ExitCode == 0, status.StandardError);
        var document = JsonDocument.Parse(status.StandardOutput).RootElement;
        Assert.Equal("canary", document.GetProperty("rollout").GetProperty("mode").GetString());
        Assert.Equal(50, document.GetProperty("rollout").GetProperty("challengerWeight").GetDouble());
        Assert.Equal(30, document.GetProperty("versions").EnumerateArray().Sum(v => v.GetProperty("rows").GetInt64()));
        Assert.Contains("challenger weight 50%", table.StandardOutput);
        Assert.Equal(2, pause.ExitCode);
        Assert.Contains("no running rollout", pause.StandardError);
        Assert.True(rollback.ExitCode == 0, rollback.StandardError);
        var state = await registry.GetRolloutClient("cli").GetStateAsync();
        Assert.Equal(RolloutMode.RolledBack, state!.Mode);
        Assert.Contains("checked by hand", state.History[^1].Reason);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"error: {directory.File("bad.csv")}, line 3, column depth: 'deep' is not a finite number.", bad.StandardError.Trim());
        Assert.Equal(1, noHost.ExitCode);
        Assert.Contains("no functions host answers", noHost.StandardError);
        Assert.DoesNotContain("   at ", bad.StandardError + noHost.StandardError + pause.StandardError);
    }
}
