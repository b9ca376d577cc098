using MlOps.Infra.Tests.Bicep;
using MlOps.Infra.Tests.Images;

namespace MlOps.Infra.Tests;

/// <summary>The deployment as the tests read it: the template's app and trial job containers and the two Dockerfiles.</summary>
internal static class DeploymentFiles
{
    private static readonly Lazy<BicepTemplate> LoadedTemplate = new(() => BicepTemplate.Load(InfraPaths.Infra));
    private static readonly Lazy<IReadOnlyList<ContainerDefinition>> LoadedContainers = new(() => ContainerDefinition.All(Template));

    public static BicepTemplate Template => LoadedTemplate.Value;

    public static ContainerDefinition AppContainer => LoadedContainers.Value.Single(c => c.ResourceType == "Microsoft.App/containerApps");

    public static ContainerDefinition TrialContainer => LoadedContainers.Value.Single(c => c.ResourceType == "Microsoft.App/jobs");

    public static Dockerfile AppImage => Dockerfile.Load(InfraPaths.AppDockerfile);

    public static Dockerfile TrainerImage => Dockerfile.Load(InfraPaths.TrainerDockerfile);
}
