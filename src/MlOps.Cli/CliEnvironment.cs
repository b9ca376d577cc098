using Microsoft.Extensions.Configuration;
using MlOps.Storage.Configuration;

namespace MlOps.Cli;

/// <summary>What every command shares: where the project is and its configuration.</summary>
public sealed class CliEnvironment
{
    private readonly Lazy<IConfiguration> configuration;

    public CliEnvironment(MlOpsPaths? paths = null)
    {
        Paths = paths ?? MlOpsPaths.Discover();
        configuration = new Lazy<IConfiguration>(() =>
            new ConfigurationBuilder().AddFunctionsConfiguration(Paths).Build());
    }

    public MlOpsPaths Paths { get; }

    public IConfiguration Configuration => configuration.Value;
}
