using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Registry.Rollout;
using MlOps.Testing;
using static MlOps.Registry.Tests.RegistryTestData;

namespace MlOps.Registry.Tests;

public sealed class RegistryServiceCollectionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_host_gets_one_registry_and_one_rollout_reader_configured_from_MlOps_Registry()
    {
        var container = NewContainerName();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MlOps:Registry:ContainerName"] = container,
            ["MlOps:Registry:Rollout:RefreshInterval"] = "00:00:02",
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton(azurite.CreateServiceClient())
            .AddModelRegistry(configuration)
            .BuildServiceProvider();

        var registry = services.GetRequiredService<ModelRegistryClient>();
        await registry.RegisterAsync("bedford", Registration("run-1"), Model(1));
        await registry.SetAliasAsync("bedford", ModelAlias.Champion, 1);
        var reader = services.GetRequiredService<RolloutStateReader>();
        var state = await reader.GetAsync("bedford");

        Assert.Equal(container, registry.ContainerName);
        Assert.Same(registry, services.GetRequiredService<ModelRegistryClient>());
        Assert.Equal(1, state!.ChampionVersion);
        Assert.Equal(TimeSpan.FromSeconds(2), reader.RefreshInterval);
        Assert.True(await Container(azurite, container).GetBlobClient("bedford/1/card.json").ExistsAsync());
    }
}
