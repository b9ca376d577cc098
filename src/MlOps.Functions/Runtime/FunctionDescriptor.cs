namespace MlOps.Functions.Runtime;

public enum TriggerKind
{
    Http,
    EventGrid,
    Timer,
    Orchestration,
    Activity,
}

/// <summary>One function as `GET /admin/functions` lists it.</summary>
public sealed record FunctionDescriptor(
    string Name,
    TriggerKind Trigger,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    AuthorizationLevel? AuthLevel = null,
    string? Schedule = null)
{
    internal Type? Handler { get; init; }
}
