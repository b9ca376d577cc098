using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlOps.Durable.Hosting;
using MlOps.Durable.Stores;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>Options come from host.json's extensions.durableTask and local.settings.json, as in Functions.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory root = new("mlops-durable-config");

    public void Dispose() => root.Dispose();

    private ServiceProvider Build(string durableTask, string values = "{}")
    {
        File.WriteAllText(root.File("host.json"), $$"""{ "version": "2.0", "extensions": { "durableTask": {{durableTask}} } }""");
        File.WriteAllText(root.File("local.settings.json"), $$"""{ "IsEncrypted": false, "Values": {{values}} }""");
        var configuration = new ConfigurationBuilder().AddFunctionsConfiguration(new MlOpsPaths(root.Path)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddDurableTask(_ => { });
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Host_json_settings_and_a_named_connection_select_hub_limits_and_store()
    {
        var database = root.File("durable.sqlite");
        using var provider = Build("""
            { "hubName": "SurveyHub", "maxConcurrentActivityFunctions": 3, "maxConcurrentOrchestratorFunctions": 2,
              "storageProvider": { "type": "sqlite", "connectionStringName": "DurableDb", "maxQueuePollingInterval": "00:00:02" } }
            """, $$"""{ "DurableDb": "Data Source={{database}}" }""");
        var options = provider.GetRequiredService<IOptions<DurableTaskOptions>>().Value;
        Assert.Equal("SurveyHub", options.HubName);
        Assert.Equal(3, options.MaxConcurrentActivityFunctions);
        Assert.Equal(2, options.MaxConcurrentOrchestratorFunctions);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StorageProvider.MaxQueuePollingInterval);
        var store = Assert.IsType<SqliteOrchestrationStore>(provider.GetRequiredService<IOrchestrationStore>());
        Assert.Equal("SurveyHub", store.HubName);
        Assert.Equal(database, store.DatabasePath);
    }

    [Fact]
    public void A_postgres_provider_without_a_connection_or_an_unknown_type_fails_with_the_setting_named()
    {
        using (var provider = Build("""{ "storageProvider": { "type": "postgres" } }"""))
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOrchestrationStore>());
            Assert.Contains("storageProvider.connectionString", error.Message);
        }
        using (var provider = Build("""{ "storageProvider": { "type": "postgres", "connectionStringName": "Missing" } }"""))
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOrchestrationStore>());
            Assert.Contains("'Missing'", error.Message);
        }
        using (var provider = Build("""{ "storageProvider": { "type": "cosmos" } }"""))
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOrchestrationStore>());
            Assert.Contains("'cosmos'", error.Message);
        }
        using (var provider = Build("""{ "maxConcurrentActivityFunctions": 0 }"""))
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<DurableTaskWorker>());
            Assert.Contains("maxConcurrentActivityFunctions", error.Message);
        }
    }
}
