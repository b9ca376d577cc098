namespace MlOps.Registry.Tests;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("bedford", "bedford", null, null)]
    [InlineData("bedford:3", "bedford", 3, null)]
    [InlineData("bedford:champion", "bedford", null, ModelAlias.Champion)]
    [InlineData("site-2:Challenger", "site-2", null, ModelAlias.Challenger)]
    [InlineData("bedford:previous", "bedford", null, ModelAlias.Previous)]
    public void Names_versions_and_aliases_parse(string text, string name, int? version, ModelAlias? alias)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(new ModelReference(name, version, alias), reference);
    }

    [Theory]
    [InlineData("bedford:0", "found '0'")]
    [InlineData("bedford:", "found ''")]
    [InlineData("bedford:-1", "found '-1'")]
    [InlineData("bedford:latest", "found 'latest'")]
    [InlineData("bedford:99999999999", "found '99999999999'")]
    [InlineData("Bedford:1", "Model name 'Bedford' is not valid")]
    [InlineData(":1", "Model name '' is not valid")]
    [InlineData("bed/ford", "Model name 'bed/ford' is not valid")]
    public void Bad_references_say_what_is_wrong(string text, string message)
    {
        var error = Assert.Throws<ModelRegistryException>(() => ModelReference.Parse(text));

        Assert.Equal((400, ModelRegistryErrorCode.InvalidRequest), (error.Status, error.ErrorCode));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
