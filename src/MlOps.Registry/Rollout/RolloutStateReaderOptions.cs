namespace MlOps.Registry.Rollout;

/// <summary>Options for <see cref="RolloutStateReader"/>.</summary>
public sealed class RolloutStateReaderOptions
{
    /// <summary>How long a read state is served before it is checked again (a conditional GET). Zero checks on every read.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
