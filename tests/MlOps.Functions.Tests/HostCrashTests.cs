using System.Globalization;
using Microsoft.Data.Sqlite;
using MlOps.Durable;
using MlOps.Durable.Stores;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class HostCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Killing_the_host_while_it_handles_a_survey_event_loses_nothing_and_the_run_starts_once()
    {
        var state = RepositoryPaths.NewWorkDirectory("crash-state");
        var storeFile = Path.Combine(state, "durable", "MlOpsHub.sqlite");
        await using var first = await HostProcess.StartAsync(azurite, state);
        var keys = FunctionKeys.Load(new FunctionKeysOptions(), Path.Combine(state, "keys.json"));
        using (var http = new HttpClient())
        {
            // Touching the durable API creates the store, so the lock below holds a real schema.
            var listing = await http.GetAsync($"{first.BaseAddress}/runtime/webhooks/durabletask/instances?code={Uri.EscapeDataString(keys.DurableTask)}");
            listing.EnsureSuccessStatusCode();
        }

        // Hold the store's write lock so the event handler is caught mid-way, then kill the host there.
        await using (var blocker = new SqliteConnection($"Data Source={storeFile}"))
        {
            await blocker.OpenAsync();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }
            var uploaded = await SurveyPackages.UploadAsync(azurite.CreateServiceClient(), "bedford", 2018);
            var instanceId = RetrainInstanceIds.ForManifest("bedford", 2018, uploaded.ETag.ToString());
            await first.Process.WaitAsync(first.Process.WhenPrinted(l => l.Contains("Survey manifest event", StringComparison.Ordinal) && l.Contains(instanceId, StringComparison.Ordinal)), "the manifest event being handled");
            await first.Process.KillAsync();
            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();

            var store = new SqliteOrchestrationStore($"Data Source={storeFile}", "MlOpsHub");
            var durable = new DurableTaskClient(store);
            Assert.Null(await durable.GetInstanceAsync(instanceId));

            await using var second = await HostProcess.StartAsync(azurite, state);
            await second.Process.WaitAsync(
                second.Process.WhenPrinted(l => l.Contains("Delivered", StringComparison.Ordinal) && l.Contains("bedford/2018/manifest.json", StringComparison.Ordinal)),
                "the manifest event redelivered");
            var completed = await durable.WaitForInstanceCompletionAsync(instanceId);

            Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{completed.RuntimeStatus}: {completed.FailureDetails?.ErrorMessage} {completed.SerializedCustomStatus}");
            Assert.Equal([instanceId], await SurveyArrivalTests.ListAsync(durable, RetrainInstanceIds.SitePrefix("bedford")));
        }
    }
}
