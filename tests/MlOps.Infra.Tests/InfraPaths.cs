using MlOps.Testing;

namespace MlOps.Infra.Tests;

/// <summary>Where the deployment files are in the repository.</summary>
internal static class InfraPaths
{
    public static string Root => RepositoryPaths.Root;

    public static string Infra => Path.Combine(Root, "infra");

    public static string AppProject => Path.Combine(Root, "src", "MlOps.Functions", "MlOps.Functions.csproj");

    public static string TrainerProject => Path.Combine(Root, "src", "MlOps.Trainer", "MlOps.Trainer.csproj");

    public static string AppDockerfile => Path.Combine(Root, "src", "MlOps.Functions", "Dockerfile");

    public static string TrainerDockerfile => Path.Combine(Root, "src", "MlOps.Trainer", "Dockerfile");

    public static string Readme => Path.Combine(Root, "README.md");
}
