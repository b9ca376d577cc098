using System.Collections.Concurrent;
using System.Net;

namespace MlOps.Functions.Tests;

/// <summary>
/// Steady client traffic against the predict function until stopped: each of a few workers sends
/// batches of the 2018 rows under rotating routing keys and, a few requests later, their true
/// classes as feedback. It records every answer's status and version, and lets a test wait for
/// a number of answers instead of for time.
/// </summary>
internal sealed class TrafficLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] workers;
    private readonly InferenceClient client;
    private readonly CanaryModels models;
    private readonly int rowsPerRequest;
    private readonly bool feedback;
    private readonly ConcurrentDictionary<int, int> versions = new();
    private readonly ConcurrentQueue<string> failures = new();
    private readonly SemaphoreSlim progress = new(0);
    private long completed;

    public TrafficLoop(InferenceClient client, CanaryModels models, int workers = 2, int rowsPerRequest = 10, bool feedback = true, TimeSpan? limit = null)
    {
        this.client = client;
        this.models = models;
        this.rowsPerRequest = rowsPerRequest;
        this.feedback = feedback;
        stop.CancelAfter(limit ?? TimeSpan.FromMinutes(2));
        this.workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(w))).ToArray();
    }

    public long Completed => Interlocked.Read(ref completed);

    public IReadOnlyCollection<string> Failures => failures;

    public IReadOnlyDictionary<int, int> Versions => versions;

    /// <summary>Waits until <paramref name="more"/> further answers have come back.</summary>
    public async Task WaitForAnswersAsync(long more)
    {
        var target = Completed + more;
        while (Completed < target)
        {
            if (!await progress.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"the traffic stalled at {Completed} answers");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    private async Task RunAsync(int worker)
    {
        var pending = new Queue<(string RequestId, int First)>();
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var first = (worker * 7919 + sequence * rowsPerRequest) % models.Traffic.Rows;
            var rows = Enumerable.Range(first, rowsPerRequest).Select(models.Row).ToList();
            InferenceClient.Answer answer;
            try
            {
                answer = await client.PredictAsync(rows, routingKey: $"client-{worker}-{sequence % 97}");
            }
            catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or HttpRequestException)
            {
                break;
            }
            sequence++;
            if (answer.Status != HttpStatusCode.OK || answer.Version is null)
            {
                failures.Enqueue($"{answer.Status}: {answer.Body}");
            }
            else
            {
                versions.AddOrUpdate(answer.Version.Value, 1, (_, n) => n + 1);
                pending.Enqueue((answer.RequestId!, first));
            }
            if (feedback && pending.Count > 4)
            {
                var (requestId, start) = pending.Dequeue();
                var truth = Enumerable.Range(start, rowsPerRequest).Select(i => (int?)models.Traffic.Labels[i % models.Traffic.Rows]);
                using var response = await client.FeedbackAsync(requestId, truth);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"feedback {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            Interlocked.Increment(ref completed);
            progress.Release();
        }
    }
}
