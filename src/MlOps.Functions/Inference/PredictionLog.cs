using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace MlOps.Functions.Inference;

/// <summary>What a prediction answered, kept so feedback can be scored against it.</summary>
public sealed class PredictionRecord(string model, int version, long[] labels)
{
    private long[]? mirrorLabels;
    private int feedbackTaken;

    public string Model { get; } = model;

    public int Version { get; } = version;

    public long[] Labels { get; } = labels;

    /// <summary>The version that also scored the rows off the response path, once it has.</summary>
    public int? MirrorVersion { get; private set; }

    public long[]? MirrorLabels => Volatile.Read(ref mirrorLabels);

    public void SetMirror(int version, long[] labels)
    {
        MirrorVersion = version;
        Volatile.Write(ref mirrorLabels, labels);
    }

    /// <summary>True the first time only: feedback for one prediction counts once.</summary>
    public bool TryTakeFeedback() => Interlocked.Exchange(ref feedbackTaken, 1) == 0;
}

/// <summary>
/// The last <see cref="InferenceOptions.FeedbackWindow"/> predictions of this host by request id.
/// Ids are <c>{host tag}-{sequence}</c>, so feedback sent to another host is told so plainly.
/// </summary>
public sealed class PredictionLog(IOptions<InferenceOptions> options)
{
    private readonly ConcurrentDictionary<string, PredictionRecord> records = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private readonly int capacity = options.Value.FeedbackWindow;
    private long sequence;

    /// <summary>A short random tag that starts every request id this process hands out.</summary>
    public string HostTag { get; } = Guid.NewGuid().ToString("N")[..8];

    public string NextRequestId() => $"{HostTag}-{Interlocked.Increment(ref sequence).ToString("x", CultureInfo.InvariantCulture)}";

    public void Add(string requestId, PredictionRecord record)
    {
        records[requestId] = record;
        order.Enqueue(requestId);
        while (order.Count > capacity && order.TryDequeue(out var oldest))
        {
            records.TryRemove(oldest, out _);
        }
    }

    public PredictionRecord? Find(string requestId) => records.TryGetValue(requestId, out var record) ? record : null;

    public bool IsFromThisHost(string requestId) => requestId.StartsWith(HostTag + "-", StringComparison.Ordinal);
}
