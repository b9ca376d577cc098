using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions.Inference;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class HotSwapTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Versions_change_under_steady_load_without_a_single_failed_request()
    {
        var models = await CanaryModels.GetAsync();
        // Room for two sessions while three versions serve: sessions are let go and reloaded
        // all through the run, while requests are still running on them.
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string>
        {
            ["MlOps:Inference:MaxCachedSessions"] = "2",
            ["MlOps:Registry:Rollout:RefreshInterval"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        var cache = host.Services.GetRequiredService<ModelSessionCache>();
        await CanaryModels.RegisterAsync(registry, "swap", models.Champion, "run-1", champion: true);
        var second = await CanaryModels.RegisterAsync(registry, "swap", models.Better, "run-2");
        var third = await CanaryModels.RegisterAsync(registry, "swap", models.Worse, "run-3");
        await registry.SetAliasAsync("swap", ModelAlias.Challenger, second);
        var rollout = registry.GetRolloutClient("swap");
        var client = new InferenceClient(host, "swap");

        await using var traffic = new TrafficLoop(client, models, workers: 4, rowsPerRequest: 50, feedback: false);
        var pinned = Task.Run(async () =>
        {
            // A third version pinned by an operator keeps the two-session cache churning.
            var answers = new List<InferenceClient.Answer>();
            for (var i = 0; i < 60; i++)
            {
                answers.Add(await client.PredictAsync(Enumerable.Range(i, 50).Select(models.Row), pin: third, key: host.Keys.Master));
            }
            return answers;
        });
        await traffic.WaitForAnswersAsync(100);
        await rollout.StartAsync(new RolloutStart { ChallengerVersion = second, InitialWeight = 50, ShadowShare = 50 });
        await traffic.WaitForAnswersAsync(200);
        await rollout.SetWeightAsync(1, 100, "all traffic");
        await traffic.WaitForAnswersAsync(200);
        await registry.PromoteChallengerAsync("swap", second);
        await rollout.PromoteAsync("promoted");
        await traffic.WaitForAnswersAsync(200);
        await rollout.RollbackAsync("rolled back under load");
        await traffic.WaitForAnswersAsync(200);
        var pinnedAnswers = await pinned;
        await traffic.DisposeAsync();

        Assert.Empty(traffic.Failures);
        Assert.All(pinnedAnswers, a => Assert.Equal((System.Net.HttpStatusCode.OK, third), (a.Status, a.Version!.Value)));
        Assert.True(traffic.Versions.GetValueOrDefault(1) > 0 && traffic.Versions.GetValueOrDefault(second) > 0, string.Join(", ", traffic.Versions));
        Assert.True(cache.Disposed > 0, "no session was swapped out during the run");
        Assert.True(cache.Count <= 2);
    }
}
