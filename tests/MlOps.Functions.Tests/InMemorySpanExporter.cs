using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace MlOps.Functions.Tests;

/// <summary>Keeps every span a tracer provider exports, for a test to inspect.</summary>
public sealed class InMemorySpanExporter : BaseExporter<Activity>
{
    private readonly ConcurrentQueue<Activity> spans = new();

    public IReadOnlyList<Activity> Spans => [.. spans];

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
        {
            spans.Enqueue(span);
        }
        return ExportResult.Success;
    }
}
