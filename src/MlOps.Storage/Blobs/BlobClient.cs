using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;

namespace MlOps.Storage.Blobs;

/// <summary>
/// One blob: upload (a single Put Blob, or parallel blocks with per-block and whole-blob MD5),
/// download (streamed, by range, or in parallel ranges checked against the stored MD5),
/// properties and metadata, delete, leases. Every write takes optional preconditions.
/// </summary>
public sealed class BlobClient
{
    private readonly BlobRestPipeline pipeline;
    private readonly string path;

    internal BlobClient(BlobRestPipeline pipeline, string containerName, string blobName)
    {
        BlobName.Validate(blobName);
        this.pipeline = pipeline;
        ContainerName = containerName;
        Name = blobName;
        path = containerName + "/" + BlobName.ToUrlPath(blobName);
    }

    public string ContainerName { get; }

    public string Name { get; }

    public string AccountName => pipeline.AccountName;

    private string Resource => ContainerName + "/" + Name;

    public BlobLeaseClient GetBlobLeaseClient(string? leaseId = null) => new(pipeline, path, Resource, leaseId);

    public Task<BlobContentInfo> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) =>
        UploadAsync(content.ToStream(), options, cancellationToken);

    public async Task<BlobContentInfo> UploadFromFileAsync(string filePath, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await UploadAsync(file, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads the stream, reading it once from its current position. Up to the single-put
    /// threshold it is one request; beyond, blocks of the chunk size go up in parallel (at most
    /// MaxConcurrency buffers held) and are committed in order with the whole blob's MD5.
    /// </summary>
    public async Task<BlobContentInfo> UploadAsync(Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BlobUploadOptions();
        var transfer = options.TransferOptions ?? pipeline.TransferOptions;
        transfer.Validate();

        var probe = ArrayPool<byte>.Shared.Rent((int)Math.Min(transfer.SinglePutThreshold + 1, int.MaxValue));
        try
        {
            var probeLength = await FillAsync(content, probe.AsMemory(0, (int)Math.Min(transfer.SinglePutThreshold + 1, int.MaxValue)), cancellationToken).ConfigureAwait(false);
            if (probeLength <= transfer.SinglePutThreshold)
            {
                var result = await PutBlobAsync(probe.AsMemory(0, probeLength), options, cancellationToken).ConfigureAwait(false);
                options.Progress?.Report(probeLength);
                return result;
            }
            return await PutBlocksAsync(probe.AsMemory(0, probeLength), content, transfer, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(probe);
        }
    }

    private async Task<BlobContentInfo> PutBlobAsync(ReadOnlyMemory<byte> data, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Put, path);
        var request = message.Request;
        var md5 = MD5.HashData(data.Span);
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        request.Headers.SetValue("Content-MD5", Convert.ToBase64String(md5));
        request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        BlobRestPipeline.ApplyMetadata(request, options.Metadata);
        BlobRestPipeline.ApplyConditions(request, options.Conditions);
        request.Content = RequestContent.Create(data);
        var response = await pipeline.SendAsync(message, "Upload blob", Resource, cancellationToken).ConfigureAwait(false);
        return new BlobContentInfo(response.Headers.ETag ?? default, BlobRestPipeline.ParseDate(response.Headers, "Last-Modified"), md5);
    }

    private async Task<BlobContentInfo> PutBlocksAsync(ReadOnlyMemory<byte> head, Stream rest, StorageTransferOptions transfer, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        using var wholeMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var throttle = new SemaphoreSlim(transfer.MaxConcurrency);
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new List<Task>();
        var blockIds = new List<string>();
        long sent = 0;
        var headOffset = 0;
        try
        {
            while (true)
            {
                await throttle.WaitAsync(failure.Token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(transfer.ChunkSize);
                var length = 0;
                try
                {
                    var fromHead = Math.Min(head.Length - headOffset, transfer.ChunkSize);
                    head.Slice(headOffset, fromHead).CopyTo(buffer);
                    headOffset += fromHead;
                    length = fromHead + await FillAsync(rest, buffer.AsMemory(fromHead, transfer.ChunkSize - fromHead), failure.Token).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throttle.Release();
                    throw;
                }
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throttle.Release();
                    break;
                }
                wholeMd5.AppendData(buffer, 0, length);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
                blockIds.Add(blockId);
                inFlight.Add(PutBlockAsync(blockId, buffer, length));
                inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
                if (inFlight.FirstOrDefault(t => t.IsFaulted || t.IsCanceled) is { } failed)
                {
                    await failed.ConfigureAwait(false);
                }
            }
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch
        {
            await failure.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(inFlight).ConfigureAwait(false);
            }
            catch
            {
                // The first failure is the one worth reporting.
            }
            throw;
        }

        return await CommitBlocksAsync(blockIds, wholeMd5.GetHashAndReset(), options, cancellationToken).ConfigureAwait(false);

        async Task PutBlockAsync(string blockId, byte[] buffer, int length)
        {
            try
            {
                using var message = pipeline.CreateMessage(RequestMethod.Put, path, "comp=block&blockid=" + Uri.EscapeDataString(blockId));
                message.Request.Headers.SetValue("Content-MD5", Convert.ToBase64String(MD5.HashData(buffer.AsSpan(0, length))));
                if (options.Conditions?.LeaseId is { } leaseId)
                {
                    message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
                }
                message.Request.Content = RequestContent.Create(buffer.AsMemory(0, length));
                await pipeline.SendAsync(message, "Upload block", Resource, failure.Token).ConfigureAwait(false);
                options.Progress?.Report(Interlocked.Add(ref sent, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throttle.Release();
            }
        }
    }

    private async Task<BlobContentInfo> CommitBlocksAsync(List<string> blockIds, byte[] md5, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }
        xml.Append("</BlockList>");
        using var message = pipeline.CreateMessage(RequestMethod.Put, path, "comp=blocklist");
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        request.Headers.SetValue("x-ms-blob-content-md5", Convert.ToBase64String(md5));
        request.Headers.SetValue("Content-Type", "application/xml");
        BlobRestPipeline.ApplyMetadata(request, options.Metadata);
        BlobRestPipeline.ApplyConditions(request, options.Conditions);
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await pipeline.SendAsync(message, "Commit block list", Resource, cancellationToken).ConfigureAwait(false);
        return new BlobContentInfo(response.Headers.ETag ?? default, BlobRestPipeline.ParseDate(response.Headers, "Last-Modified"), md5);
    }

    /// <summary>Streams the blob (or a range of it); the caller reads and disposes the content.</summary>
    public async Task<BlobDownloadStreamingResult> DownloadStreamingAsync(BlobDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var message = pipeline.CreateMessage(RequestMethod.Get, path);
        try
        {
            message.BufferResponse = false;
            if (options?.Range is { } range)
            {
                message.Request.Headers.SetValue("x-ms-range", range.ToString());
            }
            BlobRestPipeline.ApplyConditions(message.Request, options?.Conditions);
            var response = await pipeline.SendAsync(message, "Download blob", Resource, cancellationToken).ConfigureAwait(false);
            var properties = BlobRestPipeline.ReadProperties(response);
            var stream = message.ExtractResponseContent() ?? Stream.Null;
            return new BlobDownloadStreamingResult(stream, properties, options?.Range);
        }
        finally
        {
            message.Dispose();
        }
    }

    public async Task<(BinaryData Content, BlobProperties Properties)> DownloadContentAsync(BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Get, path);
        BlobRestPipeline.ApplyConditions(message.Request, conditions);
        var response = await pipeline.SendAsync(message, "Download blob", Resource, cancellationToken).ConfigureAwait(false);
        return (response.Content, BlobRestPipeline.ReadProperties(response));
    }

    public async Task<BlobProperties> DownloadToFileAsync(string filePath, StorageTransferOptions? transfer = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var partial = filePath + ".partial";
        BlobProperties properties;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            properties = await DownloadToAsync(file, transfer, progress, cancellationToken).ConfigureAwait(false);
        }
        File.Move(partial, filePath, overwrite: true);
        return properties;
    }

    /// <summary>
    /// Downloads the whole blob into <paramref name="destination"/> in parallel ranges pinned
    /// to one ETag (a blob that changes meanwhile fails the download rather than mixing
    /// versions), written in order; when the blob has a stored MD5 the bytes are checked against it.
    /// </summary>
    public async Task<BlobProperties> DownloadToAsync(Stream destination, StorageTransferOptions? transfer = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        transfer ??= pipeline.TransferOptions;
        transfer.Validate();
        BlobProperties properties;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long written;
        try
        {
            using var first = await DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(0, transfer.ChunkSize) }, cancellationToken).ConfigureAwait(false);
            properties = first.Details;
            written = await CopyHashedAsync(first.Content, destination, md5, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRequestException e) when (e.Status == 416)
        {
            // Range requests on an empty blob are refused; there is nothing more to fetch.
            properties = await GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties;
        }
        progress?.Report(written);

        var pinned = new BlobRequestConditions { IfMatch = properties.ETag };
        var pending = new Queue<Task<(byte[] Buffer, int Length)>>();
        var next = written;
        try
        {
            while (next < properties.ContentLength || pending.Count > 0)
            {
                while (next < properties.ContentLength && pending.Count < transfer.MaxConcurrency)
                {
                    var length = (int)Math.Min(transfer.ChunkSize, properties.ContentLength - next);
                    pending.Enqueue(DownloadRangeAsync(new HttpRange(next, length), length, pinned, cancellationToken));
                    next += length;
                }
                var (buffer, count) = await pending.Dequeue().ConfigureAwait(false);
                try
                {
                    md5.AppendData(buffer, 0, count);
                    await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                    written += count;
                    progress?.Report(written);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch
        {
            while (pending.TryDequeue(out var task))
            {
                try
                {
                    ArrayPool<byte>.Shared.Return((await task.ConfigureAwait(false)).Buffer);
                }
                catch
                {
                    // Already failing; the first error is reported.
                }
            }
            throw;
        }
        if (written != properties.ContentLength)
        {
            throw new InvalidDataException($"Download of '{Resource}' received {written} bytes; the blob has {properties.ContentLength}.");
        }
        if (properties.ContentHash is { Length: 16 } expected && !md5.GetHashAndReset().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidDataException($"Download of '{Resource}' does not match the blob's stored MD5: the data was corrupted in transit or at rest.");
        }
        return properties;
    }

    private async Task<(byte[] Buffer, int Length)> DownloadRangeAsync(HttpRange range, int length, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using var result = await DownloadStreamingAsync(new BlobDownloadOptions { Range = range, Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            var read = await FillAsync(result.Content, buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            if (read != length)
            {
                throw new InvalidDataException($"Range {range} of '{Resource}' returned {read} bytes, expected {length}.");
            }
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public async Task<BlobProperties> GetPropertiesAsync(BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Head, path);
        BlobRestPipeline.ApplyConditions(message.Request, conditions);
        var response = await pipeline.SendAsync(message, "Get blob properties", Resource, cancellationToken).ConfigureAwait(false);
        return BlobRestPipeline.ReadProperties(response);
    }

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Replaces the blob's metadata; returns the new ETag.</summary>
    public async Task<ETag> SetMetadataAsync(IReadOnlyDictionary<string, string> metadata, BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Put, path, "comp=metadata");
        BlobRestPipeline.ApplyMetadata(message.Request, metadata);
        BlobRestPipeline.ApplyConditions(message.Request, conditions);
        var response = await pipeline.SendAsync(message, "Set blob metadata", Resource, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag ?? default;
    }

    public async Task DeleteAsync(BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Delete, path);
        BlobRestPipeline.ApplyConditions(message.Request, conditions);
        await pipeline.SendAsync(message, "Delete blob", Resource, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteIfExistsAsync(BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await DeleteAsync(conditions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageRequestException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private static async Task<long> CopyHashedAsync(Stream source, Stream destination, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
