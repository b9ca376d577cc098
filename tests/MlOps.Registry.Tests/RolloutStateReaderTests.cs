using Azure;
using Azure.Core;
using MlOps.Registry.Rollout;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

public sealed class RolloutStateReaderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static async Task<ModelRegistryClient> WithRolloutAsync(ModelRegistryClient registry, double weight)
    {
        await registry.RegisterAsync("bedford", Registration("run-1"), Model(1));
        await registry.RegisterAsync("bedford", Registration("run-2"), Model(2));
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        await registry.GetRolloutClient("bedford").StartAsync(new RolloutStart { ChallengerVersion = 2, InitialWeight = weight });
        return registry;
    }

    [Fact]
    public async Task Reads_within_the_interval_come_from_memory_and_later_an_unchanged_state_costs_only_a_304()
    {
        var container = NewContainerName();
        await WithRolloutAsync(Client(azurite, container), weight: 10);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var policy = new RecordingPolicy();
        var reader = new RolloutStateReader(Client(azurite, container, policy), new RolloutStateReaderOptions { RefreshInterval = Interval, TimeProvider = clock });

        var first = await reader.GetAsync("bedford");
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, await reader.GetAsync("bedford"));
        }
        Assert.Single(policy.Requests);

        clock.Advance(Interval);
        var checkedAgain = await reader.GetAsync("bedford");

        Assert.Same(first, checkedAgain);
        var check = policy.Requests[^1];
        Assert.Equal(("GET", 304, first!.ETag.ToString("H")), (check.Method, check.Status, check.IfNoneMatch));
        Assert.Equal(2, policy.Requests.Count);
    }

    [Fact]
    public async Task A_change_written_by_another_host_is_served_after_the_next_check()
    {
        var container = NewContainerName();
        var writer = await WithRolloutAsync(Client(azurite, container), weight: 10);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var reader = new RolloutStateReader(Client(azurite, container), new RolloutStateReaderOptions { RefreshInterval = Interval, TimeProvider = clock });
        Assert.Equal(10, (await reader.GetAsync("bedford"))!.ChallengerWeight);

        await writer.GetRolloutClient("bedford").RollbackAsync("error rate 4% > 1%");
        var beforeCheck = await reader.GetAsync("bedford");
        clock.Advance(Interval);
        var afterCheck = await reader.GetAsync("bedford");

        Assert.Equal(10, beforeCheck!.ChallengerWeight);
        Assert.Equal((RolloutMode.RolledBack, 0.0), (afterCheck!.Mode, afterCheck.ChallengerWeight));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(1, CanaryRouter.Route(afterCheck, $"client-{i}")!.Value.Version));
    }

    [Fact]
    public async Task Requests_arriving_during_a_check_share_it()
    {
        var container = NewContainerName();
        await WithRolloutAsync(Client(azurite, container), weight: 25);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = new RecordingPolicy { BeforeSend = _ => release.Task };
        var reader = new RolloutStateReader(Client(azurite, container, policy), new RolloutStateReaderOptions { RefreshInterval = Interval });

        var readers = Enumerable.Range(0, 50).Select(_ => reader.GetAsync("bedford").AsTask()).ToList();
        release.SetResult();
        var states = await Task.WhenAll(readers);

        Assert.Single(policy.Requests);
        Assert.All(states, s => Assert.Same(states[0], s));
    }

    [Fact]
    public async Task A_model_without_rollout_state_is_served_from_its_champion_alias()
    {
        var container = NewContainerName();
        var registry = Client(azurite, container);
        await registry.RegisterAsync("bedford", Registration("run-1"), Model(1));
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var policy = new RecordingPolicy();
        var reader = new RolloutStateReader(Client(azurite, container, policy), new RolloutStateReaderOptions { RefreshInterval = Interval, TimeProvider = clock });

        var state = await reader.GetAsync("bedford");
        Assert.Equal((RolloutMode.None, (int?)1, (int?)null), (state!.Mode, state.ChampionVersion, state.ChallengerVersion));
        Assert.Equal(new RouteDecision(1, false, null), CanaryRouter.Route(state, "client"));
        Assert.Null(await reader.GetAsync("unknown-model"));

        policy.Clear();
        clock.Advance(Interval);
        Assert.Same(state, await reader.GetAsync("bedford"));
        Assert.Equal([("rollout.json", 404), ("aliases.json", 304)], policy.Requests.Select(r => (r.Path[(r.Path.LastIndexOf('/') + 1)..], r.Status)));
    }

    [Fact]
    public async Task When_storage_goes_away_the_last_state_read_keeps_serving()
    {
        var own = new AzuriteFixture();
        await own.InitializeAsync();
        RolloutStateReader reader;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            var container = NewContainerName();
            await WithRolloutAsync(Client(own, container), weight: 50);
            reader = new RolloutStateReader(Client(own, container, retries: 0), new RolloutStateReaderOptions { RefreshInterval = Interval, TimeProvider = clock });
            Assert.Equal(50, (await reader.GetAsync("bedford"))!.ChallengerWeight);
        }
        finally
        {
            await own.DisposeAsync();
        }

        clock.Advance(Interval);
        var served = await reader.GetAsync("bedford");

        Assert.Equal(50, served!.ChallengerWeight);
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => reader.GetAsync("never-read").AsTask());
    }
}
