using MlOps.Infra.Tests.Bicep;

namespace MlOps.Infra.Tests;

/// <summary>
/// What the template grants: every role assignment must name one resource as its scope (never a
/// resource group, a subscription, or nothing, which in a subscription-scoped file means the
/// subscription), never a broad built-in role, and custom roles must list exact actions.
/// </summary>
public static class RoleAssignmentCheck
{
    /// <summary>Built-in roles that grant control over everything in their scope.</summary>
    public static readonly IReadOnlyDictionary<string, string> BroadRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635"] = "Owner",
        ["b24988ac-6180-42a0-ab88-20f7382dd24c"] = "Contributor",
        ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"] = "User Access Administrator",
        ["f58310d9-a9f6-439a-9e8d-f62e7b41a168"] = "Role Based Access Control Administrator",
    };

    private const string RoleDefinitions = "Microsoft.Authorization/roleDefinitions";

    public static IReadOnlyList<string> Problems(BicepTemplate template, List<string>? granted = null)
    {
        var problems = new List<string>();
        foreach (var file in template.Files)
        {
            var evaluator = template.Evaluator(file);
            string At(BicepDeclaration d) => $"{template.RelativePath(file)}({d.Line},{d.Column}) '{d.Name}'";
            foreach (var assignment in file.Resources("Microsoft.Authorization/roleAssignments"))
            {
                var body = assignment.Body;
                if (body?["scope"] is not BicepIdentifier { Name: var scopeName } || file.Find(scopeName) is not { Kind: BicepDeclarationKind.Resource } scope)
                {
                    problems.Add($"{At(assignment)}: the scope is not one resource of this file (without one, the assignment covers the whole {file.TargetScope})");
                    continue;
                }
                if (scope.ResourceType is "Microsoft.Resources/resourceGroups" or "Microsoft.Resources/subscriptions" or "Microsoft.Management/managementGroups")
                {
                    problems.Add($"{At(assignment)}: scoped to a {scope.ResourceType}");
                    continue;
                }
                var role = (body["properties"] as BicepObject)?["roleDefinitionId"];
                switch (role)
                {
                    case BicepCall { Name: "subscriptionResourceId", Arguments: [BicepString { Literal: RoleDefinitions }, var id] }:
                        var roleId = evaluator.Evaluate(id) is BicepText { Exact: { } exact } ? exact : null;
                        if (roleId is null)
                        {
                            problems.Add($"{At(assignment)}: cannot tell which built-in role it assigns");
                        }
                        else if (BroadRoles.TryGetValue(roleId, out var broad))
                        {
                            problems.Add($"{At(assignment)}: assigns {broad}");
                        }
                        else
                        {
                            granted?.Add($"built-in role {roleId} ({(id as BicepIdentifier)?.Name}) on {scope.ResourceType} '{scope.Name}'");
                        }
                        break;
                    case BicepPropertyAccess { Target: BicepIdentifier { Name: var roleName }, Name: "id" } when file.Find(roleName) is { ResourceType: RoleDefinitions } custom:
                        problems.AddRange(CustomRoleProblems(file, custom, evaluator).Select(p => $"{At(custom)}: {p}"));
                        granted?.Add($"custom role '{custom.Name}' on {scope.ResourceType} '{scope.Name}'");
                        break;
                    default:
                        problems.Add($"{At(assignment)}: the role is neither a built-in role by id nor a custom role of this file");
                        break;
                }
            }
        }
        return problems;
    }

    /// <summary>Nothing but the resource group itself is deployed at subscription scope.</summary>
    public static IReadOnlyList<string> SubscriptionScopeProblems(BicepTemplate template)
    {
        var problems = new List<string>();
        foreach (var file in template.Files.Where(f => f.TargetScope != "resourceGroup"))
        {
            foreach (var resource in file.Of(BicepDeclarationKind.Resource).Where(r => r.ResourceType != "Microsoft.Resources/resourceGroups"))
            {
                problems.Add($"{template.RelativePath(file)}({resource.Line},{resource.Column}): '{resource.Name}' ({resource.ResourceType}) is deployed at {file.TargetScope} scope");
            }
            foreach (var module in file.Of(BicepDeclarationKind.Module))
            {
                if (module.Body?["scope"] is not BicepIdentifier { Name: var name } || file.Find(name)?.ResourceType != "Microsoft.Resources/resourceGroups")
                {
                    problems.Add($"{template.RelativePath(file)}({module.Line},{module.Column}): module '{module.Name}' is not deployed into a resource group of this file");
                }
            }
        }
        return problems;
    }

    private static IEnumerable<string> CustomRoleProblems(BicepFile file, BicepDeclaration role, BicepEvaluator evaluator)
    {
        if (evaluator.Evaluate(role.Value!) is not BicepObjectValue { } body || body["properties"] is not BicepObjectValue properties)
        {
            yield return "the custom role has no properties";
            yield break;
        }
        var scopes = role.Body?["properties"] is BicepObject raw && raw["assignableScopes"] is BicepArray assignable ? assignable.Items : [];
        if (scopes.Count == 0 || scopes.Any(s => s is not BicepPropertyAccess { Target: BicepCall { Name: "resourceGroup", Arguments.Count: 0 }, Name: "id" }))
        {
            yield return "a custom role must be assignable in its resource group only (assignableScopes: [resourceGroup().id])";
        }
        if (properties["permissions"] is not BicepArrayValue { Open: false } permissions)
        {
            yield return "the permissions are not a fixed list";
            yield break;
        }
        foreach (var permission in permissions.Items.OfType<BicepObjectValue>())
        {
            var actions = permission["actions"] as BicepArrayValue;
            if (actions is null || actions.Items.Count == 0)
            {
                yield return "a permission lists no actions";
                continue;
            }
            foreach (var action in actions.Items)
            {
                var text = (action as BicepText)?.Exact;
                if (text is null || text.Contains('*', StringComparison.Ordinal))
                {
                    yield return $"action {action.Pattern} is not one exact operation";
                }
                else if (text.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"action {text} manages access";
                }
            }
            if (permission["dataActions"] is BicepArrayValue { Items.Count: > 0 })
            {
                yield return "a custom role grants data actions";
            }
        }
    }
}
