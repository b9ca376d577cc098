namespace MlOps.Registry.Rollout;

/// <summary>One change of a rollout: when, into which mode and step, the challenger weight before and after, and why.</summary>
public sealed record RolloutHistoryEntry(
    DateTimeOffset At,
    RolloutMode Mode,
    int StepIndex,
    double FromWeight,
    double ToWeight,
    string Reason);
