using MlOps.Testing;

namespace MlOps.Infra.Tests;

public sealed class NoSecretsTests
{
    [Fact]
    public void Nothing_in_the_deployment_files_is_a_secret_or_a_subscription_id()
    {
        var problems = SecretScan.Problems(InfraPaths.Infra, [Path.Combine(InfraPaths.Root, "azure.yaml")]);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Planted_ids_keys_and_passwords_are_found()
    {
        using var folder = new TemporaryDirectory("infra-secrets");
        File.WriteAllText(folder.File("leaky.bicep"), """
            @secure()
            param adminPassword string = 'Winter2026!'
            param connection string = 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=q8mZ3xT0aLp2VbN7cR5sD1eF9gH4jK6lM0nO2pQ=='
            var subscriptionScope = '/subscriptions/3f2a9c41-5d7e-4b8a-9c0d-1e2f3a4b5c6d/resourceGroups/rg'
            output leaked string = adminPassword
            """);
        File.WriteAllText(folder.File("main.parameters.json"), """
            { "parameters": { "location": { "value": "westus3" }, "token": { "value": "${AZURE_ENV_NAME}" } } }
            """);

        var problems = SecretScan.Problems(folder.Path);

        Assert.Contains(problems, p => p.StartsWith("leaky.bicep:2:", StringComparison.Ordinal) && p.Contains("has a default value", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("leaky.bicep:3:", StringComparison.Ordinal) && p.Contains("AccountKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("leaky.bicep:4:", StringComparison.Ordinal) && p.Contains("subscription", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("leaky.bicep:5:", StringComparison.Ordinal) && p.Contains("carries a secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'location' is \"westus3\"", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("'token'", StringComparison.Ordinal));
    }
}
