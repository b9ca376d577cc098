using MlOps.Durable;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Activities;

public sealed record SurveyLocation(string Site, int Year);

/// <summary>What validation found; a package with errors has been moved to quarantine.</summary>
public sealed record SurveyValidationResult(bool Valid, IReadOnlyList<SurveyValidationError> Errors, string? ManifestETag, string? QuarantinedAt);

/// <summary>
/// Step 1: downloads the survey package that arrived and validates it (files, checksums,
/// sizes, rasters, CRS, classes…). A bad package goes to quarantine with its report, so a
/// broken survey never reaches training.
/// </summary>
public sealed class ValidateSurveyActivity(SurveyBlobStore surveys, SurveyValidationOptions validation) : TaskActivity<SurveyLocation, SurveyValidationResult>
{
    public const string Name = "ValidateSurvey";

    public override async Task<SurveyValidationResult> RunAsync(TaskActivityContext context, SurveyLocation input)
    {
        LocalSurvey local;
        try
        {
            local = await surveys.DownloadAsync(input.Site, input.Year, context.ShutdownToken);
        }
        catch (SurveyPackageException e)
        {
            return new SurveyValidationResult(false, e.Errors, null, null);
        }
        var report = await new SurveyValidator(validation with { ExpectedSite = input.Site, ExpectedYear = input.Year })
            .ValidateAsync(local.Directory, context.ShutdownToken);
        if (report.Valid)
        {
            return new SurveyValidationResult(true, [], local.ManifestETag, null);
        }
        var quarantined = await surveys.QuarantineAsync(local, report.ToJson(), context.ShutdownToken);
        return new SurveyValidationResult(false, report.Errors, local.ManifestETag, $"{SurveyBlobStore.QuarantineContainerName}/{quarantined}");
    }
}
