using System.Globalization;

namespace MlOps.Storage;

/// <summary>
/// Builds an account SAS for the Blob service, signed with the account key: for handing a
/// time-limited, permission-limited token to a process (a trial job, a script) instead of the key.
/// </summary>
public sealed record AccountSasBuilder
{
    /// <summary>Permission letters in the service's order, e.g. "rl" (read, list) or "racwdl".</summary>
    public required string Permissions { get; init; }

    public required DateTimeOffset ExpiresOn { get; init; }

    public DateTimeOffset? StartsOn { get; init; }

    /// <summary>s (service), c (container), o (object).</summary>
    public string ResourceTypes { get; init; } = "sco";

    public string Protocol { get; init; } = "https,http";

    public string Version { get; init; } = Blobs.BlobStorageClientOptions.DefaultServiceVersion;

    public string ToSasQuery(StorageSharedKeyCredential credential)
    {
        var expiry = Format(ExpiresOn);
        var start = StartsOn is { } s ? Format(s) : "";
        var stringToSign = string.Join('\n',
            credential.AccountName, Permissions, "b", ResourceTypes, start, expiry, "", Protocol, Version, "", "");
        var signature = credential.Sign(stringToSign);
        var query = $"sv={Version}&ss=b&srt={ResourceTypes}&sp={Permissions}&se={Uri.EscapeDataString(expiry)}&spr={Uri.EscapeDataString(Protocol)}";
        if (start.Length > 0)
        {
            query += "&st=" + Uri.EscapeDataString(start);
        }
        return query + "&sig=" + Uri.EscapeDataString(signature);
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
