namespace MlOps.Storage.Configuration;

/// <summary>
/// Where the project's files are: the root holding host.json and local.settings.json, the
/// local state folder (.mlops, or MLOPS_STATE_DIR) and the npm tools. The root is found from
/// MLOPS_HOME, else by walking up from the working directory and from the program's own
/// folder to the first host.json.
/// </summary>
public sealed record MlOpsPaths(string Root, string? State = null)
{
    public const string HomeVariable = "MLOPS_HOME";

    public const string StateVariable = "MLOPS_STATE_DIR";

    /// <summary>Local state: Azurite's data, the embedded durable store, generated keys, caches.</summary>
    public string StateDirectory => State ?? Path.Combine(Root, ".mlops");

    public string NodeModules => Path.Combine(Root, "node_modules");

    public string HostJson => Path.Combine(Root, "host.json");

    public string LocalSettingsJson => Path.Combine(Root, "local.settings.json");

    public static MlOpsPaths Discover()
    {
        var state = Environment.GetEnvironmentVariable(StateVariable) is { Length: > 0 } s ? Path.GetFullPath(s) : null;
        return new MlOpsPaths(DiscoverRoot(), state);
    }

    private static string DiscoverRoot()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "host.json")))
                {
                    return dir.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
