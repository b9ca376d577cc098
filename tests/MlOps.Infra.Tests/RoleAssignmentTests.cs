using MlOps.Infra.Tests.Bicep;
using MlOps.Testing;
using Xunit.Abstractions;

namespace MlOps.Infra.Tests;

public sealed class RoleAssignmentTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_role_assignment_names_one_resource_and_no_broad_role()
    {
        var granted = new List<string>();

        var problems = RoleAssignmentCheck.Problems(DeploymentFiles.Template, granted);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        foreach (var grant in granted)
        {
            output.WriteLine(grant);
        }
        // The identity's four grants and the Event Grid topic's dead-letter grant (the deployer's vault grant is optional).
        Assert.Contains(granted, g => g.Contains("(storageBlobDataContributor) on Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Contains("(storageBlobDataContributor) on Microsoft.Storage/storageAccounts/blobServices/containers", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Contains("(acrPull) on Microsoft.ContainerRegistry/registries", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.Contains("(keyVaultSecretsUser) on Microsoft.KeyVault/vaults", StringComparison.Ordinal));
        Assert.Contains(granted, g => g.StartsWith("custom role", StringComparison.Ordinal) && g.EndsWith("on Microsoft.App/jobs 'job'", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_but_the_resource_group_is_deployed_at_subscription_scope()
    {
        var problems = RoleAssignmentCheck.SubscriptionScopeProblems(DeploymentFiles.Template);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal("subscription", DeploymentFiles.Template.File("main.bicep").TargetScope);
    }

    [Fact]
    public void Broad_unscoped_and_wildcard_grants_are_caught()
    {
        using var folder = new TemporaryDirectory("infra-roles");
        File.WriteAllText(folder.File("main.bicep"), """
            targetScope = 'subscription'
            param principalId string
            var owner = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'
            resource everything 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              name: guid(principalId, owner)
              properties: {
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', owner)
                principalId: principalId
              }
            }
            resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
              name: 'rg'
              location: 'westus3'
            }
            module inner 'inner.bicep' = {
              name: 'inner'
              scope: rg
              params: {
                principalId: principalId
              }
            }
            """);
        File.WriteAllText(folder.File("inner.bicep"), """
            param principalId string
            resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
              name: 'account'
            }
            resource anything 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
              name: guid('anything')
              properties: {
                roleName: 'anything'
                type: 'CustomRole'
                assignableScopes: [
                  subscription().id
                ]
                permissions: [
                  {
                    actions: [
                      'Microsoft.Storage/*'
                      'Microsoft.Authorization/roleAssignments/write'
                    ]
                  }
                ]
              }
            }
            resource wide 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              name: guid(principalId, 'anything')
              scope: account
              properties: {
                roleDefinitionId: anything.id
                principalId: principalId
              }
            }
            resource contributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              name: guid(principalId, 'contributor')
              scope: account
              properties: {
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')
                principalId: principalId
              }
            }
            """);

        var problems = RoleAssignmentCheck.Problems(BicepTemplate.Load(folder.Path));

        Assert.Contains(problems, p => p.Contains("'everything'", StringComparison.Ordinal) && p.Contains("whole subscription", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'anything'", StringComparison.Ordinal) && p.Contains("resource group only", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Microsoft.Storage/*", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("manages access", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'contributor'", StringComparison.Ordinal) && p.Contains("assigns Contributor", StringComparison.Ordinal));
    }
}
