using MlOps.Infra.Tests.Bicep;

namespace MlOps.Infra.Tests;

/// <summary>
/// Turns what the template gives a container into an environment a test can run with: literal
/// values as they are, Key Vault secrets from a table the test supplies, and values only Azure
/// knows (the subscription, resource names, the identity's client id, endpoints) replaced by
/// stand-ins of the right shape.
/// </summary>
internal static class AzureStandIns
{
    public static Dictionary<string, string> Environment(ContainerDefinition container, IReadOnlyDictionary<string, string> keyVaultSecrets)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in container.Environment)
        {
            if (setting.Repeated)
            {
                continue;
            }
            var name = setting.Name.Exact ?? throw new InvalidDataException($"{container.File}: setting name {setting.Name.Pattern} is not fixed.");
            environment[name] = setting.SecretRef is { } secretRef
                ? keyVaultSecrets[SecretName(container, secretRef)]
                : setting.Value switch
                {
                    BicepText { Exact: { } text } => text,
                    BicepNumberValue or BicepBoolValue => setting.Value.Pattern,
                    _ => StandIn(name),
                };
        }
        return environment;
    }

    /// <summary>The Key Vault secret a container app secret refers to (the last segment of its keyVaultUrl).</summary>
    public static string SecretName(ContainerDefinition container, string secretRef)
    {
        var secret = container.Secrets.SingleOrDefault(s => s.Name == secretRef)
            ?? throw new InvalidDataException($"{container.File}: setting refers to secret '{secretRef}', which the app does not declare.");
        var url = (secret.KeyVaultUrl as BicepText)?.Pattern
            ?? throw new InvalidDataException($"{container.File}: secret '{secretRef}' is not a Key Vault reference.");
        return url[(url.LastIndexOf('/') + 1)..];
    }

    private static string StandIn(string name) =>
        name.EndsWith("Uri", StringComparison.OrdinalIgnoreCase) ? "https://standin.blob.core.windows.net/"
        : name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) ? Guid.Empty.ToString()
        : "standin";
}
