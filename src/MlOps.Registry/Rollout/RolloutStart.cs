namespace MlOps.Registry.Rollout;

/// <summary>How to start rolling a challenger out against the champion.</summary>
public sealed record RolloutStart
{
    public required int ChallengerVersion { get; init; }

    /// <summary>The version it competes with; null takes the current rollout's champion, else the champion alias.</summary>
    public int? ChampionVersion { get; init; }

    /// <summary>
    /// Identifies this rollout (the orchestration instance id is a good choice). Routing hashes
    /// keys with it, so each rollout picks its own random share of keys. Null makes one up.
    /// </summary>
    public string? RolloutId { get; init; }

    /// <summary>Challenger weight in percent at the start; 0 starts in shadow mode, more in canary mode.</summary>
    public double InitialWeight { get; init; }

    /// <summary>Percent of champion-served requests also mirrored to the challenger.</summary>
    public double ShadowShare { get; init; }

    public string Reason { get; init; } = "rollout started";
}
