namespace MlOps.Registry.Rollout;

/// <summary>
/// Which version serves a request, whether that is the challenger, and which version (if any)
/// should also score it off the response path (shadow mirroring).
/// </summary>
public readonly record struct RouteDecision(int Version, bool IsChallenger, int? MirrorVersion)
{
    public bool Mirror => MirrorVersion is not null;
}
