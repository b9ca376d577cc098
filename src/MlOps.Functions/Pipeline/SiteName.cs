namespace MlOps.Functions.Pipeline;

/// <summary>Site names appear in blob paths, instance ids and model names: lowercase letters, digits and hyphens.</summary>
public static class SiteName
{
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 40 } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && name[0] != '-';
}
