using System.Security.Cryptography;
using Azure;
using MlOps.Registry.Rollout;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Registry;

/// <summary>
/// The model registry on blob storage: immutable numbered versions (model.onnx + card.json),
/// the <c>champion</c>/<c>challenger</c>/<c>previous</c> aliases, and a
/// <see cref="ModelRolloutClient"/> per model for its rollout state. Every shared document is
/// changed only by conditional writes, so concurrent writers never corrupt each other.
/// </summary>
public sealed class ModelRegistryClient
{
    private readonly ModelRegistryClientOptions options;
    private int containerCreated;

    public ModelRegistryClient(BlobServiceClient service, ModelRegistryClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        this.options = options ?? new ModelRegistryClientOptions();
        this.options.Validate();
        Container = service.GetBlobContainerClient(this.options.ContainerName);
    }

    public string ContainerName => Container.Name;

    internal BlobContainerClient Container { get; }

    internal ModelRegistryClientOptions Options => options;

    internal TimeProvider Clock => options.TimeProvider;

    /// <summary>The rollout state of one model (weights, mode, history, gate results).</summary>
    public ModelRolloutClient GetRolloutClient(string modelName)
    {
        ModelName.Validate(modelName);
        return new ModelRolloutClient(this, modelName);
    }

    // ---- versions -------------------------------------------------------------------------

    /// <summary>
    /// Registers <paramref name="model"/> as a new immutable version: model.onnx first, then
    /// card.json, each create-only, so two registrations at once get distinct numbers and a
    /// crash in between leaves nothing that counts as a version. Registering a run id that is
    /// already registered returns that version instead of making another.
    /// </summary>
    public async Task<ModelCard> RegisterAsync(string modelName, ModelRegistration registration, BinaryData model, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(model);
        registration.Validate();
        var bytes = model.ToMemory();
        if (bytes.IsEmpty)
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest, $"The model.onnx given for '{modelName}' is empty.");
        }
        if (bytes.Length > options.MaxModelBytes)
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest,
                $"The model.onnx given for '{modelName}' is {bytes.Length} bytes; the registry accepts at most {options.MaxModelBytes}.");
        }
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        var runs = RunDocument(modelName, registration.RunId);
        var listing = await ModelListing.ReadAsync(Container, modelName, cancellationToken).ConfigureAwait(false);
        if (await FindRegisteredRunAsync(modelName, registration.RunId, runs, listing, cancellationToken).ConfigureAwait(false) is { } already)
        {
            return already;
        }
        await AbandonStaleOrphansAsync(modelName, listing, cancellationToken).ConfigureAwait(false);
        var parent = registration.ParentVersion ?? (await GetAliasesAsync(modelName, cancellationToken).ConfigureAwait(false)).Champion;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var candidate = registration.Version ?? listing.HighestNumber + 1;
        if (registration.Version is { } wanted && listing.Versions.ContainsKey(wanted))
        {
            throw VersionExists(modelName, wanted);
        }

        for (var attempt = 1; attempt <= options.MaxConflictRetries; attempt++, candidate++)
        {
            var registrationId = Guid.NewGuid().ToString("N");
            var modelBlob = Container.GetBlobClient(RegistryLayout.ModelBlob(modelName, candidate));
            BlobContentInfo modelWritten;
            try
            {
                modelWritten = await modelBlob.UploadAsync(model, new BlobUploadOptions
                {
                    ContentType = "application/octet-stream",
                    Conditions = BlobRequestConditions.CreateOnly,
                    Metadata = new Dictionary<string, string> { [RegistryLayout.RegistrationMetadata] = registrationId },
                    // One Put Blob: create-only is decided atomically, and no uncommitted blocks of two writers can mix.
                    TransferOptions = new StorageTransferOptions { SinglePutThreshold = bytes.Length },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobConflictException)
            {
                if (registration.Version is { } taken)
                {
                    throw VersionExists(modelName, taken);
                }
                continue; // Another registration holds this number; try the next.
            }

            var card = new ModelCard(
                modelName, candidate, Clock.GetUtcNow(), registrationId, registration.RunId, registration.ModelKind,
                registration.Parameters, registration.DataYears, registration.Metrics, bytes.Length, sha256,
                registration.SweepId, registration.TrialId, registration.CodeVersion, parent);
            var cardBlob = Container.GetBlobClient(RegistryLayout.CardBlob(modelName, candidate));
            BlobContentInfo cardWritten;
            try
            {
                cardWritten = await cardBlob.UploadAsync(RegistryJson.Serialize(card), new BlobUploadOptions
                {
                    ContentType = "application/json",
                    Conditions = BlobRequestConditions.CreateOnly,
                    Metadata = new Dictionary<string, string>
                    {
                        [RegistryLayout.RegistrationMetadata] = registrationId,
                        [RegistryLayout.RunMetadata] = RegistryLayout.RunKey(registration.RunId),
                    },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (BlobConflictException)
            {
                // A card without a model was left here by hand: this number is unusable.
                await AbandonAsync(modelBlob, modelWritten.ETag, cancellationToken).ConfigureAwait(false);
                if (registration.Version is { } taken)
                {
                    throw VersionExists(modelName, taken);
                }
                continue;
            }

            // A registration stalled past the grace period may have had its model.onnx emptied by
            // cleanup meanwhile; then this card vouches for nothing and must go.
            var modelNow = await modelBlob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (modelNow.ETag != modelWritten.ETag)
            {
                await DeleteQuietlyAsync(cardBlob, cardWritten.ETag, cancellationToken).ConfigureAwait(false);
                if (registration.Version is { } taken)
                {
                    throw VersionExists(modelName, taken);
                }
                continue;
            }

            var winner = await ClaimRunAsync(modelName, registration.RunId, candidate, runs, cancellationToken).ConfigureAwait(false);
            if (winner.Version == candidate)
            {
                return card;
            }
            // The same run registered concurrently and recorded its version first: withdraw this
            // duplicate (no caller was ever told about it) and answer with the recorded one.
            await DeleteQuietlyAsync(cardBlob, cardWritten.ETag, cancellationToken).ConfigureAwait(false);
            await AbandonAsync(modelBlob, modelWritten.ETag, cancellationToken).ConfigureAwait(false);
            return winner;
        }
        throw ModelRegistryException.TooManyConflicts($"Registering a version of '{modelName}'", options.MaxConflictRetries);
    }

    /// <summary>Registers the model.onnx at <paramref name="modelPath"/>; see <see cref="RegisterAsync(string, ModelRegistration, BinaryData, CancellationToken)"/>.</summary>
    public async Task<ModelCard> RegisterFromFileAsync(string modelName, ModelRegistration registration, string modelPath, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(modelPath, cancellationToken).ConfigureAwait(false);
        return await RegisterAsync(modelName, registration, BinaryData.FromBytes(bytes), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The card of a registered version; <see cref="ModelRegistryErrorCode.VersionNotFound"/> when it is absent or half-written.</summary>
    public async Task<ModelCard> GetVersionAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        return await TryGetRegisteredAsync(modelName, version, cancellationToken).ConfigureAwait(false)
            ?? throw ModelRegistryException.VersionNotFound(modelName, version);
    }

    /// <summary>The card that <paramref name="reference"/> names; see <see cref="ResolveVersionAsync"/>.</summary>
    public async Task<ModelCard> GetVersionAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        var version = await ResolveVersionAsync(reference, cancellationToken).ConfigureAwait(false);
        return await GetVersionAsync(reference.Name, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every registered version's card, oldest first (empty when the model has none).</summary>
    public async Task<IReadOnlyList<ModelCard>> GetVersionsAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        var listing = await ModelListing.ReadAsync(Container, modelName, cancellationToken).ConfigureAwait(false);
        var registered = listing.Registered.ToList();
        var cards = new ModelCard?[registered.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, registered.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => cards[i] = await ReadCardAsync(modelName, registered[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        // A card gone since the listing was a duplicate withdrawn by a concurrent registration of the same run.
        return cards.OfType<ModelCard>().ToList();
    }

    /// <summary>
    /// The version number a reference names: its number (which must be registered), the version
    /// its alias names, or with neither the champion, else the newest version.
    /// </summary>
    public async Task<int> ResolveVersionAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ModelName.Validate(reference.Name);
        if (reference.Version is { } version)
        {
            return (await GetVersionAsync(reference.Name, version, cancellationToken).ConfigureAwait(false)).Version;
        }
        var aliases = await GetAliasesAsync(reference.Name, cancellationToken).ConfigureAwait(false);
        if (reference.Alias is { } alias)
        {
            return aliases[alias] ?? throw new ModelRegistryException(404, ModelRegistryErrorCode.AliasNotSet,
                $"Model '{reference.Name}' has no {alias.ToString().ToLowerInvariant()}.");
        }
        if (aliases.Champion is { } champion)
        {
            return champion;
        }
        var listing = await ModelListing.ReadAsync(Container, reference.Name, cancellationToken).ConfigureAwait(false);
        return listing.Registered.Select(v => (int?)v).LastOrDefault() ?? throw ModelRegistryException.ModelNotFound(reference.Name);
    }

    /// <summary>The model.onnx bytes of a registered version, checked against the size and SHA-256 its card records.</summary>
    public async Task<BinaryData> DownloadModelAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        var card = await GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        var blob = Container.GetBlobClient(RegistryLayout.ModelBlob(modelName, version));
        var (content, _) = await blob.DownloadContentAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = content.ToMemory();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (bytes.Length != card.SizeBytes || actual != card.Sha256)
        {
            throw new ModelRegistryException(500, ModelRegistryErrorCode.IntegrityCheckFailed,
                $"'{blob.Name}' is {bytes.Length} bytes with SHA-256 {actual}, but its card records {card.SizeBytes} bytes with SHA-256 {card.Sha256}: the stored model is corrupted.");
        }
        return content;
    }

    /// <summary>
    /// Empties every model.onnx without a card older than the grace period (the leftovers of
    /// crashed registrations), keeping the emptied blob so its number is never reused. Returns how many.
    /// </summary>
    public async Task<int> RemoveOrphansAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        var listing = await ModelListing.ReadAsync(Container, modelName, cancellationToken).ConfigureAwait(false);
        return await AbandonStaleOrphansAsync(modelName, listing, cancellationToken).ConfigureAwait(false);
    }

    // ---- aliases --------------------------------------------------------------------------

    /// <summary>The model's aliases (all unset when none were ever written), with the ETag read.</summary>
    public async Task<ModelAliases> GetAliasesAsync(string modelName, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        return await AliasesDocument(modelName).ReadAsync(cancellationToken).ConfigureAwait(false) ?? new ModelAliases();
    }

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> (null clears it), retrying when another writer got in first.</summary>
    public Task<ModelAliases> SetAliasAsync(string modelName, ModelAlias alias, int? version, CancellationToken cancellationToken = default) =>
        UpdateAliasesAsync(modelName, current => current.With(alias, version), cancellationToken);

    /// <summary>
    /// Read-modify-write of the aliases: <paramref name="change"/> is applied to the current
    /// aliases and written over their ETag; when another writer got in first it is applied
    /// again to what they wrote. Every version named must be registered.
    /// </summary>
    public async Task<ModelAliases> UpdateAliasesAsync(string modelName, Func<ModelAliases, ModelAliases> change, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(modelName);
        ArgumentNullException.ThrowIfNull(change);
        var verified = new HashSet<int>();
        return await AliasesDocument(modelName).UpdateAsync(async (stored, ct) =>
        {
            var current = stored ?? new ModelAliases();
            var next = change(current);
            if (next.SameAssignment(current))
            {
                return current;
            }
            foreach (var version in new[] { next.Champion, next.Challenger, next.Previous })
            {
                if (version is { } v && v != current.Champion && v != current.Challenger && v != current.Previous && verified.Add(v))
                {
                    await GetVersionAsync(modelName, v, ct).ConfigureAwait(false);
                }
            }
            return next with { UpdatedAt = Clock.GetUtcNow() };
        }, options.MaxConflictRetries, $"Updating the aliases of '{modelName}'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the aliases to <paramref name="desired"/> only if they still name what
    /// <paramref name="expected"/> names; otherwise fails with
    /// <see cref="ModelRegistryErrorCode.AliasesChanged"/> (412) instead of retrying.
    /// </summary>
    public Task<ModelAliases> UpdateAliasesAsync(string modelName, ModelAliases expected, ModelAliases desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(desired);
        return UpdateAliasesAsync(modelName, current => current.SameAssignment(expected)
            ? desired
            : throw new ModelRegistryException(412, ModelRegistryErrorCode.AliasesChanged,
                $"The aliases of '{modelName}' changed: expected {expected}, found {current}; nothing was written."), cancellationToken);
    }

    /// <summary>
    /// Challenger becomes champion and the old champion becomes <c>previous</c> (for instant
    /// rollback). With <paramref name="expectedChallenger"/>, fails unless that version is the
    /// challenger, and returns quietly when it is already champion (a retried promotion).
    /// </summary>
    public Task<ModelAliases> PromoteChallengerAsync(string modelName, int? expectedChallenger = null, CancellationToken cancellationToken = default) =>
        UpdateAliasesAsync(modelName, current =>
        {
            if (expectedChallenger is { } expected && current.Champion == expected && current.Challenger is null)
            {
                return current;
            }
            if (current.Challenger is not { } challenger)
            {
                throw new ModelRegistryException(409, ModelRegistryErrorCode.AliasNotSet, $"Model '{modelName}' has no challenger to promote.");
            }
            if (expectedChallenger is { } wanted && wanted != challenger)
            {
                throw new ModelRegistryException(412, ModelRegistryErrorCode.AliasesChanged,
                    $"Model '{modelName}' has challenger {challenger}, not {wanted}; nothing was promoted.");
            }
            return new ModelAliases(Champion: challenger, Challenger: null, Previous: current.Champion);
        }, cancellationToken);

    /// <summary>The previous champion becomes champion again (undoing a promotion); the demoted one keeps no alias.</summary>
    public Task<ModelAliases> RestorePreviousChampionAsync(string modelName, CancellationToken cancellationToken = default) =>
        UpdateAliasesAsync(modelName, current => current.Previous is { } previous
            ? new ModelAliases(Champion: previous, Challenger: current.Challenger == previous ? null : current.Challenger, Previous: null)
            : throw new ModelRegistryException(409, ModelRegistryErrorCode.AliasNotSet, $"Model '{modelName}' has no previous champion to restore."),
            cancellationToken);

    // ---- internals ------------------------------------------------------------------------

    internal JsonDocumentBlob<ModelAliases> AliasesDocument(string modelName) =>
        new(Container.GetBlobClient(RegistryLayout.AliasesBlob(modelName)));

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref containerCreated) == 0)
        {
            await Container.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref containerCreated, 1);
        }
    }

    private JsonDocumentBlob<RunRecord> RunDocument(string modelName, string runId) =>
        new(Container.GetBlobClient(RegistryLayout.RunBlob(modelName, runId)));

    /// <summary>The version a run already became: from its run record, or (after a crash before the record was written) from the cards' metadata.</summary>
    private async Task<ModelCard?> FindRegisteredRunAsync(string modelName, string runId, JsonDocumentBlob<RunRecord> runs, ModelListing listing, CancellationToken cancellationToken)
    {
        if (await runs.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record
            && await TryGetRegisteredAsync(modelName, record.Version, cancellationToken).ConfigureAwait(false) is { } recorded)
        {
            return recorded;
        }
        if (listing.FindRun(RegistryLayout.RunKey(runId)) is { } version
            && await TryGetRegisteredAsync(modelName, version, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await ClaimRunAsync(modelName, runId, version, runs, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>
    /// Records that <paramref name="runId"/> became <paramref name="version"/>, unless another
    /// registration of the same run recorded a registered version first; returns the winner's card.
    /// </summary>
    private async Task<ModelCard> ClaimRunAsync(string modelName, string runId, int version, JsonDocumentBlob<RunRecord> runs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= options.MaxConflictRetries; attempt++)
        {
            var existing = await runs.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Version != version
                && await TryGetRegisteredAsync(modelName, existing.Version, cancellationToken).ConfigureAwait(false) is { } theirs)
            {
                return theirs;
            }
            if (existing is null || existing.Version != version)
            {
                try
                {
                    // Create-only, or over a record that points at a version that never completed.
                    await runs.WriteAsync(new RunRecord(runId, version, Clock.GetUtcNow()), existing?.ETag ?? default, cancellationToken).ConfigureAwait(false);
                }
                catch (BlobConflictException)
                {
                    continue;
                }
            }
            return await GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        }
        throw ModelRegistryException.TooManyConflicts($"Recording run '{runId}' of '{modelName}'", options.MaxConflictRetries);
    }

    /// <summary>The card of <paramref name="version"/> if it is registered: card present, model present, same registration id.</summary>
    private async Task<ModelCard?> TryGetRegisteredAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var modelTask = TryGetPropertiesAsync(Container.GetBlobClient(RegistryLayout.ModelBlob(modelName, version)), cancellationToken);
        var cardTask = ReadCardAsync(modelName, version, cancellationToken);
        var model = await modelTask.ConfigureAwait(false);
        var card = await cardTask.ConfigureAwait(false);
        return card is not null && model is not null
               && !model.Metadata.ContainsKey(RegistryLayout.AbandonedMetadata)
               && VersionBlobs.Registration(model) == card.RegistrationId
            ? card
            : null;
    }

    private async Task<ModelCard?> ReadCardAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(RegistryLayout.CardBlob(modelName, version));
        BinaryData content;
        try
        {
            (content, _) = await blob.DownloadContentAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
        var card = RegistryJson.Deserialize<ModelCard>(content, blob.Name);
        if (card.Name != modelName || card.Version != version)
        {
            throw new ModelRegistryException(422, ModelRegistryErrorCode.InvalidDocument,
                $"'{blob.Name}' describes {card.Name}:{card.Version}, not {modelName}:{version}.");
        }
        return card;
    }

    private static async Task<BlobProperties?> TryGetPropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task<int> AbandonStaleOrphansAsync(string modelName, ModelListing listing, CancellationToken cancellationToken)
    {
        var cutoff = Clock.GetUtcNow() - options.OrphanGracePeriod;
        var abandoned = 0;
        foreach (var (_, blobs) in listing.Versions)
        {
            if (blobs.IsOrphan && blobs.Model!.Properties.LastModified < cutoff
                && await AbandonAsync(Container.GetBlobClient(blobs.Model.Name), blobs.Model.Properties.ETag, cancellationToken).ConfigureAwait(false))
            {
                abandoned++;
            }
        }
        return abandoned;
    }

    /// <summary>Empties a model.onnx (if it is still the one read) and marks it abandoned; the blob stays so its number stays taken.</summary>
    private static async Task<bool> AbandonAsync(BlobClient modelBlob, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await modelBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions
            {
                Conditions = BlobRequestConditions.MatchOnly(etag),
                Metadata = new Dictionary<string, string> { [RegistryLayout.AbandonedMetadata] = "true" },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConflictException)
        {
            return false; // It changed since: not ours to abandon.
        }
    }

    private static async Task DeleteQuietlyAsync(BlobClient blob, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await blob.DeleteAsync(BlobRequestConditions.MatchOnly(etag), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException e) when (e.IsNotFound || e is BlobConflictException)
        {
            // Already gone or replaced: nothing of ours is left to remove.
        }
    }

    private static ModelRegistryException VersionExists(string modelName, int version) =>
        new(409, ModelRegistryErrorCode.VersionExists, $"Version {version} of '{modelName}' already exists; versions are immutable, so it was not overwritten.");
}
