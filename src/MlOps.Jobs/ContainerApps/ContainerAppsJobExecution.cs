namespace MlOps.Jobs.ContainerApps;

/// <summary>
/// One execution of a Container Apps Job as ARM reports it: its generated name, its running
/// state (<c>Running</c>, <c>Processing</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Stopped</c>,
/// <c>Degraded</c>, <c>Unknown</c>), when it started and ended, and the environment its
/// containers were given (the union over its containers).
/// </summary>
public sealed record ContainerAppsJobExecution(
    string Name,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyDictionary<string, string> Environment);
