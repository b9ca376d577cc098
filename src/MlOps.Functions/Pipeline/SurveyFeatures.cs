using MlOps.Surveys.Features;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Pipeline;

/// <summary>Labelled feature rows of one survey year, downloaded from blob storage (the cache keeps them between steps).</summary>
public sealed class SurveyFeatures(SurveyBlobStore surveys)
{
    public async Task<(FeatureTable Table, LocalSurvey Survey)> LoadAsync(string site, int year, int maxRows, int seed, CancellationToken cancellationToken)
    {
        var local = await surveys.DownloadAsync(site, year, cancellationToken);
        var table = TrainingData.LoadLabelled([SurveyPackage.Open(local.Directory)], FeatureOptions.Raw, maxRows > 0 ? maxRows : null, seed, cancellationToken);
        return (table, local);
    }
}
