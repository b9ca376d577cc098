namespace MlOps.Infra.Tests.Bicep;

/// <summary>
/// What a Bicep expression evaluates to when some inputs are not known (parameters without
/// values, resource properties only Azure knows): known values where the expression fixes them,
/// <see cref="BicepUnknown"/> elsewhere.
/// </summary>
public abstract record BicepValue
{
    /// <summary>The value as text, with every unknown part written as '*'.</summary>
    public abstract string Pattern { get; }
}

/// <summary>Text, possibly with unknown parts (an interpolation of a parameter, a resource property…).</summary>
public sealed record BicepText(IReadOnlyList<object> Parts) : BicepValue
{
    public BicepText(string text)
        : this([text])
    {
    }

    public bool IsExact => Parts.All(p => p is string);

    public string? Exact => IsExact ? string.Concat(Parts.Cast<string>()) : null;

    public override string Pattern => string.Concat(Parts.Select(p => p as string ?? "*"));

    /// <summary>Whether <paramref name="text"/> is one of the strings this pattern stands for.</summary>
    public bool Matches(string text) => WildcardPattern.Matches(Pattern, text, StringComparison.Ordinal);
}

public sealed record BicepNumberValue(double Value) : BicepValue
{
    public override string Pattern => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record BicepBoolValue(bool Value) : BicepValue
{
    public override string Pattern => Value ? "true" : "false";
}

public sealed record BicepNullValue : BicepValue
{
    public override string Pattern => "null";
}

public sealed record BicepObjectValue(IReadOnlyDictionary<string, BicepValue> Properties) : BicepValue
{
    public BicepValue? this[string name] => Properties.TryGetValue(name, out var value) ? value : null;

    public override string Pattern => "{" + string.Join(", ", Properties.Select(p => $"{p.Key}: {p.Value.Pattern}")) + "}";
}

/// <summary>
/// An array. <see cref="Open"/> marks items produced by a loop over something unknown: the
/// items given stand for any number of items of that shape.
/// </summary>
public sealed record BicepArrayValue(IReadOnlyList<BicepValue> Items, bool Open = false) : BicepValue
{
    public override string Pattern => "[" + string.Join(", ", Items.Select(i => i.Pattern)) + (Open ? ", …" : "") + "]";
}

public sealed record BicepUnknown(string Source) : BicepValue
{
    public override string Pattern => "*";
}
