using System.Globalization;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Storage.Blobs;

/// <summary>
/// Sends Blob service REST requests through the Azure.Core pipeline and turns refusals into
/// <see cref="StorageRequestException"/> (or <see cref="BlobConflictException"/> for lost
/// preconditions and lease conflicts), naming the account, the operation and the resource.
/// </summary>
internal sealed class BlobRestPipeline(HttpPipeline pipeline, Uri endpoint, string accountName, StorageTransferOptions transferOptions)
{
    private static readonly HashSet<string> ConflictCodes = new(StringComparer.Ordinal)
    {
        "ConditionNotMet", "BlobAlreadyExists", "LeaseIdMissing", "LeaseIdMismatch", "LeaseAlreadyPresent",
        "LeaseIsBreakingAndCannotBeAcquired", "LeaseNotPresentWithBlobOperation", "TargetConditionNotMet",
    };

    public Uri Endpoint { get; } = endpoint;

    public string AccountName { get; } = accountName;

    public StorageTransferOptions TransferOptions { get; } = transferOptions;

    public HttpMessage CreateMessage(RequestMethod method, string path, string? query = null)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        var builder = new UriBuilder(Endpoint);
        builder.Path = builder.Path.TrimEnd('/') + "/" + path;
        builder.Query = query ?? "";
        message.Request.Uri.Reset(builder.Uri);
        return message;
    }

    public async Task<Response> SendAsync(HttpMessage message, string operation, string resource, CancellationToken cancellationToken)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status >= 400)
        {
            throw await CreateExceptionAsync(response, operation, resource, cancellationToken).ConfigureAwait(false);
        }
        return response;
    }

    public static void ApplyConditions(Request request, BlobRequestConditions? conditions)
    {
        if (conditions is null)
        {
            return;
        }
        if (conditions.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        }
        if (conditions.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.SetValue("If-None-Match", ifNoneMatch == ETag.All ? "*" : ifNoneMatch.ToString("H"));
        }
        if (conditions.LeaseId is { } leaseId)
        {
            request.Headers.SetValue("x-ms-lease-id", leaseId);
        }
    }

    public static void ApplyMetadata(Request request, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var (key, value) in metadata)
        {
            if (string.IsNullOrEmpty(key) || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(key[0]))
            {
                throw new ArgumentException($"Metadata name '{key}' is not a valid C# identifier, as blob metadata names must be.", nameof(metadata));
            }
            request.Headers.SetValue("x-ms-meta-" + key, value);
        }
    }

    public static BlobProperties ReadProperties(Response response)
    {
        var headers = response.Headers;
        long length = 0;
        if (headers.TryGetValue("Content-Range", out var contentRange) && contentRange.LastIndexOf('/') is var slash and > 0
            && long.TryParse(contentRange[(slash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var total))
        {
            length = total;
        }
        else if (headers.TryGetValue("Content-Length", out var contentLength))
        {
            length = long.Parse(contentLength, CultureInfo.InvariantCulture);
        }
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }
        byte[]? hash = null;
        if (headers.TryGetValue("x-ms-blob-content-md5", out var blobMd5) || headers.TryGetValue("Content-MD5", out blobMd5))
        {
            hash = Convert.FromBase64String(blobMd5);
        }
        headers.TryGetValue("Content-Type", out var contentType);
        headers.TryGetValue("x-ms-lease-state", out var leaseState);
        headers.TryGetValue("x-ms-lease-status", out var leaseStatus);
        return new BlobProperties(
            length,
            headers.ETag ?? default,
            ParseDate(headers, "Last-Modified"),
            contentType,
            hash,
            metadata,
            leaseState,
            leaseStatus);
    }

    public static DateTimeOffset ParseDate(ResponseHeaders headers, string name) =>
        headers.TryGetValue(name, out var value)
            ? DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : default;

    private async Task<StorageRequestException> CreateExceptionAsync(Response response, string operation, string resource, CancellationToken cancellationToken)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        string? detail = null;
        if (response.ContentStream is { } stream)
        {
            try
            {
                var body = await BinaryData.FromStreamAsync(stream, cancellationToken).ConfigureAwait(false);
                if (body.ToMemory().Length > 0)
                {
                    var error = XDocument.Parse(body.ToString()).Root;
                    code ??= error?.Element("Code")?.Value;
                    detail = error?.Element("Message")?.Value.Split('\n')[0].Trim();
                }
            }
            catch (System.Xml.XmlException)
            {
                // The body is not the service's XML error: the status and header still say enough.
            }
        }
        var message = response.Status switch
        {
            403 when code is "AuthenticationFailed" or "AuthorizationFailure" or null =>
                $"Storage account '{AccountName}' refused the credentials for {operation} '{resource}' (403 {code ?? "Forbidden"}): check the account key, SAS token or role assignment for '{AccountName}'.",
            _ => $"{operation} '{resource}' in storage account '{AccountName}' failed: {response.Status} {code ?? response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}",
        };
        return code is not null && ConflictCodes.Contains(code) || response.Status == 412
            ? new BlobConflictException(response.Status, code, message)
            : new StorageRequestException(response.Status, code, message);
    }
}
