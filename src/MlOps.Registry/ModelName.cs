namespace MlOps.Registry;

/// <summary>
/// Model names: 1–63 lowercase letters, digits and hyphens, starting with a letter or digit
/// (a site's model is named after the site, e.g. <c>bedford</c>). The name is a blob folder.
/// </summary>
public static class ModelName
{
    public const int MaxLength = 63;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static void Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest,
                $"Model name '{name}' is not valid: use 1–{MaxLength} lowercase letters, digits and hyphens, starting with a letter or digit.");
        }
    }
}
