namespace MlOps.Functions.Inference;

/// <summary>The live counters of one version on this host, updated lock-free by every request.</summary>
public sealed class VersionMetrics
{
    private readonly long[] classes = new long[5];
    private readonly long[] latency = new long[LatencyHistogram.BucketCount];
    private long servedRequests;
    private long mirroredRequests;
    private long errors;
    private long rows;
    private long comparedRows;
    private long agreedRows;
    private long feedbackRows;
    private long feedbackCorrect;
    private long mirrorDropped;

    /// <summary>A scoring attempt finished: how long it took and, when it succeeded, the labels it gave.</summary>
    public void RecordScored(bool mirrored, double milliseconds, ReadOnlySpan<long> labels)
    {
        Interlocked.Increment(ref mirrored ? ref mirroredRequests : ref servedRequests);
        Interlocked.Increment(ref latency[LatencyHistogram.BucketOf(milliseconds)]);
        Interlocked.Add(ref rows, labels.Length);
        if (labels.Length == 1)
        {
            CountClass(labels[0]);
            return;
        }
        Span<long> counts = stackalloc long[5];
        foreach (var label in labels)
        {
            if (label is >= 1 and <= 5)
            {
                counts[(int)label - 1]++;
            }
        }
        for (var c = 0; c < 5; c++)
        {
            if (counts[c] > 0)
            {
                Interlocked.Add(ref classes[c], counts[c]);
            }
        }
    }

    public void RecordFailure(bool mirrored)
    {
        Interlocked.Increment(ref mirrored ? ref mirroredRequests : ref servedRequests);
        Interlocked.Increment(ref errors);
    }

    public void RecordAgreement(long compared, long agreed)
    {
        Interlocked.Add(ref comparedRows, compared);
        Interlocked.Add(ref agreedRows, agreed);
    }

    public void RecordFeedback(long labelled, long correct)
    {
        Interlocked.Add(ref feedbackRows, labelled);
        Interlocked.Add(ref feedbackCorrect, correct);
    }

    public void RecordMirrorDropped() => Interlocked.Increment(ref mirrorDropped);

    public VersionCounters Read() => new()
    {
        ServedRequests = Volatile.Read(ref servedRequests),
        MirroredRequests = Volatile.Read(ref mirroredRequests),
        Errors = Volatile.Read(ref errors),
        Rows = Volatile.Read(ref rows),
        Classes = (long[])classes.Clone(),
        ComparedRows = Volatile.Read(ref comparedRows),
        AgreedRows = Volatile.Read(ref agreedRows),
        FeedbackRows = Volatile.Read(ref feedbackRows),
        FeedbackCorrect = Volatile.Read(ref feedbackCorrect),
        MirrorDropped = Volatile.Read(ref mirrorDropped),
        LatencyBuckets = (long[])latency.Clone(),
    };

    private void CountClass(long label)
    {
        if (label is >= 1 and <= 5)
        {
            Interlocked.Increment(ref classes[(int)label - 1]);
        }
    }
}
