namespace MlOps.Registry.Rollout;

/// <summary>Where a model's rollout stands.</summary>
public enum RolloutMode
{
    /// <summary>No rollout: the champion serves everything.</summary>
    None,

    /// <summary>The challenger scores a mirrored share of requests off the response path; users see only the champion.</summary>
    Shadow,

    /// <summary>The challenger serves its weight's share of routing keys.</summary>
    Canary,

    /// <summary>Progress is frozen at the current weight until resumed.</summary>
    Paused,

    /// <summary>The challenger became champion; the old champion is kept as previous.</summary>
    Promoted,

    /// <summary>The challenger gets no traffic any more (or a promotion was undone).</summary>
    RolledBack,
}
