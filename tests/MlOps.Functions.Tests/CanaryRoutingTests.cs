using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Inference;
using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class CanaryRoutingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int KeysPerStep = 5_000;

    [Fact]
    public async Task At_every_step_the_challenger_serves_its_weight_within_two_points_and_no_routing_key_switches_version()
    {
        var models = await CanaryModels.GetAsync();
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string>
        {
            ["MlOps:Rollout:ShadowDuration"] = "0",
            ["MlOps:Rollout:StepDuration"] = "01:00:00",
            ["MlOps:Rollout:ShadowShare"] = "5",
            ["MlOps:Rollout:MinRequests"] = "100",
            ["MlOps:Registry:Rollout:RefreshInterval"] = "01:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var registry = host.Services.GetRequiredService<ModelRegistryClient>();
        var reader = host.Services.GetRequiredService<RolloutStateReader>();
        await CanaryModels.RegisterAsync(registry, "routing", models.Champion, "run-1", champion: true);
        var challenger = await CanaryModels.RegisterAsync(registry, "routing", models.Better, "run-2");
        var instanceId = await host.Durable.ScheduleNewOrchestrationInstanceAsync(CanaryRolloutOrchestration.Name,
            new StartRolloutRequest("routing", challenger, 1, "run-2"), StartRolloutActivity.InstanceId("routing", challenger));
        var rollout = registry.GetRolloutClient("routing");
        var client = new InferenceClient(host, "routing");
        var onChallenger = new HashSet<string>();

        foreach (var (step, weight) in new[] { (0, 10.0), (1, 25.0), (2, 50.0), (3, 100.0) })
        {
            await CanaryRolloutTests.WaitForStateAsync(rollout, s => s.StepIndex == step && s.Mode == RolloutMode.Canary);
            await reader.RefreshAsync("routing");
            // Two passes over the same keys, the second in another order: 10,000 requests per step.
            var keys = Enumerable.Range(0, KeysPerStep).Select(k => $"client-{k}").ToArray();
            var first = await ServeAsync(client, models, keys);
            var second = await ServeAsync(client, models, keys.Reverse().ToArray());

            var share = 100.0 * (first.Values.Count(v => v == challenger) + second.Values.Count(v => v == challenger)) / (2 * KeysPerStep);
            Assert.InRange(share, weight - 2, weight + 2);
            Assert.All(keys, k => Assert.Equal(first[k], second[k]));
            // Buckets never move within a rollout: a key on the challenger stays there as the weight rises.
            Assert.All(onChallenger, k => Assert.Equal(challenger, first[k]));
            onChallenger.UnionWith(keys.Where(k => first[k] == challenger));

            var approve = await CanaryRolloutTests.ControlAsync(host, "routing", "approve", host.Keys.Master);
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        }

        var finished = await host.Durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal("promoted", finished.ReadOutputAs<RolloutOutcome>()!.Outcome);
        Assert.Equal(KeysPerStep, onChallenger.Count);
    }

    private static async Task<Dictionary<string, int>> ServeAsync(InferenceClient client, CanaryModels models, string[] keys)
    {
        var served = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(keys.Select((k, i) => (k, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var answer = await client.PredictAsync([models.Row(item.i)], routingKey: item.k);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            served[item.k] = answer.Version!.Value;
        });
        return new Dictionary<string, int>(served);
    }
}
