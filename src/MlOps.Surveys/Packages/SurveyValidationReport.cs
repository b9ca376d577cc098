namespace MlOps.Surveys.Packages;

/// <summary>
/// The outcome of validating a survey package: every problem found, each naming its file.
/// Valid means no problems. <see cref="Manifest"/> is set when manifest.json could be read.
/// </summary>
public sealed record SurveyValidationReport(string Directory, SurveyManifest? Manifest, IReadOnlyList<SurveyValidationError> Errors)
{
    public bool Valid => Errors.Count == 0;
}
