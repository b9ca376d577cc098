using MlOps.Durable;
using MlOps.Jobs;

namespace MlOps.Functions.Activities;

/// <summary>Stops a trial's job when the sweep ends without it (goal reached, too many failures, timeout).</summary>
public sealed class StopTrialActivity(IJobRunner jobs) : TaskActivity<string, bool>
{
    public const string Name = "StopTrial";

    public override async Task<bool> RunAsync(TaskActivityContext context, string jobId)
    {
        if (await jobs.GetStatusAsync(jobId, context.ShutdownToken) is not { IsFinal: false })
        {
            return false;
        }
        await jobs.StopAsync(jobId, context.ShutdownToken);
        return true;
    }
}
