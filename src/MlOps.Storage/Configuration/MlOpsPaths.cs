namespace MlOps.Storage.Configuration;

/// <summary>
/// Where the project's files are: the root holding host.json and local.settings.json, the
/// local state folder (.mlops) and the npm tools. Found from MLOPS_HOME, else by walking up
/// from the working directory and from the program's own folder to the first host.json.
/// </summary>
public sealed record MlOpsPaths(string Root)
{
    public const string HomeVariable = "MLOPS_HOME";

    public string StateDirectory => Path.Combine(Root, ".mlops");

    public string NodeModules => Path.Combine(Root, "node_modules");

    public string HostJson => Path.Combine(Root, "host.json");

    public string LocalSettingsJson => Path.Combine(Root, "local.settings.json");

    public static MlOpsPaths Discover()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (!string.IsNullOrWhiteSpace(home))
        {
            return new MlOpsPaths(Path.GetFullPath(home));
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "host.json")))
                {
                    return new MlOpsPaths(dir.FullName);
                }
            }
        }
        return new MlOpsPaths(Directory.GetCurrentDirectory());
    }
}
