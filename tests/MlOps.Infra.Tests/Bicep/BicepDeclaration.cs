namespace MlOps.Infra.Tests.Bicep;

public sealed record BicepDecorator(string Name, IReadOnlyList<BicepExpression> Arguments);

public enum BicepDeclarationKind
{
    Parameter,
    Variable,
    Resource,
    Module,
    Output,
}

/// <summary>
/// One top-level declaration. For a parameter or output, <see cref="Type"/> is its type; for a
/// resource, the resource type and API version (<c>Microsoft.App/jobs@2025-01-01</c>); for a
/// module, the path of the module file. <see cref="Value"/> is the default or value expression
/// (a resource's or module's body, possibly wrapped in <see cref="BicepIf"/> or <see cref="BicepFor"/>).
/// </summary>
public sealed record BicepDeclaration(
    BicepDeclarationKind Kind,
    string Name,
    string? Type,
    BicepExpression? Value,
    bool Existing,
    IReadOnlyList<BicepDecorator> Decorators,
    int Line,
    int Column)
{
    public bool HasDecorator(string name) => Decorators.Any(d => d.Name == name);

    /// <summary>A resource's type without the API version.</summary>
    public string? ResourceType => Kind == BicepDeclarationKind.Resource ? Type?.Split('@')[0] : null;

    /// <summary>The resource or module body, looking through a condition or a loop.</summary>
    public BicepObject? Body => Value switch
    {
        BicepObject body => body,
        BicepIf { Body: BicepObject body } => body,
        BicepFor { Body: BicepObject body } => body,
        BicepFor { Body: BicepIf { Body: BicepObject body } } => body,
        _ => null,
    };
}
