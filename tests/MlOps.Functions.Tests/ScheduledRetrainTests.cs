using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions.Runtime;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class ScheduledRetrainTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 2, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_timer_fires_on_schedule_and_skips_a_site_whose_run_is_still_going()
    {
        var state = RepositoryPaths.NewWorkDirectory("timer-state");
        var clock = new ManualTimeProvider(Start);
        // Without a durable worker a started run stays pending: "still going", without racing a real run.
        await using (var host = await StartTimerHostAsync(state, clock, worker: false))
        {
            await clock.WaitForSchedulesAsync(1);
            Assert.Equal(Start.AddMinutes(1), clock.NextDue);
            Assert.Empty(await SurveyArrivalTests.ListAsync(host.Durable, "retrain-bedford-"));

            clock.SetUtcNow(Start.AddMinutes(1));
            await clock.WaitForSchedulesAsync(2);
            Assert.Equal(["retrain-bedford-scheduled-20261122030000"], await SurveyArrivalTests.ListAsync(host.Durable, "retrain-bedford-"));
            Assert.Equal(Start.AddMinutes(1).AddDays(1), clock.NextDue);

            clock.Advance(TimeSpan.FromDays(1));
            await clock.WaitForSchedulesAsync(3);
            Assert.Single(await SurveyArrivalTests.ListAsync(host.Durable, "retrain-bedford-"));
        }

        await using (var worker = await TestHost.StartAsync(azurite, stateDirectory: state))
        {
            await worker.Durable.WaitForInstanceCompletionAsync("retrain-bedford-scheduled-20261122030000");
        }

        var later = new ManualTimeProvider(Start.AddDays(2));
        await using (var host = await StartTimerHostAsync(state, later, worker: false))
        {
            await later.WaitForSchedulesAsync(1);
            later.SetUtcNow(later.NextDue!.Value);
            await later.WaitForSchedulesAsync(2);
            Assert.Equal(
                ["retrain-bedford-scheduled-20261122030000", "retrain-bedford-scheduled-20261124030000"],
                (await SurveyArrivalTests.ListAsync(host.Durable, "retrain-bedford-")).Order());
        }
    }

    private Task<TestHost> StartTimerHostAsync(string state, ManualTimeProvider clock, bool worker) =>
        TestHost.StartAsync(azurite,
            new Dictionary<string, string>
            {
                ["MlOps:Retrain:Schedule"] = "0 0 3 * * *",
                ["MlOps:Retrain:Sites:0"] = "bedford",
                ["AzureFunctionsJobHost:extensions:durableTask:enableWorker"] = worker ? "true" : "false",
            },
            builder => builder.Services.AddKeyedSingleton<TimeProvider>(TimerTriggerService.ClockKey, clock),
            state);
}
