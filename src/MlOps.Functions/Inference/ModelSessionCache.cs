using Microsoft.Extensions.Options;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Storage.Configuration;

namespace MlOps.Functions.Inference;

/// <summary>
/// ONNX Runtime sessions per model version, loaded from the registry on first use (concurrent
/// first requests share one load) and kept up to <see cref="InferenceOptions.MaxCachedSessions"/>.
/// Requests take a <see cref="SessionLease"/>; a session the cache lets go (least recently used,
/// when a newer version needs the room) is disposed only when its last lease is released, so a
/// swap never pulls a session out from under a running request. A version that fails to load is
/// remembered for a few seconds so a broken model is not downloaded again by every request.
/// </summary>
public sealed class ModelSessionCache : IDisposable
{
    private static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(5);

    private readonly ModelRegistryClient registry;
    private readonly InferenceOptions options;
    private readonly OnnxSessionOptions sessionOptions;
    private readonly TimeProvider time;
    private readonly ILogger<ModelSessionCache> logger;
    private readonly Dictionary<(string Model, int Version), Entry> entries = [];
    private readonly Lock gate = new();
    private long clock;
    private bool disposed;

    public ModelSessionCache(ModelRegistryClient registry, IOptions<InferenceOptions> options, MlOpsPaths paths, TimeProvider time, ILogger<ModelSessionCache> logger)
    {
        this.registry = registry;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        sessionOptions = new OnnxSessionOptions
        {
            IntraOpThreads = this.options.IntraOpThreads,
            InterOpThreads = 1,
            LibraryPath = OnnxRuntime.DefaultLibraryPath(paths),
            Logger = logger,
        };
    }

    /// <summary>How many sessions are loaded (or loading) now, for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Sessions released by the cache that still serve running requests.</summary>
    public int Draining => Volatile.Read(ref draining);

    private int draining;

    /// <summary>Loaded sessions disposed since start (after their last request finished).</summary>
    public int Disposed => Volatile.Read(ref disposedCount);

    private int disposedCount;

    /// <summary>
    /// A lease on <paramref name="model"/>:<paramref name="version"/>, loading it when needed.
    /// Throws <see cref="ModelRegistryException"/> (404) for a version that is not registered and
    /// <see cref="ModelLoadException"/> when the stored model cannot be loaded.
    /// </summary>
    public async ValueTask<SessionLease> AcquireAsync(string model, int version, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var key = (model, version);
            if (entries.TryGetValue(key, out var found) && found.Loading.IsFaulted && time.GetUtcNow() - found.FailedAt > FailureMemory)
            {
                entries.Remove(key);
                found = null;
            }
            if (found is null)
            {
                found = new Entry(this, model, version);
                entries[key] = found;
                found.Loading = LoadAsync(found);
            }
            entry = found;
            entry.Leases++;
            entry.LastUsed = ++clock;
            EvictBeyondCapacity();
        }
        try
        {
            var loaded = await entry.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new SessionLease(entry, loaded);
        }
        catch
        {
            entry.Release();
            throw;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (var entry in entries.Values)
            {
                Retire(entry);
            }
            entries.Clear();
        }
    }

    private async Task<ServingModel> LoadAsync(Entry entry)
    {
        await Task.Yield();
        BinaryData bytes;
        try
        {
            bytes = await registry.DownloadModelAsync(entry.Model, entry.Version, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            entry.FailedAt = time.GetUtcNow();
            if (e is ModelRegistryException { Status: 404 })
            {
                throw;
            }
            throw new ModelLoadException(entry.Model, entry.Version, e.Message, e);
        }
        try
        {
            var session = OnnxSession.Create(bytes.ToArray(), sessionOptions);
            logger.LogInformation("Loaded {Model}:{Version} ({Bytes} bytes) for serving", entry.Model, entry.Version, bytes.ToMemory().Length);
            return new ServingModel(entry.Model, entry.Version, session);
        }
        catch (OnnxRuntimeException e)
        {
            entry.FailedAt = time.GetUtcNow();
            throw new ModelLoadException(entry.Model, entry.Version, e.Message, e);
        }
    }

    private void EvictBeyondCapacity()
    {
        while (entries.Count > options.MaxCachedSessions)
        {
            Entry? oldest = null;
            foreach (var candidate in entries.Values)
            {
                if (oldest is null || candidate.LastUsed < oldest.LastUsed)
                {
                    oldest = candidate;
                }
            }
            entries.Remove((oldest!.Model, oldest.Version));
            Retire(oldest);
        }
    }

    private void Retire(Entry entry)
    {
        entry.Retired = true;
        if (entry.Leases == 0)
        {
            DisposeLoaded(entry);
        }
        else
        {
            Interlocked.Increment(ref draining);
        }
    }

    private void DisposeLoaded(Entry entry)
    {
        entry.Loading.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
                Interlocked.Increment(ref disposedCount);
                logger.LogInformation("Released {Model}:{Version}", entry.Model, entry.Version);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>One cached version: its load, how many requests hold it, and whether the cache has let it go.</summary>
    internal sealed class Entry(ModelSessionCache cache, string model, int version)
    {
        public string Model { get; } = model;

        public int Version { get; } = version;

        public Task<ServingModel> Loading { get; set; } = null!;

        public int Leases { get; set; }

        public long LastUsed { get; set; }

        public bool Retired { get; set; }

        public DateTimeOffset FailedAt { get; set; } = DateTimeOffset.MaxValue;

        public void Release()
        {
            lock (cache.gate)
            {
                Leases--;
                if (Retired && Leases == 0)
                {
                    Interlocked.Decrement(ref cache.draining);
                    cache.DisposeLoaded(this);
                }
            }
        }
    }
}
