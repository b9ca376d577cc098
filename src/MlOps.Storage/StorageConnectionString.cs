namespace MlOps.Storage;

/// <summary>
/// A storage connection string parsed as Azure parses it: <c>UseDevelopmentStorage=true</c>
/// (Azurite's well-known account), or <c>AccountName</c>/<c>AccountKey</c> with
/// <c>DefaultEndpointsProtocol</c>/<c>EndpointSuffix</c> or an explicit <c>BlobEndpoint</c>,
/// or <c>BlobEndpoint</c> with <c>SharedAccessSignature</c>.
/// </summary>
public sealed record StorageConnectionString
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's published well-known key; not a secret.
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const int DefaultDevelopmentBlobPort = 10000;

    public required Uri BlobEndpoint { get; init; }

    public string? AccountName { get; init; }

    public StorageSharedKeyCredential? SharedKey { get; init; }

    public string? SharedAccessSignature { get; init; }

    public bool IsDevelopmentStorage { get; init; }

    /// <summary>Parses a connection string; <paramref name="developmentBlobPort"/> is where Azurite's blob service listens.</summary>
    public static StorageConnectionString Parse(string connectionString, int developmentBlobPort = DefaultDevelopmentBlobPort)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty.");
        }
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"The storage connection string has a setting without a name or '=': '{Redact(part)}'.");
            }
            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            var endpoint = settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy)
                ? new Uri(new Uri(proxy), DevelopmentAccountName)
                : new Uri($"http://127.0.0.1:{developmentBlobPort}/{DevelopmentAccountName}");
            return new StorageConnectionString
            {
                BlobEndpoint = endpoint,
                AccountName = DevelopmentAccountName,
                SharedKey = new StorageSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey),
                IsDevelopmentStorage = true,
            };
        }

        settings.TryGetValue("AccountName", out var accountName);
        settings.TryGetValue("AccountKey", out var accountKey);
        settings.TryGetValue("SharedAccessSignature", out var sas);
        Uri? blobEndpoint = null;
        if (settings.TryGetValue("BlobEndpoint", out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out blobEndpoint))
            {
                throw new FormatException($"BlobEndpoint '{explicitEndpoint}' in the storage connection string is not an absolute URI.");
            }
        }
        else if (accountName is not null)
        {
            var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            blobEndpoint = new Uri($"{protocol}://{accountName}.blob.{suffix}");
        }
        if (blobEndpoint is null)
        {
            throw new FormatException("The storage connection string names neither AccountName nor BlobEndpoint.");
        }
        if (accountKey is not null && accountName is null)
        {
            throw new FormatException("The storage connection string has an AccountKey but no AccountName.");
        }
        if (accountKey is null && sas is null)
        {
            throw new FormatException("The storage connection string has neither AccountKey nor SharedAccessSignature.");
        }
        return new StorageConnectionString
        {
            BlobEndpoint = blobEndpoint,
            AccountName = accountName ?? AccountNameFromEndpoint(blobEndpoint),
            SharedKey = accountKey is null ? null : new StorageSharedKeyCredential(accountName!, accountKey),
            SharedAccessSignature = sas?.TrimStart('?'),
        };
    }

    internal static string? AccountNameFromEndpoint(Uri endpoint)
    {
        var host = endpoint.Host;
        var dot = host.IndexOf('.');
        if (dot > 0 && !endpoint.IsLoopback && !System.Net.IPAddress.TryParse(host, out _))
        {
            return host[..dot];
        }
        var firstSegment = endpoint.AbsolutePath.Trim('/').Split('/')[0];
        return firstSegment.Length > 0 ? firstSegment : null;
    }

    private static string Redact(string part) => part.Length > 12 ? part[..12] + "…" : part;
}
