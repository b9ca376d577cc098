namespace MlOps.Surveys.Packages;

/// <summary>One problem with a survey package: the file it is in (relative to the package) and what is wrong.</summary>
public sealed record SurveyValidationError(string File, string Message)
{
    public override string ToString() => $"{File}: {Message}";
}
