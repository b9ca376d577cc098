using MlOps.Durable;
using MlOps.Registry;

namespace MlOps.Functions.Activities;

/// <summary>The site's champion version, if it has one yet.</summary>
public sealed class GetChampionActivity(ModelRegistryClient registry) : TaskActivity<string, int?>
{
    public const string Name = "GetChampion";

    public override async Task<int?> RunAsync(TaskActivityContext context, string site) =>
        (await registry.GetAliasesAsync(site, context.ShutdownToken)).Champion;
}
