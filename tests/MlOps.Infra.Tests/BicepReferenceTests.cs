using MlOps.Infra.Tests.Bicep;
using MlOps.Testing;

namespace MlOps.Infra.Tests;

public sealed class BicepReferenceTests
{
    [Fact]
    public void Every_name_module_parameter_and_module_output_the_template_uses_is_declared()
    {
        var problems = BicepReferenceCheck.Problems(DeploymentFiles.Template);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(DeploymentFiles.Template.Files.Count >= 10);
    }

    [Fact]
    public void Typos_are_reported_with_file_line_and_column()
    {
        using var folder = new TemporaryDirectory("infra-refs");
        File.WriteAllText(folder.File("main.bicep"), """
            param location string
            module store 'store.bicep' = {
              name: 'store'
              params: {
                location: locaton
                sku: 'Standard_LRS'
              }
            }
            output endpoint string = store.outputs.endpoint
            """);
        File.WriteAllText(folder.File("store.bicep"), """
            param location string
            param name string
            output blobEndpoint string = 'https://${name}.blob.core.windows.net/'
            """);

        var problems = BicepReferenceCheck.Problems(BicepTemplate.Load(folder.Path));

        Assert.Contains("main.bicep(5,15): 'locaton' is not declared", problems);
        Assert.Contains(problems, p => p.StartsWith("main.bicep(2,1): module 'store' passes 'sku'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("main.bicep(2,1): module 'store' does not pass 'name'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("main.bicep(9,40): module 'store' has no output 'endpoint'", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_bicep_is_reported_with_file_line_and_column()
    {
        using var folder = new TemporaryDirectory("infra-syntax");
        File.WriteAllText(folder.File("main.bicep"), "param location string\nvar name = 'st${location'\n");

        var error = Assert.Throws<BicepSyntaxException>(() => BicepTemplate.Load(folder.Path));

        Assert.Equal(2, error.Line);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
    }
}
