using System.Text.Json.Nodes;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

public sealed class RegistrationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>
    /// Policies for <paramref name="writers"/> clients that hold each client's first PUT to a blob
    /// ending in <paramref name="suffix"/> until all of them have got that far, so they race for real.
    /// </summary>
    private static List<RecordingPolicy> StartingLine(int writers, string suffix)
    {
        var arrived = 0;
        var everyone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Enumerable.Range(0, writers).Select(_ =>
        {
            var first = true;
            var policy = new RecordingPolicy();
            policy.BeforeSend = async message =>
            {
                if (first && message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.EndsWith(suffix, StringComparison.Ordinal))
                {
                    first = false;
                    if (Interlocked.Increment(ref arrived) == writers)
                    {
                        everyone.SetResult();
                    }
                    await everyone.Task;
                }
            };
            return policy;
        }).ToList();
    }

    [Fact]
    public async Task Eight_registrations_at_once_get_distinct_consecutive_versions_and_every_card_reads_back()
    {
        var container = NewContainerName();
        await Client(azurite, container).RegisterAsync("other-model", Registration("run-x"), Model(99)); // The container exists.
        var policies = StartingLine(8, "/model.onnx");
        // Eight clients with their own pipelines, as eight hosts would be, all first trying version 1 at once.
        var clients = policies.Select(policy => Client(azurite, container, policy)).ToList();

        var cards = await Task.WhenAll(clients.Select((client, i) =>
            Task.Run(() => client.RegisterAsync("bedford", Registration($"run-{i}"), Model(i)))));

        Assert.Equal(Enumerable.Range(1, 8), cards.Select(c => c.Version).Order());
        var firstTries = policies.Select(p => p.To("/model.onnx", "PUT")[0]).ToList();
        Assert.All(firstTries, r => Assert.EndsWith("/bedford/1/model.onnx", r.Path, StringComparison.Ordinal));
        Assert.Equal(7, firstTries.Count(r => r.Status == 409));
        var reader = Client(azurite, container);
        var listed = await reader.GetVersionsAsync("bedford");
        Assert.Equal(Enumerable.Range(1, 8), listed.Select(c => c.Version));
        foreach (var card in cards)
        {
            var run = int.Parse(card.RunId["run-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(card.RunId, listed.Single(c => c.Version == card.Version).RunId);
            Assert.Equal(Model(run).ToArray(), (await reader.DownloadModelAsync("bedford", card.Version)).ToArray());
        }
    }

    [Fact]
    public async Task Registering_the_same_run_again_returns_the_version_it_already_became()
    {
        var registry = Client(azurite, NewContainerName());
        var first = await registry.RegisterAsync("bedford", Registration("run-a"), Model(1));
        var other = await registry.RegisterAsync("bedford", Registration("run-b"), Model(2));

        // The step is retried after the registration went through (e.g. the host died before recording it).
        var again = await registry.RegisterAsync("bedford", Registration("run-a"), Model(3));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, other.Version);
        Assert.Equal(Json(first), Json(again));
        Assert.Equal([1, 2], (await registry.GetVersionsAsync("bedford")).Select(c => c.Version));
        Assert.Equal(Model(1).ToArray(), (await registry.DownloadModelAsync("bedford", 1)).ToArray());
    }

    [Fact]
    public async Task A_registration_that_dies_after_its_card_is_found_again_by_its_run_id()
    {
        var container = NewContainerName();
        var crashing = new RecordingPolicy
        {
            BeforeSend = message => message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.Contains("/bedford/runs/", StringComparison.Ordinal)
                ? throw new IOException("host killed before the run was recorded")
                : Task.CompletedTask,
        };
        await Assert.ThrowsAsync<IOException>(() => Client(azurite, container, crashing).RegisterAsync("bedford", Registration("run-a"), Model(1)));
        var registry = Client(azurite, container);
        Assert.Equal([1], (await registry.GetVersionsAsync("bedford")).Select(c => c.Version)); // The card made it: version 1 is registered.

        var retried = await registry.RegisterAsync("bedford", Registration("run-a"), Model(1));
        var next = await registry.RegisterAsync("bedford", Registration("run-b"), Model(2));

        Assert.Equal(1, retried.Version);
        Assert.Equal(2, next.Version);
        Assert.Equal(2, await Container(azurite, container).GetBlobsAsync("bedford/runs/").CountAsync());
    }

    [Fact]
    public async Task Four_registrations_of_one_run_at_once_end_as_one_version()
    {
        var container = NewContainerName();
        await Client(azurite, container).RegisterAsync("other-model", Registration("run-x"), Model(99));
        // All four hold a version number of their own before any card is written: three must withdraw theirs.
        var clients = StartingLine(4, "/card.json").Select(policy => Client(azurite, container, policy)).ToList();

        var cards = await Task.WhenAll(clients.Select((client, i) =>
            Task.Run(() => client.RegisterAsync("bedford", Registration("run-dup"), Model(10 + i)))));

        var version = Assert.Single(cards.Select(c => c.Version).Distinct());
        var listed = await clients[0].GetVersionsAsync("bedford");
        Assert.Equal(version, Assert.Single(listed).Version);
        var abandoned = 0;
        await foreach (var blob in Container(azurite, container).GetBlobsAsync("bedford/"))
        {
            abandoned += blob.Properties.Metadata.ContainsKey("abandoned") ? 1 : 0;
        }
        Assert.Equal(3, abandoned);
        var next = await clients[0].RegisterAsync("bedford", Registration("run-next"), Model(20));
        Assert.Equal(5, next.Version);
    }

    [Fact]
    public async Task An_existing_version_is_never_overwritten()
    {
        var registry = Client(azurite, NewContainerName());
        var original = await registry.RegisterAsync("bedford", Registration("run-a", accuracy: 0.91), Model(1));

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() =>
            registry.RegisterAsync("bedford", Registration("run-b", accuracy: 0.99) with { Version = 1 }, Model(2)));

        Assert.Equal(409, refused.Status);
        Assert.Equal(ModelRegistryErrorCode.VersionExists, refused.ErrorCode);
        Assert.Contains("Version 1 of 'bedford' already exists", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Json(original), Json(await registry.GetVersionAsync("bedford", 1)));
        Assert.Equal(Model(1).ToArray(), (await registry.DownloadModelAsync("bedford", 1)).ToArray());
        var raw = Container(azurite, registry.ContainerName).GetBlobClient("bedford/1/model.onnx");
        await Assert.ThrowsAsync<BlobConflictException>(() =>
            raw.UploadAsync(Model(2), new BlobUploadOptions { Conditions = BlobRequestConditions.CreateOnly }));
    }

    [Fact]
    public async Task A_registration_that_dies_between_model_and_card_leaves_no_version_and_its_number_is_not_reused()
    {
        var container = NewContainerName();
        var crashing = new RecordingPolicy
        {
            BeforeSend = message => message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.EndsWith("/card.json", StringComparison.Ordinal)
                ? throw new IOException("host killed before the card was written")
                : Task.CompletedTask,
        };
        var doomed = Client(azurite, container, crashing);

        await Assert.ThrowsAsync<IOException>(() => doomed.RegisterAsync("bedford", Registration("run-crash"), Model(1)));

        var registry = Client(azurite, container);
        Assert.True(await Container(azurite, container).GetBlobClient("bedford/1/model.onnx").ExistsAsync());
        Assert.Empty(await registry.GetVersionsAsync("bedford"));
        var missing = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.GetVersionAsync("bedford", 1));
        Assert.Equal(ModelRegistryErrorCode.VersionNotFound, missing.ErrorCode);
        var none = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.ResolveVersionAsync(new ModelReference("bedford")));
        Assert.Equal(ModelRegistryErrorCode.ModelNotFound, none.ErrorCode);

        // The retried step registers cleanly; the orphan's number stays taken (it might still be in progress).
        var retried = await registry.RegisterAsync("bedford", Registration("run-crash"), Model(1));
        Assert.Equal(2, retried.Version);
        Assert.Equal([2], (await registry.GetVersionsAsync("bedford")).Select(c => c.Version));
    }

    [Fact]
    public async Task Orphans_past_the_grace_period_are_emptied_but_keep_their_number()
    {
        var container = NewContainerName();
        var raw = Container(azurite, container);
        await raw.CreateAsync();
        await raw.GetBlobClient("bedford/1/model.onnx").UploadAsync(Model(1), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["registration"] = "abc" },
        });
        var now = Client(azurite, container);
        Assert.Equal(0, await now.RemoveOrphansAsync("bedford"));

        var later = Client(azurite, container, clock: new ManualTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(2)));
        Assert.Equal(1, await later.RemoveOrphansAsync("bedford"));

        var properties = await raw.GetBlobClient("bedford/1/model.onnx").GetPropertiesAsync();
        Assert.Equal(0, properties.ContentLength);
        Assert.Equal("true", properties.Metadata["abandoned"]);
        Assert.Equal(2, (await later.RegisterAsync("bedford", Registration("run-a"), Model(2))).Version);
    }

    [Fact]
    public async Task A_registration_stalled_past_the_grace_period_whose_model_was_emptied_moves_to_a_new_version()
    {
        var container = NewContainerName();
        var cardRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalling = new RecordingPolicy();
        stalling.BeforeSend = async message =>
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.EndsWith("/1/card.json", StringComparison.Ordinal))
            {
                cardRequested.TrySetResult();
                await resume.Task;
            }
        };
        var slow = Client(azurite, container, stalling);

        var registering = slow.RegisterAsync("bedford", Registration("run-slow"), Model(1));
        await cardRequested.Task;
        // Meanwhile another host, two hours on, takes version 1's model.onnx for a crash leftover.
        var cleaner = Client(azurite, container, clock: new ManualTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(2)));
        Assert.Equal(1, await cleaner.RemoveOrphansAsync("bedford"));
        resume.SetResult();
        var card = await registering;

        Assert.Equal(2, card.Version);
        var registry = Client(azurite, container);
        Assert.Equal([2], (await registry.GetVersionsAsync("bedford")).Select(c => c.Version));
        Assert.False(await Container(azurite, container).GetBlobClient("bedford/1/card.json").ExistsAsync());
        Assert.Equal(Model(1).ToArray(), (await registry.DownloadModelAsync("bedford", 2)).ToArray());
    }

    [Fact]
    public async Task The_card_keeps_lineage_data_parameters_and_metrics_and_the_parent_defaults_to_the_champion()
    {
        var registry = Client(azurite, NewContainerName());
        var first = await registry.RegisterAsync("bedford", Registration("run-1"), Model(1));
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, first.Version);
        var matrix = new JsonArray(new JsonArray(0.998, 0.609, 0.725), new JsonArray(0.997, 0.996, 0.701));
        var registration = Registration("run-2") with
        {
            ModelKind = "gbdt",
            Parameters = new JsonObject { ["model"] = "gbdt", ["embeddingSigma"] = 0.0125, ["embeddingDim"] = 6 },
            DataYears =
            [
                new DataYear(2016, [new DataFile("backscatter.tif", new string('1', 64), 10), new DataFile("groundtruth.tif", new string('2', 64), 11)]),
                new DataYear(2017, [new DataFile("backscatter.tif", new string('3', 64), 12)]),
            ],
            Metrics = new JsonObject
            {
                ["accuracy"] = 0.9962,
                ["kappa"] = 0.9911,
                ["perClassRecall"] = new JsonArray(0.99, 0.98, 1.0, 0.97, 0.995),
                ["modelByYear"] = matrix,
            },
            SweepId = "sweep-7",
            TrialId = "trial-12",
            CodeVersion = "0.3.0+abc123",
        };

        var registered = await registry.RegisterAsync("bedford", registration, Model(2, size: 10_000));
        var read = await Client(azurite, registry.ContainerName).GetVersionAsync("bedford", 2);

        Assert.Equal(1, read.ParentVersion);
        Assert.Equal("gbdt", read.ModelKind);
        Assert.Equal("run-2", read.RunId);
        Assert.Equal(("sweep-7", "trial-12", "0.3.0+abc123"), (read.SweepId, read.TrialId, read.CodeVersion));
        Assert.Equal(0.0125, read.Parameters["embeddingSigma"]!.GetValue<double>());
        Assert.Equal(registration.DataYears.Select(y => (y.Year, y.Files.ToList())), read.DataYears.Select(y => (y.Year, y.Files.ToList())));
        Assert.Equal(0.9962, read.GetMetric("accuracy"));
        Assert.Equal(0.9911, read.GetMetric("kappa"));
        Assert.Null(read.GetMetric("modelByYear"));
        Assert.Equal(matrix.ToJsonString(), read.Metrics["modelByYear"]!.ToJsonString());
        Assert.Equal(10_000, read.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Model(2, size: 10_000).ToArray())), read.Sha256);
        Assert.Equal(registered.CreatedAt, read.CreatedAt);
        Assert.Equal(ModelCard.CurrentSchemaVersion, read.SchemaVersion);
    }

    [Fact]
    public async Task A_model_changed_behind_the_registrys_back_fails_its_download_with_an_integrity_error()
    {
        var registry = Client(azurite, NewContainerName());
        var card = await registry.RegisterAsync("bedford", Registration("run-a"), Model(1));
        var blob = Container(azurite, registry.ContainerName).GetBlobClient("bedford/1/model.onnx");
        var bytes = Model(1).ToArray();
        bytes[100] ^= 0xFF;
        await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["registration"] = card.RegistrationId },
        });

        var corrupt = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.DownloadModelAsync("bedford", 1));

        Assert.Equal(ModelRegistryErrorCode.IntegrityCheckFailed, corrupt.ErrorCode);
        Assert.Contains("bedford/1/model.onnx", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains(card.Sha256, corrupt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_card_is_reported_with_its_blob_field_and_position()
    {
        var registry = Client(azurite, NewContainerName());
        var card = await registry.RegisterAsync("bedford", Registration("run-a"), Model(1));
        var blob = Container(azurite, registry.ContainerName).GetBlobClient("bedford/1/card.json");
        var json = (await blob.DownloadContentAsync()).Content.ToString().Replace("\"version\": 1", "\"version\": \"one\"", StringComparison.Ordinal);
        await blob.UploadAsync(BinaryData.FromString(json), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["registration"] = card.RegistrationId },
        });

        var invalid = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.GetVersionAsync("bedford", 1));

        Assert.Equal(ModelRegistryErrorCode.InvalidDocument, invalid.ErrorCode);
        Assert.Contains("'bedford/1/card.json'", invalid.Message, StringComparison.Ordinal);
        var line = json.Split('\n').ToList().FindIndex(l => l.Contains("\"version\": \"one\"", StringComparison.Ordinal)) + 1;
        Assert.Contains($"at line {line}, column ", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("$.version", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_registrations_are_refused_before_anything_is_written()
    {
        var registry = Client(azurite, NewContainerName());

        var badName = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync("Bedford Basin", Registration("r"), Model(1)));
        var empty = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync("bedford", Registration("r"), BinaryData.Empty));
        var badHash = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync("bedford",
            Registration("r") with { DataYears = [new DataYear(2016, [new DataFile("bathymetry.tif", "not-a-hash")])] }, Model(1)));
        var noRun = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync("bedford", Registration(" "), Model(1)));

        Assert.All([badName, empty, badHash, noRun], e => Assert.Equal(400, e.Status));
        Assert.Contains("'Bedford Basin'", badName.Message, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("DataYears[0].Files[0].Sha256 'not-a-hash'", badHash.Message, StringComparison.Ordinal);
        Assert.Contains("RunId", noRun.Message, StringComparison.Ordinal);
        Assert.False(await Container(azurite, registry.ContainerName).ExistsAsync());
    }
}
