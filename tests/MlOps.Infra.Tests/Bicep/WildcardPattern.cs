namespace MlOps.Infra.Tests.Bicep;

/// <summary>'*' matches any run of characters (including none); everything else matches itself.</summary>
public static class WildcardPattern
{
    public static bool Matches(string pattern, string text, StringComparison comparison)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, text, comparison);
        }
        if (!text.StartsWith(parts[0], comparison) || !text.EndsWith(parts[^1], comparison) || text.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }
        var position = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = text.IndexOf(parts[i], position, comparison);
            if (found < 0 || found + parts[i].Length > end)
            {
                return false;
            }
            position = found + parts[i].Length;
        }
        return true;
    }
}
