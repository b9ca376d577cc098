using System.Globalization;

namespace MlOps.Registry;

/// <summary>
/// <c>NAME</c>, <c>NAME:VERSION</c> or <c>NAME:ALIAS</c> (e.g. <c>bedford</c>, <c>bedford:3</c>,
/// <c>bedford:champion</c>), as commands and endpoints accept a model.
/// </summary>
public sealed record ModelReference(string Name, int? Version = null, ModelAlias? Alias = null)
{
    public static ModelReference Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? text : text[..colon];
        ModelName.Validate(name);
        if (colon < 0)
        {
            return new ModelReference(name);
        }
        var selector = text[(colon + 1)..];
        if (selector.Length > 0 && selector.All(char.IsAsciiDigit)
            && int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return new ModelReference(name, version);
        }
        foreach (var alias in Enum.GetValues<ModelAlias>())
        {
            if (string.Equals(selector, alias.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return new ModelReference(name, Alias: alias);
            }
        }
        throw new ModelRegistryException(400, ModelRegistryErrorCode.InvalidRequest,
            $"'{text}': after '{name}:' expected a version number (1, 2, …) or an alias (champion, challenger, previous), found '{selector}'.");
    }

    public override string ToString() =>
        Version is { } v ? $"{Name}:{v.ToString(CultureInfo.InvariantCulture)}"
        : Alias is { } a ? $"{Name}:{a.ToString().ToLowerInvariant()}"
        : Name;
}
