using MlOps.Functions.Telemetry;

namespace MlOps.Functions.Runtime;

/// <summary>
/// Runs each timer function at its schedule's occurrences on the host's <see cref="TimeProvider"/>
/// (a test can drive the clock). Runs of one timer never overlap: the next occurrence is
/// computed after the previous run ends, and occurrences missed meanwhile collapse into one
/// past-due run, as the Functions host does.
/// </summary>
public sealed class TimerTriggerService(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    [FromKeyedServices(TimerTriggerService.ClockKey)] TimeProvider time,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    /// <summary>The keyed <see cref="TimeProvider"/> timers run on; a test replaces it to drive schedules by hand.</summary>
    public const string ClockKey = "timers";

    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Functions
            .Where(f => f.Trigger == TriggerKind.Timer)
            .Select(f => RunScheduleAsync(f, NcrontabSchedule.Parse(f.Schedule!), stoppingToken)));

    private async Task RunScheduleAsync(FunctionDescriptor function, NcrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var after = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (schedule.GetNextOccurrence(after) is not { } due)
            {
                logger.LogWarning("Timer {Function} has no further occurrences of '{Schedule}'", function.Name, schedule.Text);
                return;
            }
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var firedAt = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(firedAt);
            var info = new TimerInfo(due, firedAt, next, firedAt - due > PastDueAfter);
            using (logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = function.Name }))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var handler = (ITimerFunction)scope.ServiceProvider.GetRequiredService(function.Handler!);
                    using var span = FunctionsTelemetry.StartFunction(function.Name, "timer");
                    await handler.RunAsync(info, stoppingToken);
                    logger.LogInformation("Timer {Function} ran for {Due:u}; next {Next:u}", function.Name, due, next);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Timer {Function} failed for {Due:u}", function.Name, due);
                }
            }
            after = time.GetUtcNow() > due ? time.GetUtcNow() : due;
        }
    }
}
