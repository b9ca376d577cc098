using MlOps.Infra.Tests.Bicep;

namespace MlOps.Infra.Tests.Settings;

/// <summary>
/// The settings one program (the app, the trainer) reads, as found by <see cref="SettingsScanner"/>
/// in the sources of the program and every project it references.
/// </summary>
public sealed class ProgramSettings(string name, IReadOnlyList<SettingRead> reads, IReadOnlyList<string> environmentPrefixes)
{
    public string Name { get; } = name;

    public IReadOnlyList<SettingRead> Reads { get; } = reads;

    /// <summary>
    /// Prefixes the host strips from environment variable names before they become configuration
    /// keys: always none (AddEnvironmentVariables()), and ASPNETCORE_ and DOTNET_ for an ASP.NET Core host.
    /// </summary>
    public IReadOnlyList<string> EnvironmentPrefixes { get; } = environmentPrefixes;

    public IEnumerable<SettingRead> Unresolved => Reads.Where(r => !r.IsResolved);

    /// <summary>The read that makes an environment variable of this name count, or null when the program never reads it.</summary>
    public SettingRead? ReadOf(string environmentVariable)
    {
        foreach (var read in Reads.Where(r => r.IsResolved))
        {
            if (read.Source == SettingSource.EnvironmentVariable)
            {
                if (WildcardPattern.Matches(read.Key, environmentVariable, StringComparison.Ordinal))
                {
                    return read;
                }
                continue;
            }
            foreach (var prefix in EnvironmentPrefixes)
            {
                if (environmentVariable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && WildcardPattern.Matches(read.Key, ConfigurationKey(environmentVariable[prefix.Length..]), StringComparison.OrdinalIgnoreCase))
                {
                    return read;
                }
            }
        }
        return null;
    }

    /// <summary>The configuration key an environment variable becomes: '__' separates sections.</summary>
    public static string ConfigurationKey(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);
}
