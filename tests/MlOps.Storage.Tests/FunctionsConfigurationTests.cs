using Microsoft.Extensions.Configuration;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class FunctionsConfigurationTests
{
    [Fact]
    public void Host_json_goes_under_the_host_section_local_settings_values_at_the_root_and_environment_wins()
    {
        var root = RepositoryPaths.NewWorkDirectory("config");
        File.WriteAllText(Path.Combine(root, "host.json"), """
            { "version": "2.0", "extensions": { "durableTask": { "hubName": "FromHostJson", "maxConcurrentActivityFunctions": 3 } } }
            """);
        File.WriteAllText(Path.Combine(root, "local.settings.json"), """
            { "IsEncrypted": false, "Values": { "AzureWebJobsStorage": "UseDevelopmentStorage=true", "MlOps__Azurite__BlobPort": "12000", "Retrain__Sites": "bedford" } }
            """);
        var variable = "AzureFunctionsJobHost__extensions__durableTask__hubName";
        Environment.SetEnvironmentVariable(variable, "FromEnvironment");
        try
        {
            var configuration = new ConfigurationBuilder().AddFunctionsConfiguration(new MlOpsPaths(root)).Build();

            Assert.Equal("FromEnvironment", configuration["AzureFunctionsJobHost:extensions:durableTask:hubName"]);
            Assert.Equal("3", configuration["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"]);
            Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
            Assert.Equal("12000", configuration["MlOps:Azurite:BlobPort"]);
            Assert.Equal(12000, BlobServiceClientFactory.DevelopmentBlobPort(configuration));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_malformed_settings_file_names_the_file()
    {
        var root = RepositoryPaths.NewWorkDirectory("config-bad");
        File.WriteAllText(Path.Combine(root, "local.settings.json"), "{ \"Values\": { \"a\": ");
        try
        {
            var error = Assert.Throws<FormatException>(() => new ConfigurationBuilder().AddFunctionsConfiguration(new MlOpsPaths(root)).Build());

            Assert.Contains("local.settings.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_identity_based_connection_needs_a_service_uri_and_says_so()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => BlobServiceClientFactory.Create(configuration));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_based_connection_builds_a_client_for_the_service_uri()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://seabedprod.blob.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build();

        var client = BlobServiceClientFactory.Create(configuration);

        Assert.Equal("seabedprod", client.AccountName);
        Assert.Equal(new Uri("https://seabedprod.blob.core.windows.net"), client.Uri);
    }
}
