namespace MlOps.Infra.Tests.Bicep;

/// <summary>An environment variable a template gives a container: a value, or a reference to one of the app's secrets.</summary>
public sealed record EnvironmentSetting(BicepText Name, BicepValue? Value, string? SecretRef, bool Repeated)
{
    public override string ToString() => Name.Pattern + (SecretRef is { } s ? $" (secret {s})" : $" = {Value?.Pattern}");
}

/// <summary>A Container Apps secret: a Key Vault reference (or a literal value, which the templates must not use).</summary>
public sealed record ContainerSecret(string Name, BicepValue? KeyVaultUrl, BicepValue? Value);

/// <summary>
/// One container of a container app or a Container Apps Job in the template, with what the
/// template gives it: its environment, its app's secrets and, for apps, ingress and scale rules.
/// </summary>
public sealed record ContainerDefinition(
    string File,
    BicepDeclaration Resource,
    string ContainerName,
    IReadOnlyList<EnvironmentSetting> Environment,
    IReadOnlyList<ContainerSecret> Secrets,
    BicepObjectValue Properties)
{
    public string ResourceType => Resource.ResourceType!;

    public BicepValue? TargetPort => (Properties["configuration"] as BicepObjectValue)?["ingress"] is BicepObjectValue ingress ? ingress["targetPort"] : null;

    public IReadOnlyList<BicepObjectValue> ScaleRules =>
        ((Properties["template"] as BicepObjectValue)?["scale"] as BicepObjectValue)?["rules"] is BicepArrayValue rules
            ? rules.Items.OfType<BicepObjectValue>().ToList()
            : [];

    /// <summary>Every container of every container app and job in the template.</summary>
    public static IReadOnlyList<ContainerDefinition> All(BicepTemplate template)
    {
        var found = new List<ContainerDefinition>();
        foreach (var file in template.Files)
        {
            var evaluator = template.Evaluator(file);
            foreach (var resource in file.Of(BicepDeclarationKind.Resource).Where(r => !r.Existing && r.ResourceType is "Microsoft.App/containerApps" or "Microsoft.App/jobs"))
            {
                if (evaluator.Evaluate(resource.Value!) is not BicepObjectValue body || body["properties"] is not BicepObjectValue properties)
                {
                    throw new InvalidDataException($"{file.Path}({resource.Line},{resource.Column}): '{resource.Name}' has no properties object.");
                }
                var secrets = ((properties["configuration"] as BicepObjectValue)?["secrets"] as BicepArrayValue)?.Items.OfType<BicepObjectValue>()
                    .Select(s => new ContainerSecret(((BicepText)s["name"]!).Pattern, s["keyVaultUrl"], s["value"]))
                    .ToList() ?? [];
                var containers = ((properties["template"] as BicepObjectValue)?["containers"] as BicepArrayValue)?.Items.OfType<BicepObjectValue>()
                    ?? throw new InvalidDataException($"{file.Path}({resource.Line},{resource.Column}): '{resource.Name}' has no template.containers.");
                foreach (var container in containers)
                {
                    var environment = new List<EnvironmentSetting>();
                    if (container["env"] is BicepArrayValue env)
                    {
                        foreach (var item in env.Items)
                        {
                            if (item is not BicepObjectValue entry || entry["name"] is not BicepText name)
                            {
                                throw new InvalidDataException($"{file.Path}: an env entry of '{resource.Name}' has no name: {item.Pattern}");
                            }
                            environment.Add(new EnvironmentSetting(name, entry["value"], (entry["secretRef"] as BicepText)?.Exact, env.Open && !name.IsExact));
                        }
                    }
                    else if (container["env"] is not null)
                    {
                        throw new InvalidDataException($"{file.Path}: the env of '{resource.Name}' is not an array the reader can follow.");
                    }
                    found.Add(new ContainerDefinition(file.Path, resource, ((BicepText)container["name"]!).Pattern, environment, secrets, properties));
                }
            }
        }
        return found;
    }
}
