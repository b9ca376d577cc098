namespace MlOps.Infra.Tests.Bicep;

/// <summary>Every Bicep file of a deployment folder (the entry file and the modules it uses), parsed.</summary>
public sealed class BicepTemplate
{
    private BicepTemplate(string root, IReadOnlyList<BicepFile> files)
    {
        Root = root;
        Files = files;
    }

    public string Root { get; }

    public IReadOnlyList<BicepFile> Files { get; }

    public static BicepTemplate Load(string root) =>
        new(root, Directory.EnumerateFiles(root, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(BicepFile.Load).ToList());

    public BicepFile File(string relativePath) =>
        Files.FirstOrDefault(f => RelativePath(f) == relativePath.Replace('\\', '/'))
        ?? throw new FileNotFoundException($"No Bicep file {relativePath} under {Root}.");

    public string RelativePath(BicepFile file) => Path.GetRelativePath(Root, file.Path).Replace('\\', '/');

    /// <summary>The file a module declaration in <paramref name="file"/> refers to.</summary>
    public BicepFile ModuleTarget(BicepFile file, BicepDeclaration module)
    {
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, module.Type!));
        return Files.FirstOrDefault(f => Path.GetFullPath(f.Path) == path)
            ?? throw new FileNotFoundException($"{file.Path}({module.Line},{module.Column}): module '{module.Name}' refers to {module.Type}, which does not exist.");
    }

    /// <summary>
    /// An evaluator for a file with its parameters as the deployment passes them: starting from
    /// <c>main.bicep</c> with its defaults, each module's <c>params</c> evaluated in its caller.
    /// </summary>
    public BicepEvaluator Evaluator(BicepFile file)
    {
        var entry = File("main.bicep");
        return Evaluators(entry, new Dictionary<string, BicepValue>()).FirstOrDefault(e => e.File == file) ?? new BicepEvaluator(file);
    }

    private IEnumerable<BicepEvaluator> Evaluators(BicepFile file, IReadOnlyDictionary<string, BicepValue> bindings)
    {
        var evaluator = new BicepEvaluator(file, bindings);
        yield return evaluator;
        foreach (var module in file.Of(BicepDeclarationKind.Module))
        {
            var parameters = module.Body?["params"] is { } given && evaluator.Evaluate(given) is BicepObjectValue values
                ? values.Properties
                : new Dictionary<string, BicepValue>();
            foreach (var inner in Evaluators(ModuleTarget(file, module), parameters))
            {
                yield return inner;
            }
        }
    }

    public IEnumerable<(BicepFile File, BicepDeclaration Resource)> Resources(string type) =>
        Files.SelectMany(f => f.Resources(type).Select(r => (f, r)));
}
