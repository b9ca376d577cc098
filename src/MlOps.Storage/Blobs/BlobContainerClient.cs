using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace MlOps.Storage.Blobs;

/// <summary>One container: create, delete, list blobs by prefix (following continuation markers).</summary>
public sealed class BlobContainerClient
{
    private readonly BlobRestPipeline pipeline;

    internal BlobContainerClient(BlobRestPipeline pipeline, string name)
    {
        BlobName.ValidateContainer(name);
        this.pipeline = pipeline;
        Name = name;
    }

    public string Name { get; }

    public string AccountName => pipeline.AccountName;

    public BlobClient GetBlobClient(string blobName) => new(pipeline, Name, blobName);

    public async Task CreateAsync(CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Put, Name, "restype=container");
        await pipeline.SendAsync(message, "Create container", Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the container; returns false when it already existed.</summary>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await CreateAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestException e) when (e.ErrorCode == "ContainerAlreadyExists")
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Head, Name, "restype=container");
        try
        {
            await pipeline.SendAsync(message, "Get container properties", Name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Delete, Name, "restype=container");
        await pipeline.SendAsync(message, "Delete container", Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lists the blobs whose names start with <paramref name="prefix"/>, in name order, asking
    /// the service for pages of <paramref name="pageSize"/> and following its continuation marker.
    /// </summary>
    public async IAsyncEnumerable<BlobItem> GetBlobsAsync(
        string? prefix = null,
        int pageSize = 5000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        string? marker = null;
        do
        {
            var query = $"restype=container&comp=list&include=metadata&maxresults={pageSize.ToString(CultureInfo.InvariantCulture)}";
            if (!string.IsNullOrEmpty(prefix))
            {
                query += "&prefix=" + Uri.EscapeDataString(prefix);
            }
            if (!string.IsNullOrEmpty(marker))
            {
                query += "&marker=" + Uri.EscapeDataString(marker);
            }
            XDocument page;
            using (var message = pipeline.CreateMessage(RequestMethod.Get, Name, query))
            {
                var response = await pipeline.SendAsync(message, "List blobs", Name, cancellationToken).ConfigureAwait(false);
                page = XDocument.Load(response.ContentStream!);
            }
            var root = page.Root!;
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                yield return ParseItem(blob);
            }
            marker = root.Element("NextMarker")?.Value;
        }
        while (!string.IsNullOrEmpty(marker));
    }

    private static BlobItem ParseItem(XElement blob)
    {
        var properties = blob.Element("Properties")!;
        string? Text(string name) => properties.Element(name)?.Value is { Length: > 0 } v ? v : null;
        var metadata = blob.Element("Metadata")?.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new BlobItem(
            blob.Element("Name")!.Value,
            new BlobProperties(
                long.Parse(Text("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                new ETag(Text("Etag") ?? ""),
                Text("Last-Modified") is { } modified ? DateTimeOffset.ParseExact(modified, "R", CultureInfo.InvariantCulture) : default,
                Text("Content-Type"),
                Text("Content-MD5") is { } md5 ? Convert.FromBase64String(md5) : null,
                metadata,
                Text("LeaseState"),
                Text("LeaseStatus")));
    }
}
