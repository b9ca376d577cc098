using System.Security.Cryptography;
using System.Text;

namespace MlOps.Storage;

/// <summary>An account name and key for Shared Key authorization.</summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        AccountName = accountName;
        try
        {
            key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new FormatException($"The account key for storage account '{accountName}' is not valid base64.");
        }
    }

    public string AccountName { get; }

    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"SharedKey({AccountName})";
}
