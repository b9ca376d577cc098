using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlOps.Registry.Rollout;

/// <summary>
/// The rollout state as a host reads it on every request: served from memory, and checked again
/// once the refresh interval has passed with a conditional GET (304 when unchanged, so a steady
/// state costs no download). A model without rollout.json is served from its champion alias.
/// When storage cannot be reached the last state read keeps serving and is checked again after
/// the next interval; with nothing read yet the failure is thrown.
/// </summary>
public sealed class RolloutStateReader
{
    private readonly ModelRegistryClient registry;
    private readonly RolloutStateReaderOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public RolloutStateReader(ModelRegistryClient registry, RolloutStateReaderOptions? options = null, ILogger<RolloutStateReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.registry = registry;
        this.options = options ?? new RolloutStateReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.RefreshInterval, TimeSpan.Zero, nameof(RolloutStateReaderOptions.RefreshInterval));
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How long a read state is served before storage is checked again.</summary>
    public TimeSpan RefreshInterval => options.RefreshInterval;

    /// <summary>The model's current rollout state (null when it has neither rollout state nor champion).</summary>
    public ValueTask<RolloutState?> GetAsync(string modelName, CancellationToken cancellationToken = default)
    {
        var entry = entries.GetOrAdd(modelName, static name =>
        {
            ModelName.Validate(name);
            return new Entry();
        });
        var snapshot = entry.Snapshot;
        if (snapshot is not null && options.TimeProvider.GetUtcNow() - snapshot.CheckedAt < options.RefreshInterval)
        {
            return ValueTask.FromResult(snapshot.State);
        }
        return new ValueTask<RolloutState?>(RefreshAsync(modelName, entry, cancellationToken));
    }

    /// <summary>Checks storage now, whatever the interval (e.g. right after this host changed the rollout).</summary>
    public Task<RolloutState?> RefreshAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        return RefreshAsync(modelName, entries.GetOrAdd(modelName, _ => new Entry()), cancellationToken);
    }

    private Task<RolloutState?> RefreshAsync(string modelName, Entry entry, CancellationToken cancellationToken)
    {
        // Requests arriving while a check is under way share it instead of each sending their own.
        lock (entry)
        {
            if (entry.Pending is { IsCompleted: false } pending)
            {
                return pending.WaitAsync(cancellationToken);
            }
            var check = CheckAsync(modelName, entry);
            entry.Pending = check;
            return check.WaitAsync(cancellationToken);
        }
    }

    private async Task<RolloutState?> CheckAsync(string modelName, Entry entry)
    {
        await Task.Yield();
        var previous = entry.Snapshot;
        try
        {
            var document = new JsonDocumentBlob<RolloutState>(registry.Container.GetBlobClient(RegistryLayout.RolloutBlob(modelName)));
            var state = previous?.Rollout is { } knownRollout
                ? await document.ReadIfChangedAsync(knownRollout, CancellationToken.None).ConfigureAwait(false)
                : await document.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            ModelAliases? aliases = null;
            if (state is null)
            {
                var aliasesDocument = registry.AliasesDocument(modelName);
                aliases = previous?.Aliases is { } knownAliases
                    ? await aliasesDocument.ReadIfChangedAsync(knownAliases, CancellationToken.None).ConfigureAwait(false)
                    : await aliasesDocument.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            var served = state
                ?? (aliases?.Champion is { } champion
                    ? (ReferenceEquals(previous?.Aliases, aliases) && previous?.State is { } same ? same : RolloutState.ChampionOnly(modelName, champion, aliases.UpdatedAt ?? default))
                    : null);
            entry.Snapshot = new Snapshot(served, state, aliases, options.TimeProvider.GetUtcNow());
            return served;
        }
        catch (Exception e) when (previous is not null && e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not check the rollout state of {Model}; serving the state read at {CheckedAt}", modelName, previous.CheckedAt);
            entry.Snapshot = previous with { CheckedAt = options.TimeProvider.GetUtcNow() };
            return previous.State;
        }
    }

    private sealed class Entry
    {
        private Snapshot? snapshot;

        public Snapshot? Snapshot
        {
            get => Volatile.Read(ref snapshot);
            set => Volatile.Write(ref snapshot, value);
        }

        public Task<RolloutState?>? Pending { get; set; }
    }

    /// <summary>What was served, the documents it came from (for the next conditional GET) and when storage was last checked.</summary>
    private sealed record Snapshot(RolloutState? State, RolloutState? Rollout, ModelAliases? Aliases, DateTimeOffset CheckedAt);
}
