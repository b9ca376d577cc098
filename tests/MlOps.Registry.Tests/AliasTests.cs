using Azure.Core;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

public sealed class AliasTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<string> RegistryWithVersionsAsync(int count)
    {
        var container = NewContainerName();
        var registry = Client(azurite, container);
        for (var i = 1; i <= count; i++)
        {
            await registry.RegisterAsync("bedford", Registration($"run-{i}"), Model(i));
        }
        return container;
    }

    /// <summary>Holds the first write to aliases.json until released, so another writer can get in between its read and its write.</summary>
    private static (RecordingPolicy Policy, Task WriteHeld, TaskCompletionSource Release) HoldFirstAliasWrite()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var policy = new RecordingPolicy();
        policy.BeforeSend = async message =>
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/aliases.json", StringComparison.Ordinal) && held.TrySetResult())
            {
                await release.Task;
            }
        };
        return (policy, held.Task, release);
    }

    [Fact]
    public async Task Two_writers_changing_aliases_at_once_both_land_because_the_loser_retries()
    {
        var container = await RegistryWithVersionsAsync(3);
        var (policy, writeHeld, release) = HoldFirstAliasWrite();
        var writerA = Client(azurite, container, policy);
        var writerB = Client(azurite, container);
        await writerB.SetAliasAsync("bedford", ModelAlias.Champion, 1);

        var a = writerA.SetAliasAsync("bedford", ModelAlias.Challenger, 3);
        await writeHeld; // A has read the aliases and is about to write over that ETag.
        await writerB.SetAliasAsync("bedford", ModelAlias.Champion, 2);
        release.SetResult();
        await a;

        var aliases = await Client(azurite, container).GetAliasesAsync("bedford");
        Assert.Equal((2, 3, (int?)null), (aliases.Champion, aliases.Challenger, aliases.Previous));
        var writes = policy.To("/aliases.json", "PUT");
        Assert.Equal([412, 201], writes.Select(w => w.Status));
        Assert.All(writes, w => Assert.NotNull(w.IfMatch));
        Assert.NotEqual(writes[0].IfMatch, writes[1].IfMatch);
    }

    [Fact]
    public async Task A_writer_with_an_expected_state_that_no_longer_holds_gets_a_clear_conflict_and_writes_nothing()
    {
        var container = await RegistryWithVersionsAsync(3);
        var writerA = Client(azurite, container);
        var writerB = Client(azurite, container);
        await writerA.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        var seen = await writerA.GetAliasesAsync("bedford");

        await writerB.SetAliasAsync("bedford", ModelAlias.Champion, 2);
        var conflict = await Assert.ThrowsAsync<ModelRegistryException>(() =>
            writerA.UpdateAliasesAsync("bedford", expected: seen, desired: seen with { Champion = 3 }));

        Assert.Equal(412, conflict.Status);
        Assert.Equal(ModelRegistryErrorCode.AliasesChanged, conflict.ErrorCode);
        Assert.Contains("expected champion 1", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("found champion 2", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await writerB.GetAliasesAsync("bedford")).Champion);
    }

    [Fact]
    public async Task An_expected_state_writer_that_loses_the_race_itself_also_fails_instead_of_overwriting()
    {
        var container = await RegistryWithVersionsAsync(3);
        var (policy, writeHeld, release) = HoldFirstAliasWrite();
        var writerA = Client(azurite, container, policy);
        var writerB = Client(azurite, container);
        await writerB.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        var seen = await writerA.GetAliasesAsync("bedford");

        var a = writerA.UpdateAliasesAsync("bedford", expected: seen, desired: seen with { Champion = 3 });
        await writeHeld;
        await writerB.SetAliasAsync("bedford", ModelAlias.Champion, 2);
        release.SetResult();

        var conflict = await Assert.ThrowsAsync<ModelRegistryException>(() => a);
        Assert.Equal(ModelRegistryErrorCode.AliasesChanged, conflict.ErrorCode);
        Assert.Equal(2, (await writerB.GetAliasesAsync("bedford")).Champion);
    }

    [Fact]
    public async Task Promotion_moves_the_challenger_to_champion_keeps_the_old_one_as_previous_and_can_be_undone()
    {
        var container = await RegistryWithVersionsAsync(2);
        var registry = Client(azurite, container);
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        await registry.SetAliasAsync("bedford", ModelAlias.Challenger, 2);

        var promoted = await registry.PromoteChallengerAsync("bedford", expectedChallenger: 2);
        var retried = await registry.PromoteChallengerAsync("bedford", expectedChallenger: 2);

        Assert.Equal((2, (int?)null, 1), (promoted.Champion, promoted.Challenger, promoted.Previous));
        Assert.Equal(promoted.ETag, retried.ETag); // The retry found it done and wrote nothing.
        Assert.Equal([ModelAlias.Champion], promoted.AliasesOf(2));
        Assert.Equal(2, await registry.ResolveVersionAsync(ModelReference.Parse("bedford")));
        Assert.Equal(1, await registry.ResolveVersionAsync(ModelReference.Parse("bedford:previous")));

        var restored = await registry.RestorePreviousChampionAsync("bedford");
        Assert.Equal((1, (int?)null, (int?)null), (restored.Champion, restored.Challenger, restored.Previous));
        var none = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.PromoteChallengerAsync("bedford"));
        Assert.Equal(ModelRegistryErrorCode.AliasNotSet, none.ErrorCode);
    }

    [Fact]
    public async Task An_alias_cannot_name_a_version_that_is_not_registered()
    {
        var container = await RegistryWithVersionsAsync(1);
        var registry = Client(azurite, container);

        var refused = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.SetAliasAsync("bedford", ModelAlias.Champion, 7));

        Assert.Equal(ModelRegistryErrorCode.VersionNotFound, refused.ErrorCode);
        Assert.Null((await registry.GetAliasesAsync("bedford")).Champion);
        var unset = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.ResolveVersionAsync(ModelReference.Parse("bedford:challenger")));
        Assert.Equal(ModelRegistryErrorCode.AliasNotSet, unset.ErrorCode);
        Assert.Equal(1, await registry.ResolveVersionAsync(ModelReference.Parse("bedford"))); // No champion: the newest version.
    }
}
