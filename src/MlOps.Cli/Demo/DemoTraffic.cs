using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Durable;
using MlOps.Functions.Rollout;
using MlOps.Learning.Data;
using Spectre.Console;

namespace MlOps.Cli.Demo;

/// <summary>
/// Clients of the inference function while a challenger is rolled out: batches of the newest
/// survey's pixels under many routing keys, and the true classes as feedback a moment later,
/// until the rollout orchestration promotes or rolls back. Each step's weights are printed.
/// </summary>
public sealed class DemoTraffic(HttpClient http, string functionKey, string model, Dataset rows)
{
    private const int RowsPerRequest = 25;

    public async Task<RolloutOutcome?> RunUntilDecidedAsync(DurableTaskClient durable, string rolloutId, CancellationToken cancellationToken)
    {
        var random = new Random(11);
        var lastStep = (-1, -1.0);
        var sent = 0;
        while (true)
        {
            var instance = await durable.GetInstanceAsync(rolloutId, getInputsAndOutputs: true, cancellationToken);
            if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
            {
                return instance.ReadOutputAs<RolloutOutcome>();
            }
            if (instance?.ReadCustomStatusAs<RolloutProgress>() is { } progress && (progress.StepIndex, progress.Weight) != lastStep)
            {
                lastStep = (progress.StepIndex, progress.Weight);
                AnsiConsole.MarkupLine($"  canary: {Markup.Escape(progress.Phase)}, challenger weight {progress.Weight:0}%" +
                    (progress.LastGate is null ? "" : $"; last gate: {Markup.Escape(progress.LastGate)}"));
            }
            for (var i = 0; i < 10; i++, sent++)
            {
                await SendAsync(random, $"client-{sent % 97}", cancellationToken);
            }
        }
    }

    private async Task SendAsync(Random random, string routingKey, CancellationToken cancellationToken)
    {
        var start = random.Next(Math.Max(1, rows.Rows - RowsPerRequest));
        var batch = Enumerable.Range(start, Math.Min(RowsPerRequest, rows.Rows - start)).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/models/{model}/predict")
        {
            Content = JsonContent.Create(new { columns = rows.FeatureNames, rows = batch.Select(r => rows.Row(r).ToArray()) }),
        };
        request.Headers.Add("x-functions-key", functionKey);
        request.Headers.Add("x-routing-key", routingKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("x-request-id", out var ids))
        {
            return;
        }
        using var feedback = new HttpRequestMessage(HttpMethod.Post, $"api/models/{model}/feedback")
        {
            Content = JsonContent.Create(new { requestId = ids.First(), labels = batch.Select(r => rows.Labels[r]) }),
        };
        feedback.Headers.Add("x-functions-key", functionKey);
        using var _ = await http.SendAsync(feedback, cancellationToken);
    }
}
