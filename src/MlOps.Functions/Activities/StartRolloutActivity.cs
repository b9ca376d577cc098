using MlOps.Durable;

namespace MlOps.Functions.Activities;

public sealed record StartRolloutRequest(string Site, int ChallengerVersion, int ChampionVersion, string RunId);

/// <summary>Starts the canary rollout of a newly registered challenger as its own long-running orchestration (one per version).</summary>
public sealed class StartRolloutActivity(DurableTaskClient durable) : TaskActivity<StartRolloutRequest, string>
{
    public const string Name = "StartRollout";

    public static string InstanceId(string site, int version) => $"rollout-{site}-v{version}";

    public override async Task<string> RunAsync(TaskActivityContext context, StartRolloutRequest input) =>
        await durable.ScheduleNewOrchestrationInstanceAsync(
            CanaryRolloutOrchestration.Name,
            input,
            new StartOrchestrationOptions(InstanceId(input.Site, input.ChallengerVersion)) { DedupeStatuses = StartOrchestrationOptions.AllStatuses },
            context.ShutdownToken);
}
