using Microsoft.Extensions.Configuration;

namespace MlOps.Storage.Configuration;

public static class FunctionsConfigurationExtensions
{
    /// <summary>The section host.json is read into, as the Functions host names it.</summary>
    public const string HostSection = "AzureFunctionsJobHost";

    /// <summary>
    /// Adds host.json (under <see cref="HostSection"/>), local.settings.json's Values and then
    /// environment variables, so an environment variable overrides either file, as in Azure.
    /// </summary>
    public static IConfigurationBuilder AddFunctionsConfiguration(this IConfigurationBuilder builder, MlOpsPaths paths)
    {
        builder.Add(new FunctionsJsonSource(paths.HostJson, null, HostSection));
        builder.Add(new FunctionsJsonSource(paths.LocalSettingsJson, "Values", ""));
        builder.AddEnvironmentVariables();
        return builder;
    }

    private sealed class FunctionsJsonSource(string path, string? section, string prefix) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) =>
            new FunctionsJsonConfigurationProvider(path, section, prefix, optional: true);
    }
}
