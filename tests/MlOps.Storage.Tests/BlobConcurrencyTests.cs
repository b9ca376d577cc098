using MlOps.Storage.Blobs;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class BlobConcurrencyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_conditional_write_that_loses_the_race_gets_the_typed_conflict_and_writes_nothing()
    {
        var container = await azurite.CreateContainerAsync("race");
        var writerA = container.GetBlobClient("models/bedford/aliases.json");
        var writerB = azurite.CreateServiceClient().GetBlobContainerClient(container.Name).GetBlobClient("models/bedford/aliases.json");
        await writerA.UploadAsync(BinaryData.FromString("{\"champion\":\"1\"}"));
        var seenByBoth = (await writerA.GetPropertiesAsync()).ETag;

        await writerA.UploadAsync(BinaryData.FromString("{\"champion\":\"2\"}"), new BlobUploadOptions { Conditions = BlobRequestConditions.MatchOnly(seenByBoth) });
        var conflict = await Assert.ThrowsAsync<BlobConflictException>(() =>
            writerB.UploadAsync(BinaryData.FromString("{\"champion\":\"3\"}"), new BlobUploadOptions { Conditions = BlobRequestConditions.MatchOnly(seenByBoth) }));

        Assert.Equal(412, conflict.Status);
        Assert.Equal("ConditionNotMet", conflict.ErrorCode);
        Assert.Equal("{\"champion\":\"2\"}", (await writerB.DownloadContentAsync()).Content.ToString());
    }

    [Fact]
    public async Task Create_only_refuses_to_overwrite_an_existing_blob()
    {
        var container = await azurite.CreateContainerAsync("create");
        var blob = container.GetBlobClient("models/bedford/3/card.json");
        await blob.UploadAsync(BinaryData.FromString("first"), new BlobUploadOptions { Conditions = BlobRequestConditions.CreateOnly });

        var conflict = await Assert.ThrowsAsync<BlobConflictException>(() =>
            blob.UploadAsync(BinaryData.FromString("second"), new BlobUploadOptions { Conditions = BlobRequestConditions.CreateOnly }));

        Assert.Equal(409, conflict.Status);
        Assert.Equal("BlobAlreadyExists", conflict.ErrorCode);
        Assert.Equal("first", (await blob.DownloadContentAsync()).Content.ToString());
    }

    [Fact]
    public async Task A_lease_held_by_one_client_blocks_another_clients_write_until_released()
    {
        var container = await azurite.CreateContainerAsync("lease");
        var holder = container.GetBlobClient("rollout/bedford.json");
        var other = azurite.CreateServiceClient().GetBlobContainerClient(container.Name).GetBlobClient("rollout/bedford.json");
        await holder.UploadAsync(BinaryData.FromString("v1"));
        var lease = holder.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(30));

        var blocked = await Assert.ThrowsAsync<BlobConflictException>(() => other.UploadAsync(BinaryData.FromString("v2")));
        Assert.Equal(412, blocked.Status);
        await holder.UploadAsync(BinaryData.FromString("v3"), new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = lease.LeaseId } });
        var secondAcquire = await Assert.ThrowsAsync<BlobConflictException>(() => other.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(409, secondAcquire.Status);

        await lease.ReleaseAsync();
        await other.UploadAsync(BinaryData.FromString("v4"));
        Assert.Equal("v4", (await holder.DownloadContentAsync()).Content.ToString());
    }
}
