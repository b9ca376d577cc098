using System.Text.Json;
using System.Text.RegularExpressions;
using MlOps.Infra.Tests.Bicep;

namespace MlOps.Infra.Tests;

/// <summary>
/// Looks through a deployment folder for anything that must not be kept in it: subscription ids
/// (any GUID, unless it is a built-in role definition id used only as one), account keys, SAS
/// tokens, private keys, literal passwords and long random-looking strings; secure parameters
/// with defaults or leaking through outputs; parameter files with values other than azd references.
/// </summary>
public static partial class SecretScan
{
    public static IReadOnlyList<string> Problems(string folder, IEnumerable<string>? extraFiles = null)
    {
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Concat(extraFiles ?? []).Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var name = Path.GetRelativePath(folder, path).Replace('\\', '/');
            var text = File.ReadAllText(path);
            var allowedGuids = path.EndsWith(".bicep", StringComparison.Ordinal) ? RoleDefinitionIds(BicepFile.Load(path)) : new HashSet<string>();
            foreach (var (raw, number) in text.Split('\n').Select((l, i) => (l, i + 1)))
            {
                // Addresses (schemas, registries) are not secrets; a SAS token in one would still show as sig=.
                var line = Url().Replace(raw, m => m.Value.Contains("sig=", StringComparison.OrdinalIgnoreCase) ? m.Value : "");
                foreach (Match guid in Guid().Matches(line))
                {
                    if (!allowedGuids.Contains(guid.Value.ToLowerInvariant()))
                    {
                        problems.Add($"{name}:{number}: {guid.Value} looks like a subscription, tenant or object id");
                    }
                }
                foreach (Match secret in SecretShape().Matches(line))
                {
                    problems.Add($"{name}:{number}: '{secret.Value}' looks like a key, token or password");
                }
                foreach (Match token in LongToken().Matches(line))
                {
                    var value = token.Value;
                    if (value.Any(char.IsDigit) && value.Any(char.IsUpper) && value.Any(char.IsLower) && !allowedGuids.Any(g => value.Contains(g, StringComparison.OrdinalIgnoreCase)))
                    {
                        problems.Add($"{name}:{number}: '{value[..8]}…' looks like a key");
                    }
                }
            }
            if (path.EndsWith(".bicep", StringComparison.Ordinal))
            {
                problems.AddRange(SecureParameterProblems(BicepFile.Load(path)).Select(p => $"{name}:{p}"));
            }
            if (path.EndsWith(".parameters.json", StringComparison.Ordinal))
            {
                problems.AddRange(ParameterFileProblems(text).Select(p => $"{name}: {p}"));
            }
        }
        return problems;
    }

    // GUIDs held in a variable that is used only as a built-in role definition id (or to name an assignment).
    private static HashSet<string> RoleDefinitionIds(BicepFile file)
    {
        var allowed = new HashSet<string>();
        var visits = BicepWalk.All(file).ToList();
        foreach (var variable in file.Of(BicepDeclarationKind.Variable))
        {
            if (variable.Value is not BicepString { Literal: { } literal } || !Guid().IsMatch(literal))
            {
                continue;
            }
            var uses = visits.Where(v => v.Node is BicepIdentifier { Name: var n } && n == variable.Name && !v.Locals.Contains(n)).ToList();
            if (uses.Count > 0 && uses.All(u => u.Parent is BicepCall { Name: "guid" } or BicepCall { Name: "subscriptionResourceId", Arguments: [BicepString { Literal: "Microsoft.Authorization/roleDefinitions" }, _] }))
            {
                allowed.Add(literal.ToLowerInvariant());
            }
        }
        return allowed;
    }

    private static IEnumerable<string> SecureParameterProblems(BicepFile file)
    {
        var secure = file.Of(BicepDeclarationKind.Parameter).Where(p => p.HasDecorator("secure")).ToList();
        foreach (var parameter in secure.Where(p => p.Value is not null))
        {
            yield return $"{parameter.Line}: secure parameter '{parameter.Name}' has a default value";
        }
        var names = secure.Select(p => p.Name).ToHashSet();
        foreach (var output in file.Of(BicepDeclarationKind.Output))
        {
            foreach (var visit in BicepWalk.Descendants(output.Value!))
            {
                if (visit.Node is BicepIdentifier { Name: var n } && names.Contains(n) || visit.Node is BicepCall { Name: "listKeys" or "getSecret" or "listSecrets" })
                {
                    yield return $"{output.Line}: output '{output.Name}' carries a secret";
                }
            }
        }
    }

    private static IEnumerable<string> ParameterFileProblems(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var parameter in document.RootElement.GetProperty("parameters").EnumerateObject())
        {
            var value = parameter.Value.GetProperty("value");
            if (value.ValueKind != JsonValueKind.String || !AzdReference().IsMatch(value.GetString()!))
            {
                yield return $"parameter '{parameter.Name}' is {value.GetRawText()}, not an azd environment reference";
            }
        }
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    // 'password: name' in Bicep is a reference to a parameter; a quoted value or key=value text is a literal.
    [GeneratedRegex(@"(AccountKey|SharedAccessSignature|SharedAccessKey|sig|password|pwd|secret)\s*(=\s*['""]?|:\s*['""])[A-Za-z0-9+/%_\-!@#^&*]{6,}|-----BEGIN [A-Z ]*PRIVATE KEY-----", RegexOptions.IgnoreCase)]
    private static partial Regex SecretShape();

    [GeneratedRegex(@"[A-Za-z0-9+/_\-]{32,}={0,2}")]
    private static partial Regex LongToken();

    [GeneratedRegex(@"https?://[^\s'""]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"^(\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}|\$\(secretOrRandomPassword \$\{AZURE_KEY_VAULT_NAME\} [a-z0-9-]+\))$")]
    private static partial Regex AzdReference();
}
