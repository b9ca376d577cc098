namespace MlOps.Surveys.Packages;

/// <summary>A survey package that cannot be used: its problems, each naming its file.</summary>
public sealed class SurveyPackageException : Exception
{
    public SurveyPackageException(IReadOnlyList<SurveyValidationError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public IReadOnlyList<SurveyValidationError> Errors { get; }
}
