using Microsoft.Extensions.Configuration;
using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;
using MlOps.Storage.Configuration;

namespace MlOps.Durable.Hosting;

/// <summary>Builds the store host.json asks for (<c>extensions.durableTask.storageProvider</c>).</summary>
public static class DurableTaskStoreFactory
{
    public static IOrchestrationStore Create(DurableTaskOptions options, IConfiguration? configuration, IPayloadStore? payloads = null, MlOpsPaths? paths = null)
    {
        var provider = options.StorageProvider;
        var connection = ResolveConnectionString(provider, configuration);
        switch (provider.Type.Trim().ToLowerInvariant())
        {
            case "sqlite":
            {
                paths ??= MlOpsPaths.Discover();
                var file = connection ?? Path.Combine(paths.StateDirectory, "durable", $"{options.HubName}.sqlite");
                var connectionString = file.Contains('=') ? file : $"Data Source={file}";
                payloads ??= provider.PayloadDirectory is { } directory ? new FileSystemPayloadStore(directory) : null;
                return new SqliteOrchestrationStore(connectionString, options.HubName, payloads, options.LargePayloadThresholdChars);
            }
            case "postgres" or "postgresql":
            {
                if (connection is null)
                {
                    throw new InvalidOperationException(
                        "durableTask.storageProvider.type is 'postgres' but no connection is configured: set storageProvider.connectionString, " +
                        "or storageProvider.connectionStringName to the name of a setting that holds it (host.json extensions.durableTask).");
                }
                paths ??= MlOpsPaths.Discover();
                payloads ??= new FileSystemPayloadStore(provider.PayloadDirectory ?? Path.Combine(paths.StateDirectory, "durable-payloads"));
                return new PostgresOrchestrationStore(connection, options.HubName, payloads, options.LargePayloadThresholdChars);
            }
            default:
                throw new InvalidOperationException(
                    $"durableTask.storageProvider.type '{provider.Type}' is not supported (host.json extensions.durableTask.storageProvider.type): use 'sqlite' or 'postgres'.");
        }
    }

    private static string? ResolveConnectionString(DurableStorageProviderOptions provider, IConfiguration? configuration)
    {
        if (!string.IsNullOrWhiteSpace(provider.ConnectionString))
        {
            return provider.ConnectionString;
        }
        if (string.IsNullOrWhiteSpace(provider.ConnectionStringName))
        {
            return null;
        }
        var name = provider.ConnectionStringName;
        var value = configuration?.GetConnectionString(name) ?? configuration?[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"durableTask.storageProvider.connectionStringName is '{name}', but no setting or connection string of that name is configured (local.settings.json Values, or an environment variable).");
        }
        return value;
    }
}
