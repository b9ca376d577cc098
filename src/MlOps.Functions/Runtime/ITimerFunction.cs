namespace MlOps.Functions.Runtime;

/// <summary>What a timer function is told when it fires.</summary>
public sealed record TimerInfo(DateTimeOffset ScheduledFor, DateTimeOffset FiredAt, DateTimeOffset? Next, bool IsPastDue);

/// <summary>A timer-triggered function, run on its NCRONTAB schedule.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerInfo timer, CancellationToken cancellationToken);
}
