namespace MlOps.Functions.Rollout;

/// <summary>What an operator can tell a running rollout.</summary>
public enum RolloutAction
{
    /// <summary>End the current step's wait now (its gate still runs; a gate short of data passes).</summary>
    Approve,

    /// <summary>Freeze the rollout at its current weight until resumed.</summary>
    Pause,

    /// <summary>Go on from a pause; the step's wait starts again.</summary>
    Resume,

    /// <summary>Stop the rollout: the challenger gets no more traffic.</summary>
    Abort,

    /// <summary>Roll back: during a rollout as abort; after a promotion the previous champion serves again.</summary>
    Rollback,
}

/// <summary>An operator's command, raised to the rollout orchestration as the <see cref="EventName"/> event.</summary>
public sealed record RolloutCommand(RolloutAction Action, string Reason)
{
    public const string EventName = "RolloutCommand";
}
