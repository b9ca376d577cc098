using MlOps.Storage.Configuration;

namespace MlOps.Testing;

/// <summary>The project root as tests see it: the folder with host.json above the test binaries.</summary>
public static class RepositoryPaths
{
    public static MlOpsPaths Paths { get; } = MlOpsPaths.Discover();

    public static string Root => Paths.Root;

    /// <summary>A program of the project built in the same configuration as the running tests: artifacts/bin/{project}/{config}/{assembly}.dll.</summary>
    public static string BuiltAssembly(string project, string assemblyName)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        return Path.Combine(Root, "artifacts", "bin", project, configuration, assemblyName + ".dll");
    }

    /// <summary>A fresh folder for one test's files, under artifacts/test-work.</summary>
    public static string NewWorkDirectory(string name)
    {
        var path = Path.Combine(Root, "artifacts", "test-work", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
