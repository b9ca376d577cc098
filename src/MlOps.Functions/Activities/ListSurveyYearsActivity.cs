using MlOps.Durable;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Activities;

/// <summary>The site's survey years present in blob storage.</summary>
public sealed class ListSurveyYearsActivity(SurveyBlobStore surveys) : TaskActivity<string, IReadOnlyList<int>>
{
    public const string Name = "ListSurveyYears";

    public override Task<IReadOnlyList<int>> RunAsync(TaskActivityContext context, string site) =>
        surveys.ListYearsAsync(site, context.ShutdownToken);
}
