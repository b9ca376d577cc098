using MlOps.Infra.Tests.Bicep;

namespace MlOps.Infra.Tests;

/// <summary>
/// The checks `bicep build` would make that a typo breaks, since no Bicep compiler runs here:
/// every name used is declared (or a loop or lambda variable in scope), every module file exists,
/// a module gets only parameters its file declares and every one it requires, and
/// <c>module.outputs.x</c> names an output the module's file declares.
/// </summary>
public static class BicepReferenceCheck
{
    public static IReadOnlyList<string> Problems(BicepTemplate template)
    {
        var problems = new List<string>();
        foreach (var file in template.Files)
        {
            var at = template.RelativePath(file);
            foreach (var visit in BicepWalk.All(file))
            {
                switch (visit.Node)
                {
                    case BicepIdentifier identifier when !IsPropertyKey(visit) && !visit.Locals.Contains(identifier.Name) && file.Find(identifier.Name) is null:
                        problems.Add($"{at}({identifier.Line},{identifier.Column}): '{identifier.Name}' is not declared");
                        break;
                    case BicepPropertyAccess { Target: BicepPropertyAccess { Target: BicepIdentifier { Name: var moduleName }, Name: "outputs" }, Name: var output } access
                        when file.Find(moduleName) is { Kind: BicepDeclarationKind.Module } module:
                        var target = Target(template, file, module, problems);
                        if (target is not null && target.Of(BicepDeclarationKind.Output).All(o => o.Name != output))
                        {
                            problems.Add($"{at}({access.Line},{access.Column}): module '{moduleName}' has no output '{output}'");
                        }
                        break;
                }
            }
            foreach (var module in file.Of(BicepDeclarationKind.Module))
            {
                var target = Target(template, file, module, problems);
                if (target is null)
                {
                    continue;
                }
                var given = (module.Body?["params"] as BicepObject)?.Properties.Select(p => p.Name!).ToHashSet() ?? [];
                var declared = target.Of(BicepDeclarationKind.Parameter).ToList();
                foreach (var name in given.Where(g => declared.All(d => d.Name != g)))
                {
                    problems.Add($"{at}({module.Line},{module.Column}): module '{module.Name}' passes '{name}', which {module.Type} does not declare");
                }
                foreach (var required in declared.Where(d => d.Value is null && !d.Type!.EndsWith('?') && !given.Contains(d.Name)))
                {
                    problems.Add($"{at}({module.Line},{module.Column}): module '{module.Name}' does not pass '{required.Name}', which {module.Type} requires");
                }
            }
        }
        return problems;
    }

    private static BicepFile? Target(BicepTemplate template, BicepFile file, BicepDeclaration module, List<string> problems)
    {
        try
        {
            return template.ModuleTarget(file, module);
        }
        catch (FileNotFoundException e)
        {
            problems.Add(e.Message);
            return null;
        }
    }

    // Object keys written as names ({ name: … }) are not references.
    private static bool IsPropertyKey(BicepVisit visit) =>
        visit.Parent is BicepObject parent && parent.Properties.Any(p => ReferenceEquals(p.Key, visit.Node));
}
