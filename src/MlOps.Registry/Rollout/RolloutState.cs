using System.Text.Json.Serialization;
using Azure;

namespace MlOps.Registry.Rollout;

/// <summary>
/// rollout.json: which versions compete, the challenger's weight (percent of routing keys it
/// serves), the mode and step, the shadow mirror share, and the history of every change and
/// gate verdict. Every host's router reads it; it changes only by conditional writes.
/// </summary>
public sealed record RolloutState(
    string ModelName,
    string RolloutId,
    RolloutMode Mode,
    int? ChampionVersion = null,
    int? ChallengerVersion = null) : IETagged<RolloutState>
{
    public const int CurrentSchemaVersion = 1;

    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The champion before the last promotion, for instant rollback.</summary>
    public int? PreviousChampionVersion { get; init; }

    /// <summary>Percent (0–100) of routing keys served by the challenger.</summary>
    public double ChallengerWeight { get; init; }

    /// <summary>Percent (0–100) of champion-served requests also scored by the challenger off the response path.</summary>
    public double ShadowShare { get; init; }

    public int StepIndex { get; init; }

    /// <summary>The mode to go back to when a paused rollout resumes.</summary>
    public RolloutMode? PausedFrom { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<RolloutHistoryEntry> History { get; init; } = [];

    public IReadOnlyList<GateResult> Gates { get; init; } = [];

    /// <summary>The blob's ETag when read; default for a state not read from storage.</summary>
    [JsonIgnore]
    public ETag ETag { get; init; }

    /// <summary>True while a challenger is being evaluated (shadow, canary or paused).</summary>
    [JsonIgnore]
    public bool IsActive => Mode is RolloutMode.Shadow or RolloutMode.Canary or RolloutMode.Paused;

    /// <summary>The state of a model that has a champion and no rollout.</summary>
    public static RolloutState ChampionOnly(string modelName, int championVersion, DateTimeOffset at) =>
        new(modelName, "", RolloutMode.None, championVersion, null) { StartedAt = at, UpdatedAt = at };

    /// <summary>This state moved to <paramref name="mode"/> and <paramref name="weight"/>, with the change appended to the history.</summary>
    internal RolloutState Changed(RolloutMode mode, double weight, string reason, DateTimeOffset at, int? stepIndex = null) =>
        this with
        {
            Mode = mode,
            ChallengerWeight = weight,
            StepIndex = stepIndex ?? StepIndex,
            UpdatedAt = at,
            History = [.. History, new RolloutHistoryEntry(at, mode, stepIndex ?? StepIndex, ChallengerWeight, weight, reason)],
        };

    RolloutState IETagged<RolloutState>.WithETag(ETag etag) => this with { ETag = etag };
}
