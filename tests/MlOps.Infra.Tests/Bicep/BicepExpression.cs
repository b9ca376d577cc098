namespace MlOps.Infra.Tests.Bicep;

/// <summary>A Bicep expression, with where it starts in its file.</summary>
public abstract record BicepExpression(int Line, int Column);

/// <summary>A string: literal text segments and interpolated expressions, in order.</summary>
public sealed record BicepString(IReadOnlyList<object> Parts, int Line, int Column) : BicepExpression(Line, Column)
{
    /// <summary>The text when there is no interpolation; otherwise null.</summary>
    public string? Literal => Parts.All(p => p is string) ? string.Concat(Parts.Cast<string>()) : null;
}

public sealed record BicepNumber(double Value, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepBool(bool Value, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepNull(int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepIdentifier(string Name, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepPropertyAccess(BicepExpression Target, string Name, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepIndex(BicepExpression Target, BicepExpression Index, int Line, int Column) : BicepExpression(Line, Column);

/// <summary>A function call: <c>name(…)</c>, <c>sys.name(…)</c> or a resource function such as <c>vault.getSecret(…)</c>.</summary>
public sealed record BicepCall(BicepExpression? Target, string Name, IReadOnlyList<BicepExpression> Arguments, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepProperty(BicepExpression Key, BicepExpression Value, int Line, int Column)
{
    /// <summary>The key's text when it is an identifier or a plain string.</summary>
    public string? Name => Key switch
    {
        BicepIdentifier identifier => identifier.Name,
        BicepString text => text.Literal,
        _ => null,
    };
}

public sealed record BicepObject(IReadOnlyList<BicepProperty> Properties, int Line, int Column) : BicepExpression(Line, Column)
{
    public BicepExpression? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}

public sealed record BicepArray(IReadOnlyList<BicepExpression> Items, int Line, int Column) : BicepExpression(Line, Column);

/// <summary><c>[for item in source: body]</c> or <c>[for (item, index) in source: body]</c>.</summary>
public sealed record BicepFor(string ItemName, string? IndexName, BicepExpression Source, BicepExpression Body, int Line, int Column) : BicepExpression(Line, Column);

/// <summary><c>if (condition) body</c>: a conditional resource or module.</summary>
public sealed record BicepIf(BicepExpression Condition, BicepExpression Body, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepTernary(BicepExpression Condition, BicepExpression WhenTrue, BicepExpression WhenFalse, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepBinary(string Operator, BicepExpression Left, BicepExpression Right, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepUnary(string Operator, BicepExpression Operand, int Line, int Column) : BicepExpression(Line, Column);

public sealed record BicepLambda(IReadOnlyList<string> Parameters, BicepExpression Body, int Line, int Column) : BicepExpression(Line, Column);
