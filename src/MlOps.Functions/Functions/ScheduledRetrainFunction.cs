using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using Microsoft.Extensions.Options;

namespace MlOps.Functions.Functions;

/// <summary>
/// ScheduledRetrain (timer): starts a retrain run for each configured site, skipping a site
/// whose retraining is still pending, running or suspended.
/// </summary>
public sealed class ScheduledRetrainFunction(DurableTaskClient durable, IOptions<RetrainOptions> options, ILogger<ScheduledRetrainFunction> logger) : ITimerFunction
{
    public const string Name = "ScheduledRetrain";

    private static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public async Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var site in options.Value.Sites.Where(SiteName.IsValid))
        {
            var running = await durable.QueryInstancesPageAsync(
                new OrchestrationQuery { Name = RetrainSurveyOrchestration.Name, InstanceIdPrefix = RetrainInstanceIds.SitePrefix(site), Statuses = Active, PageSize = 1 },
                cancellationToken);
            if (running.Instances.Count > 0)
            {
                logger.LogInformation("Scheduled retrain of {Site} skipped: {InstanceId} is still {Status}", site, running.Instances[0].InstanceId, running.Instances[0].RuntimeStatus);
                continue;
            }
            var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(
                RetrainSurveyOrchestration.Name,
                new RetrainRequest(site, Trigger: "timer"),
                new StartOrchestrationOptions(RetrainInstanceIds.ForSchedule(site, timer.ScheduledFor)) { DedupeStatuses = StartOrchestrationOptions.AllStatuses },
                cancellationToken);
            logger.LogInformation("Scheduled retrain of {Site} started: {InstanceId}", site, instanceId);
        }
    }
}
