using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Dashboard;
using MlOps.Functions.Pipeline;
using MlOps.Registry;
using MlOps.Reports.Views;
using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Functions.Tests.Dashboard;

/// <summary>The dashboard's reads against a real host: runs by site, a sweep while it runs, versions as they are registered.</summary>
public sealed class DashboardQueriesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Runs_are_listed_newest_first_by_site_with_the_reason_they_failed()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var ids = new List<string>();
        foreach (var site in new[] { "bedford", "bedford-north", "bedford" })
        {
            // No survey was uploaded for these sites, so each run fails at once with its reason.
            var id = await host.Durable.ScheduleNewOrchestrationInstanceAsync(RetrainSurveyOrchestration.Name, new RetrainRequest(site),
                new StartOrchestrationOptions(RetrainInstanceIds.ForManual(site, Guid.NewGuid())));
            await host.Durable.WaitForInstanceCompletionAsync(id);
            ids.Add(id);
        }
        var runs = host.Services.GetRequiredService<RunQueries>();

        var bedford = await runs.ListAsync("bedford", null, 1, CancellationToken.None);
        Assert.Equal([ids[2], ids[0]], bedford.Runs.Select(r => r.InstanceId));
        Assert.All(bedford.Runs, run =>
        {
            Assert.Equal("Failed", run.RuntimeStatus);
            Assert.Equal("Failed", run.Step);
            Assert.Contains("site 'bedford' has no valid survey", run.Reason);
        });
        Assert.Equal(new Dictionary<string, int> { ["Failed"] = 2 }, bedford.CountsByStatus);
        var all = await runs.ListAsync(null, "failed", 1, CancellationToken.None);
        Assert.Equal(ids.AsEnumerable().Reverse(), all.Runs.Select(r => r.InstanceId));
        Assert.Empty((await runs.ListAsync(null, "Running", 1, CancellationToken.None)).Runs);
    }

    [Fact]
    public async Task A_running_sweep_shows_its_running_trials_and_refreshes_itself()
    {
        // Trials that never finish: each job is a process that only waits.
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string>
        {
            ["MlOps:Jobs:Command"] = "sleep",
            ["MlOps:Jobs:Arguments:0"] = "30",
            ["MlOps:Jobs:Slots"] = "2",
            ["MlOps:Pipeline:SweepSpec"] = """
                algorithm: random
                seed: 1
                objective: { metric: accuracy, direction: maximize }
                limits: { maxTrials: 5, parallelTrials: 2, maxFailedTrials: 5, trialTimeout: 2m, timeout: 5m }
                parameters:
                  - { name: model, type: categorical, values: [rf, gbdt] }
                """,
        });
        var storage = host.Services.GetRequiredService<BlobServiceClient>();
        var manifest = await SurveyPackages.UploadAsync(storage, "livesite", 2016, size: 32);
        var run = RetrainInstanceIds.ForManifest("livesite", 2016, manifest.ETag.ToString());
        var sweepId = run + "-sweep";
        var sweeps = host.Services.GetRequiredService<SweepQueries>();
        SweepView? sweep = null;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            while ((sweep = await sweeps.GetAsync(sweepId, deadline.Token)) is not { Trials.Count: 2 })
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        Assert.True(sweep.Live);
        Assert.Equal("Running", sweep.Status);
        Assert.Equal(run, sweep.RunId);
        Assert.Equal(5, sweep.MaxTrials);
        Assert.All(sweep.Trials, t => Assert.Equal(TrialStates.Running, t.Status));
        Assert.Equal(["t001", "t002"], sweep.Trials.Select(t => t.TrialId).Order());
        Assert.All(sweep.Trials, t => Assert.Contains(t.Parameters["model"], new[] { "rf", "gbdt" }));

        using var request = host.Request(HttpMethod.Get, $"/dashboard/sweeps/{sweepId}", host.Keys.Function);
        using var page = await host.Http.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<main data-live=", html);
        var table = html[html.IndexOf("<table class=\"data sortable trials\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Equal(2, table.Split("status-running\">Running").Length - 1);

        using var apiRequest = host.Request(HttpMethod.Get, $"/dashboard/api/runs/{run}", host.Keys.Function);
        var runJson = await (await host.Http.SendAsync(apiRequest)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Sweep", runJson!["summary"]!["step"]!.GetValue<string>());
        Assert.Equal(2, runJson["sweep"]!["trials"]!.AsArray().Count);

        await host.Durable.TerminateInstanceAsync(sweepId, "test over");
        await host.Durable.TerminateInstanceAsync(run, "test over");
    }

    [Fact]
    public async Task New_versions_show_at_once_and_skipped_numbers_at_the_next_listing()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var registry = new ModelRegistryClient(azurite.CreateServiceClient(), new ModelRegistryClientOptions { ContainerName = $"models-{Guid.NewGuid():N}" });
        var index = new ModelVersionIndex(registry, new ModelCardCache(registry), Options.Create(new DashboardOptions { VersionListingInterval = TimeSpan.FromMinutes(1) }), clock);
        const string model = "versions";

        async Task RegisterAsync(string run, int? version = null) =>
            await registry.RegisterAsync(model, new ModelRegistration { RunId = run, ModelKind = "rf", Version = version }, BinaryData.FromBytes([1, 2, 3]));

        await RegisterAsync("r1");
        Assert.Equal([1], await index.GetAsync(model, CancellationToken.None));
        await RegisterAsync("r2");
        await RegisterAsync("r3");
        Assert.Equal([1, 2, 3], await index.GetAsync(model, CancellationToken.None));

        // A version registered under a number of its own (5) is not next in line: the listing finds it.
        await RegisterAsync("r5", version: 5);
        Assert.Equal([1, 2, 3], await index.GetAsync(model, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        IReadOnlyList<int> versions;
        while (!(versions = await index.GetAsync(model, deadline.Token)).Contains(5))
        {
            await Task.Delay(20, deadline.Token);
        }
        Assert.Equal([1, 2, 3, 5], versions);
        await RegisterAsync("r6");
        Assert.Equal([1, 2, 3, 5, 6], await index.GetAsync(model, CancellationToken.None));
    }
}
