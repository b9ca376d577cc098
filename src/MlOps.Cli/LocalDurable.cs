using Microsoft.Extensions.Configuration;
using MlOps.Durable;
using MlOps.Durable.Hosting;

namespace MlOps.Cli;

/// <summary>The durable store the local host uses (host.json's storage provider), opened directly: no host needs to run.</summary>
public static class LocalDurable
{
    public static DurableTaskClient Open(CliEnvironment environment)
    {
        var options = new DurableTaskOptions();
        environment.Configuration.GetSection(DurableTaskOptions.ConfigurationSection).Bind(options);
        return new DurableTaskClient(DurableTaskStoreFactory.Create(options, environment.Configuration, paths: environment.Paths));
    }
}
