using System.Text.Json;
using MlOps.Durable;
using MlOps.Storage;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Activities;

public sealed record SurveyLocation(string Site, int Year)
{
    public string Prefix => $"{Site}/{Year}/";
}

public sealed record SurveyProblem(string File, string Message);

public sealed record SurveyValidationResult(bool Valid, IReadOnlyList<SurveyProblem> Errors);

/// <summary>Checks that the survey package in blob storage has a readable manifest for its site and year.</summary>
public sealed class ValidateSurveyActivity(BlobServiceClient storage) : TaskActivity<SurveyLocation, SurveyValidationResult>
{
    public const string Name = "ValidateSurvey";

    public override async Task<SurveyValidationResult> RunAsync(TaskActivityContext context, SurveyLocation input)
    {
        var manifest = storage.GetBlobContainerClient("surveys").GetBlobClient(input.Prefix + "manifest.json");
        try
        {
            var (content, _) = await manifest.DownloadContentAsync(cancellationToken: context.ShutdownToken);
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            var problems = new List<SurveyProblem>();
            if (!root.TryGetProperty("site", out var site) || site.GetString() != input.Site)
            {
                problems.Add(new SurveyProblem("manifest.json", $"'site' must be \"{input.Site}\", the folder it was uploaded to."));
            }
            if (!root.TryGetProperty("year", out var year) || !year.TryGetInt32(out var y) || y != input.Year)
            {
                problems.Add(new SurveyProblem("manifest.json", $"'year' must be {input.Year}, the folder it was uploaded to."));
            }
            return new SurveyValidationResult(problems.Count == 0, problems);
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return new SurveyValidationResult(false, [new SurveyProblem("manifest.json", "missing")]);
        }
        catch (JsonException e)
        {
            return new SurveyValidationResult(false, [new SurveyProblem("manifest.json", $"not valid JSON: {e.Message}")]);
        }
    }
}
