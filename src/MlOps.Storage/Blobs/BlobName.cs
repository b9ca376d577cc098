namespace MlOps.Storage.Blobs;

/// <summary>
/// Checks container and blob names before any request is made. Rejects names that would
/// address something other than what they say: a leading '/', '.' or '..' segments, escaped
/// slashes ('%2F', '%5C'), backslashes and control characters.
/// </summary>
public static class BlobName
{
    public const int MaxLength = 1024;

    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A blob name cannot be empty.", nameof(name));
        }
        if (name.Length > MaxLength)
        {
            throw new ArgumentException($"Blob name is {name.Length} characters; the limit is {MaxLength}.", nameof(name));
        }
        if (name[0] == '/')
        {
            throw new ArgumentException($"Blob name '{name}' starts with '/'.", nameof(name));
        }
        if (name.EndsWith('/'))
        {
            throw new ArgumentException($"Blob name '{name}' ends with '/'.", nameof(name));
        }
        if (name.Contains('\\'))
        {
            throw new ArgumentException($"Blob name '{name}' contains a backslash.", nameof(name));
        }
        if (name.Contains("%2f", StringComparison.OrdinalIgnoreCase) || name.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Blob name '{name}' contains an escaped path separator.", nameof(name));
        }
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"Blob name '{Printable(name)}' contains a control character.", nameof(name));
            }
        }
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw new ArgumentException($"Blob name '{name}' has an empty path segment ('//').", nameof(name));
            }
            if (segment is "." or "..")
            {
                throw new ArgumentException($"Blob name '{name}' has a '{segment}' segment.", nameof(name));
            }
        }
    }

    public static void ValidateContainer(string name)
    {
        var ok = name is { Length: >= 3 and <= 63 }
            && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && !name.Contains("--", StringComparison.Ordinal)
            && !name.EndsWith('-');
        if (!ok)
        {
            throw new ArgumentException(
                $"Container name '{name}' is not valid: use 3–63 lowercase letters, digits and single hyphens, starting with a letter or digit.",
                nameof(name));
        }
    }

    /// <summary>The blob name as a URL path: each segment escaped, '/' kept.</summary>
    internal static string ToUrlPath(string name) =>
        string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    private static string Printable(string name) =>
        new(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
