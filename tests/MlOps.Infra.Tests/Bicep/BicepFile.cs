namespace MlOps.Infra.Tests.Bicep;

/// <summary>One parsed Bicep file: its target scope and its declarations in order.</summary>
public sealed record BicepFile(string Path, string TargetScope, IReadOnlyList<BicepDeclaration> Declarations)
{
    public static BicepFile Load(string path) => BicepParser.Parse(path, File.ReadAllText(path));

    public IEnumerable<BicepDeclaration> Of(BicepDeclarationKind kind) => Declarations.Where(d => d.Kind == kind);

    public IEnumerable<BicepDeclaration> Resources(string type) =>
        Of(BicepDeclarationKind.Resource).Where(r => string.Equals(r.ResourceType, type, StringComparison.OrdinalIgnoreCase));

    public BicepDeclaration? Find(string name) => Declarations.FirstOrDefault(d => d.Name == name);

    public BicepDeclaration Get(string name) => Find(name) ?? throw new KeyNotFoundException($"{Path} declares no '{name}'.");
}
