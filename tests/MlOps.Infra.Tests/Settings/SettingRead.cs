namespace MlOps.Infra.Tests.Settings;

public enum SettingSource
{
    /// <summary>A configuration key (sections joined by ':'); '*' stands for any run of characters.</summary>
    Configuration,

    /// <summary>An environment variable the program reads directly, by its exact name.</summary>
    EnvironmentVariable,
}

/// <summary>
/// One setting a program reads, found in its source: the key (a pattern with '*' where the
/// source leaves it open: collection items, children, interpolated parts), where it is read,
/// and, when the key could not be worked out, why.
/// </summary>
public sealed record SettingRead(SettingSource Source, string Key, string Location, string? Unresolved = null)
{
    public bool IsResolved => Unresolved is null;

    public override string ToString() => IsResolved ? $"{Key} ({Location})" : $"? {Key} ({Location}: {Unresolved})";
}
