namespace MlOps.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Development_storage_points_at_the_configured_local_port()
    {
        var connection = StorageConnectionString.Parse("UseDevelopmentStorage=true", developmentBlobPort: 12345);

        Assert.True(connection.IsDevelopmentStorage);
        Assert.Equal(new Uri("http://127.0.0.1:12345/devstoreaccount1"), connection.BlobEndpoint);
        Assert.Equal("devstoreaccount1", connection.SharedKey!.AccountName);
    }

    [Fact]
    public void Account_name_and_key_build_the_public_endpoint()
    {
        var connection = StorageConnectionString.Parse(
            "DefaultEndpointsProtocol=https;AccountName=seabedprod;AccountKey=" + Convert.ToBase64String(new byte[32]) + ";EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://seabedprod.blob.core.windows.net"), connection.BlobEndpoint);
        Assert.Equal("seabedprod", connection.AccountName);
    }

    [Fact]
    public void A_blob_endpoint_with_a_SAS_needs_no_key()
    {
        var connection = StorageConnectionString.Parse("BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=?sv=2023-11-03&sig=abc");

        Assert.Null(connection.SharedKey);
        Assert.Equal("sv=2023-11-03&sig=abc", connection.SharedAccessSignature);
        Assert.Equal("acct", connection.AccountName);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=x", "neither AccountKey nor SharedAccessSignature")]
    [InlineData("AccountKey=abc", "neither AccountName nor BlobEndpoint")]
    [InlineData("BlobEndpoint=not a uri;SharedAccessSignature=sig=1", "not an absolute URI")]
    [InlineData("AccountName=x;AccountKey=%%%", "not valid base64")]
    [InlineData("garbage", "without a name")]
    public void A_malformed_connection_string_says_what_is_wrong(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
