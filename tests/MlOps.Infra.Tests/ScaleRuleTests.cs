using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlOps.Durable;
using MlOps.Durable.Hosting;
using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Infra.Tests.Bicep;
using MlOps.Testing;
using Npgsql;

namespace MlOps.Infra.Tests;

/// <summary>
/// The app scales to zero, so what wakes it matters: the KEDA PostgreSQL rule must count the
/// durable work the real engine leaves in its store (due timers, queued and running activities),
/// and the cron rule must have the app awake when the retraining schedule fires.
/// </summary>
public sealed class ScaleRuleTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_durable_work_rule_counts_due_timers_and_activities_and_lets_the_app_sleep_otherwise()
    {
        var rule = Rule("durable-work");
        Assert.Equal("postgresql", ((BicepText)rule["type"]!).Exact);
        var query = ((BicepText)((BicepObjectValue)rule["metadata"]!)["query"]!).Exact!;
        var database = await postgres.CreateDatabaseAsync("wake");
        using var payloads = new TemporaryDirectory("infra-wake");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTask(durable => durable
            .UseStore(_ => new PostgresOrchestrationStore(database, "MlOpsHub", new FileSystemPayloadStore(payloads.Path)))
            .Configure(options => options.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100))
            .AddOrchestratorFunc<double, bool>("Sleep", async (context, minutes) =>
            {
                await context.CreateTimer(TimeSpan.FromMinutes(minutes), CancellationToken.None);
                return true;
            })
            .AddOrchestratorFunc<string, string>("Work", (context, input) => context.CallActivityAsync<string>("Block", input))
            .AddActivityFunc<string, string>("Block", async (_, input) =>
            {
                started.TrySetResult();
                await release.Task;
                return input;
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var idle = await client.ScheduleNewOrchestrationInstanceAsync("Sleep", 60.0);
        await client.WaitForInstanceStartAsync(idle);
        Assert.Equal(0, await CountAsync(database, query));

        var soon = await client.ScheduleNewOrchestrationInstanceAsync("Sleep", 0.5);
        await client.WaitForInstanceStartAsync(soon);
        Assert.Equal(1, await CountAsync(database, query));

        var work = await client.ScheduleNewOrchestrationInstanceAsync("Work", "x");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, await CountAsync(database, query));

        release.SetResult();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForInstanceCompletionAsync(work)).RuntimeStatus);
        Assert.Equal(1, await CountAsync(database, query));
        await host.StopAsync();
    }

    [Fact]
    public void When_sites_are_scheduled_the_app_is_awake_whenever_the_retraining_schedule_fires()
    {
        var main = DeploymentFiles.Template.File("main.bicep");
        var defaults = new BicepEvaluator(main);
        string Default(string name) => ((BicepText)defaults.Evaluate(main.Get(name).Value!)).Exact!;
        var app = DeploymentFiles.Template.File("modules/app.bicep");
        var evaluator = new BicepEvaluator(app, new Dictionary<string, BicepValue>
        {
            ["retrainSites"] = new BicepArrayValue([new BicepText("bedford")]),
            ["retrainSchedule"] = new BicepText(Default("retrainSchedule")),
            ["retrainWakeStart"] = new BicepText(Default("retrainWakeStart")),
            ["retrainWakeEnd"] = new BicepText(Default("retrainWakeEnd")),
        });
        var settings = ((BicepArrayValue)evaluator.Variable("retrainSiteSettings")).Items.Cast<BicepObjectValue>().ToList();
        Assert.Equal("MlOps__Retrain__Sites__0", ((BicepText)settings.Single()["name"]!).Exact);
        var cron = (BicepObjectValue)((BicepObjectValue)((BicepArrayValue)evaluator.Variable("scaleRules")).Items.Cast<BicepObjectValue>()
            .Single(r => ((BicepText)r["name"]!).Exact == "scheduled-retrain")["custom"]!)["metadata"]!;
        Assert.Equal("Etc/UTC", ((BicepText)cron["timezone"]!).Exact);
        var fires = NcrontabSchedule.Parse(Default("retrainSchedule"));
        Assert.Equal(new RetrainOptions().Schedule, fires.Text);
        // KEDA's cron fields are NCRONTAB's without the seconds.
        var wakes = NcrontabSchedule.Parse("0 " + ((BicepText)cron["start"]!).Exact);
        var sleeps = NcrontabSchedule.Parse("0 " + ((BicepText)cron["end"]!).Exact);

        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 24; i++)
        {
            var fire = fires.GetNextOccurrence(at)!.Value;
            var woke = wakes.GetNextOccurrence(fire.AddHours(-6))!.Value;
            Assert.True(woke <= fire.AddMinutes(-1), $"the app wakes at {woke:u}, after the schedule fires at {fire:u}");
            var slept = sleeps.GetNextOccurrence(woke)!.Value;
            Assert.True(slept >= fire.AddMinutes(5), $"the app may sleep at {slept:u}, too soon after the schedule fires at {fire:u}");
            at = fire;
        }
    }

    private static BicepObjectValue Rule(string name) =>
        (BicepObjectValue)DeploymentFiles.AppContainer.ScaleRules.Single(r => ((BicepText)r["name"]!).Exact == name)["custom"]!;

    private static async Task<long> CountAsync(string connectionString, string query)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(query, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
