using Azure;
using MlOps.Storage;

namespace MlOps.Registry.Rollout;

/// <summary>
/// The rollout state of one model (<c>{name}/rollout.json</c>). Each change is one
/// read-modify-write over the ETag read, retried when another writer got in first and
/// re-checked against what they wrote: a rollback is never undone by a late weight change.
/// Changes that are already in effect (a retried step) write nothing and return the state.
/// </summary>
public sealed class ModelRolloutClient
{
    private readonly ModelRegistryClient registry;
    private readonly JsonDocumentBlob<RolloutState> document;

    internal ModelRolloutClient(ModelRegistryClient registry, string modelName)
    {
        this.registry = registry;
        ModelName = modelName;
        document = new JsonDocumentBlob<RolloutState>(registry.Container.GetBlobClient(RegistryLayout.RolloutBlob(modelName)));
    }

    public string ModelName { get; }

    private DateTimeOffset Now => registry.Clock.GetUtcNow();

    /// <summary>The stored rollout state with its ETag, or null when the model never had one.</summary>
    public Task<RolloutState?> GetStateAsync(CancellationToken cancellationToken = default) => document.ReadAsync(cancellationToken);

    /// <summary>
    /// Starts rolling <see cref="RolloutStart.ChallengerVersion"/> out: shadow mode at weight 0,
    /// canary mode above. Refused while another challenger's rollout is active; starting the
    /// same challenger again (a retried start) returns the rollout already running.
    /// </summary>
    public async Task<RolloutState> StartAsync(RolloutStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ValidatePercent(start.InitialWeight, nameof(start.InitialWeight));
        ValidatePercent(start.ShadowShare, nameof(start.ShadowShare));
        await registry.GetVersionAsync(ModelName, start.ChallengerVersion, cancellationToken).ConfigureAwait(false);
        var aliasChampion = start.ChampionVersion is null
            ? (await registry.GetAliasesAsync(ModelName, cancellationToken).ConfigureAwait(false)).Champion
            : null;
        if (start.ChampionVersion is { } named)
        {
            await registry.GetVersionAsync(ModelName, named, cancellationToken).ConfigureAwait(false);
        }
        return await ChangeAsync("Starting a rollout", current =>
        {
            if (current is { IsActive: true })
            {
                if (current.ChallengerVersion == start.ChallengerVersion && (start.RolloutId is null || start.RolloutId == current.RolloutId))
                {
                    return current;
                }
                throw Transition($"a rollout of challenger {current.ChallengerVersion} is {Describe(current.Mode)}; promote it or roll it back before starting another");
            }
            var champion = start.ChampionVersion ?? current?.ChampionVersion ?? aliasChampion;
            if (champion == start.ChallengerVersion)
            {
                throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest,
                    $"Version {start.ChallengerVersion} of '{ModelName}' is already the champion; it cannot also be the challenger.");
            }
            var at = Now;
            var mode = start.InitialWeight > 0 ? RolloutMode.Canary : RolloutMode.Shadow;
            var fresh = new RolloutState(ModelName, start.RolloutId ?? Guid.NewGuid().ToString("N"), mode, champion, start.ChallengerVersion)
            {
                PreviousChampionVersion = current?.PreviousChampionVersion,
                ShadowShare = start.ShadowShare,
                StartedAt = at,
                UpdatedAt = at,
            };
            return fresh.Changed(mode, start.InitialWeight, start.Reason, at, stepIndex: 0);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the challenger's weight for step <paramref name="stepIndex"/> (canary mode when above 0).
    /// Refused unless the rollout is in shadow or canary mode; a step older than the current one
    /// (a late retry) changes nothing.
    /// </summary>
    public Task<RolloutState> SetWeightAsync(int stepIndex, double weight, string reason, double? shadowShare = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        ValidatePercent(weight, nameof(weight));
        if (shadowShare is { } share)
        {
            ValidatePercent(share, nameof(shadowShare));
        }
        return ChangeAsync($"Setting the challenger weight to {weight}%", current =>
        {
            var state = Require(current);
            if (state.Mode is not (RolloutMode.Shadow or RolloutMode.Canary))
            {
                throw Transition($"the rollout is {Describe(state.Mode)}, so its weight cannot change");
            }
            var share = shadowShare ?? state.ShadowShare;
            if (stepIndex < state.StepIndex
                || (stepIndex == state.StepIndex && weight == state.ChallengerWeight && share == state.ShadowShare && state.Mode == ModeFor(weight, state.Mode)))
            {
                return state;
            }
            return (state with { ShadowShare = share }).Changed(ModeFor(weight, state.Mode), weight, reason, Now, stepIndex);
        }, cancellationToken);
    }

    /// <summary>Appends gate verdicts; verdicts already recorded (same step, metric and value) are not added twice.</summary>
    public Task<RolloutState> RecordGateResultsAsync(IReadOnlyList<GateResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        return ChangeAsync("Recording gate results", current =>
        {
            var state = Require(current);
            var added = results.Where(r => !state.Gates.Any(g => SameVerdict(g, r))).ToList();
            return added.Count == 0 ? state : state with { Gates = [.. state.Gates, .. added], UpdatedAt = Now };
        }, cancellationToken);
    }

    /// <summary>Freezes a shadow or canary rollout at its current weight (traffic keeps flowing as it is).</summary>
    public Task<RolloutState> PauseAsync(string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync("Pausing the rollout", current =>
        {
            var state = Require(current);
            return state.Mode switch
            {
                RolloutMode.Paused => state,
                RolloutMode.Shadow or RolloutMode.Canary => (state with { PausedFrom = state.Mode }).Changed(RolloutMode.Paused, state.ChallengerWeight, reason, Now),
                _ => throw Transition($"the rollout is {Describe(state.Mode)}; only a shadow or canary rollout can pause"),
            };
        }, cancellationToken);

    /// <summary>Lets a paused rollout go on in the mode it was paused from.</summary>
    public Task<RolloutState> ResumeAsync(string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync("Resuming the rollout", current =>
        {
            var state = Require(current);
            return state.Mode switch
            {
                RolloutMode.Shadow or RolloutMode.Canary => state,
                RolloutMode.Paused => (state with { PausedFrom = null }).Changed(state.PausedFrom ?? ModeFor(state.ChallengerWeight, RolloutMode.Shadow), state.ChallengerWeight, reason, Now),
                _ => throw Transition($"the rollout is {Describe(state.Mode)}; only a paused rollout can resume"),
            };
        }, cancellationToken);

    /// <summary>
    /// The challenger becomes champion (serving everything) and the old champion is kept as
    /// previous. Update the aliases with <see cref="ModelRegistryClient.PromoteChallengerAsync"/>.
    /// </summary>
    public Task<RolloutState> PromoteAsync(string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync("Promoting the challenger", current =>
        {
            var state = Require(current);
            if (state.Mode == RolloutMode.Promoted)
            {
                return state;
            }
            if (!state.IsActive || state.ChallengerVersion is not { } challenger)
            {
                throw Transition($"the rollout is {Describe(state.Mode)}; there is no challenger to promote");
            }
            return (state with
            {
                ChampionVersion = challenger,
                ChallengerVersion = null,
                PreviousChampionVersion = state.ChampionVersion,
                ShadowShare = 0,
                PausedFrom = null,
            }).Changed(RolloutMode.Promoted, 0, reason, Now);
        }, cancellationToken);

    /// <summary>
    /// Instant rollback, one conditional write: during a rollout the challenger's weight and
    /// mirror share drop to 0; after a promotion the previous champion serves again. The reason
    /// (and the failing <paramref name="gates"/>, if given) are recorded with it.
    /// </summary>
    public Task<RolloutState> RollbackAsync(string reason, IReadOnlyList<GateResult>? gates = null, CancellationToken cancellationToken = default) =>
        ChangeAsync("Rolling back", current =>
        {
            var state = Require(current);
            var withGates = gates is null ? state : state with { Gates = [.. state.Gates, .. gates.Where(r => !state.Gates.Any(g => SameVerdict(g, r)))] };
            return state.Mode switch
            {
                RolloutMode.RolledBack => state,
                RolloutMode.Shadow or RolloutMode.Canary or RolloutMode.Paused =>
                    (withGates with { ShadowShare = 0, PausedFrom = null }).Changed(RolloutMode.RolledBack, 0, reason, Now),
                RolloutMode.Promoted when state.PreviousChampionVersion is { } previous =>
                    (withGates with { ChampionVersion = previous, ChallengerVersion = state.ChampionVersion, PreviousChampionVersion = null, ShadowShare = 0 })
                        .Changed(RolloutMode.RolledBack, 0, reason, Now),
                _ => throw Transition($"the rollout is {Describe(state.Mode)}; there is nothing to roll back"),
            };
        }, cancellationToken);

    /// <summary>Makes <paramref name="version"/> the champion outright with no rollout (a model's first version). Refused during a rollout.</summary>
    public async Task<RolloutState> SetChampionAsync(int version, string reason, CancellationToken cancellationToken = default)
    {
        await registry.GetVersionAsync(ModelName, version, cancellationToken).ConfigureAwait(false);
        return await ChangeAsync($"Making version {version} the champion", current =>
        {
            if (current is { IsActive: true })
            {
                throw Transition($"a rollout of challenger {current.ChallengerVersion} is {Describe(current.Mode)}");
            }
            if (current is { Mode: RolloutMode.None } && current.ChampionVersion == version)
            {
                return current;
            }
            var at = Now;
            var state = RolloutState.ChampionOnly(ModelName, version, at) with { PreviousChampionVersion = current?.ChampionVersion };
            return state with { History = [new RolloutHistoryEntry(at, RolloutMode.None, 0, 0, 0, reason)] };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Any change as a read-modify-write: <paramref name="change"/> gets the current state (null
    /// when none) and returns the next (the same instance to write nothing). Without
    /// <paramref name="ifMatch"/> it is retried over other writers' changes; with it, exactly
    /// one attempt is made and a state that moved on fails with
    /// <see cref="ModelRegistryErrorCode.RolloutChanged"/> (412).
    /// </summary>
    public async Task<RolloutState> UpdateAsync(Func<RolloutState?, RolloutState> change, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (ifMatch is null)
        {
            return await ChangeAsync("Updating the rollout state", change, cancellationToken).ConfigureAwait(false);
        }
        var current = await document.ReadAsync(cancellationToken).ConfigureAwait(false);
        if ((current?.ETag ?? default) != ifMatch.Value)
        {
            throw Changed(ifMatch.Value, current?.ETag);
        }
        var next = change(current);
        if (ReferenceEquals(next, current))
        {
            return current;
        }
        try
        {
            return await document.WriteAsync(Checked(next), ifMatch.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConflictException)
        {
            throw Changed(ifMatch.Value, null);
        }
    }

    private Task<RolloutState> ChangeAsync(string what, Func<RolloutState?, RolloutState> change, CancellationToken cancellationToken) =>
        document.UpdateAsync(
            current => change(current) is var next && ReferenceEquals(next, current) ? next : Checked(next),
            registry.Options.MaxConflictRetries, $"{what} of '{ModelName}'", cancellationToken);

    private RolloutState Checked(RolloutState next)
    {
        if (next.ModelName != ModelName)
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest, $"A rollout state for '{next.ModelName}' cannot be written to '{ModelName}'.");
        }
        ValidatePercent(next.ChallengerWeight, nameof(next.ChallengerWeight));
        ValidatePercent(next.ShadowShare, nameof(next.ShadowShare));
        return next;
    }

    private RolloutState Require(RolloutState? current) =>
        current ?? throw new ModelRegistryException(409, ModelRegistryErrorCode.InvalidRolloutTransition, $"Model '{ModelName}' has no rollout.");

    private ModelRegistryException Transition(string why) =>
        new(409, ModelRegistryErrorCode.InvalidRolloutTransition, $"Model '{ModelName}': {why}.");

    private ModelRegistryException Changed(ETag expected, ETag? found) =>
        new(412, ModelRegistryErrorCode.RolloutChanged,
            $"The rollout state of '{ModelName}' changed since it was read (expected ETag {expected}{(found is { } f ? $", found {(f == default ? "none" : f.ToString())}" : "")}); nothing was written.");

    private static RolloutMode ModeFor(double weight, RolloutMode current) => weight > 0 ? RolloutMode.Canary : current;

    private static bool SameVerdict(GateResult a, GateResult b) =>
        a.StepIndex == b.StepIndex && a.Metric == b.Metric && a.Value.Equals(b.Value) && a.Threshold.Equals(b.Threshold) && a.Passed == b.Passed;

    private static string Describe(RolloutMode mode) => mode switch
    {
        RolloutMode.None => "not running",
        RolloutMode.Shadow => "in shadow mode",
        RolloutMode.Canary => "in canary mode",
        RolloutMode.Paused => "paused",
        RolloutMode.Promoted => "promoted",
        RolloutMode.RolledBack => "rolled back",
        _ => mode.ToString(),
    };

    private static void ValidatePercent(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 100)
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest, $"{name} is {value}; it must be a percentage from 0 to 100.");
        }
    }
}
