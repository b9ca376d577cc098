using System.Globalization;
using Azure.Core;

namespace MlOps.Storage.Blobs;

/// <summary>
/// A blob lease: while one client holds it, writes and deletes by anyone without the lease id
/// fail with <see cref="BlobConflictException"/>.
/// </summary>
public sealed class BlobLeaseClient
{
    public static readonly TimeSpan InfiniteDuration = TimeSpan.FromSeconds(-1);

    private readonly BlobRestPipeline pipeline;
    private readonly string path;
    private readonly string resource;

    internal BlobLeaseClient(BlobRestPipeline pipeline, string path, string resource, string? leaseId)
    {
        this.pipeline = pipeline;
        this.path = path;
        this.resource = resource;
        LeaseId = leaseId ?? Guid.NewGuid().ToString();
    }

    public string LeaseId { get; private set; }

    /// <summary>Acquires the lease for 15–60 seconds, or <see cref="InfiniteDuration"/>.</summary>
    public async Task AcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var seconds = (int)duration.TotalSeconds;
        if (seconds != -1 && seconds is < 15 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 seconds, or is infinite.");
        }
        await SendAsync("acquire", "Acquire lease", cancellationToken, ("x-ms-lease-duration", seconds.ToString(CultureInfo.InvariantCulture)), ("x-ms-proposed-lease-id", LeaseId)).ConfigureAwait(false);
    }

    public Task RenewAsync(CancellationToken cancellationToken = default) =>
        SendAsync("renew", "Renew lease", cancellationToken, ("x-ms-lease-id", LeaseId));

    public Task ReleaseAsync(CancellationToken cancellationToken = default) =>
        SendAsync("release", "Release lease", cancellationToken, ("x-ms-lease-id", LeaseId));

    public async Task ChangeAsync(string proposedLeaseId, CancellationToken cancellationToken = default)
    {
        await SendAsync("change", "Change lease", cancellationToken, ("x-ms-lease-id", LeaseId), ("x-ms-proposed-lease-id", proposedLeaseId)).ConfigureAwait(false);
        LeaseId = proposedLeaseId;
    }

    /// <summary>Ends whoever's lease is on the blob, immediately.</summary>
    public Task BreakAsync(CancellationToken cancellationToken = default) =>
        SendAsync("break", "Break lease", cancellationToken, ("x-ms-lease-break-period", "0"));

    private async Task SendAsync(string action, string operation, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Put, path, "comp=lease");
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        foreach (var (name, value) in headers)
        {
            message.Request.Headers.SetValue(name, value);
        }
        await pipeline.SendAsync(message, operation, resource, cancellationToken).ConfigureAwait(false);
    }
}
