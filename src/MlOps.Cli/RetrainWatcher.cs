using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Functions.Pipeline;
using Spectre.Console;

namespace MlOps.Cli;

/// <summary>
/// Follows a retrain run through the durable HTTP API until it ends: the step it is on, a bar
/// for the sweep's trials, a line for each finished trial, then the outcome.
/// </summary>
public sealed class RetrainWatcher(HttpClient http, Uri statusUri)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Outcome(string RuntimeStatus, RetrainProgress? Progress, JsonElement? Output);

    public async Task<Outcome> WatchAsync(CancellationToken cancellationToken)
    {
        Outcome? outcome = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var step = context.AddTask("starting", maxValue: 1);
                ProgressTask? trials = null;
                var reported = new HashSet<string>();
                while (true)
                {
                    var status = await GetAsync(statusUri, cancellationToken);
                    var runtime = status.GetProperty("runtimeStatus").GetString() ?? "Unknown";
                    var progress = Read<RetrainProgress>(status, "customStatus");
                    step.Description = $"{progress?.Step ?? runtime}";
                    if (progress?.SweepInstanceId is { } sweepId)
                    {
                        var sweep = Read<SweepProgress>(await GetAsync(Sibling(sweepId), cancellationToken), "customStatus");
                        if (sweep is not null)
                        {
                            trials ??= context.AddTask("trials", maxValue: Math.Max(1, sweep.MaxTrials));
                            trials.MaxValue = Math.Max(1, sweep.MaxTrials);
                            trials.Value = sweep.Done + sweep.Failed + sweep.Stopped;
                            trials.Description = $"trials ({sweep.Running} running, best {sweep.BestObjective?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-"})";
                            foreach (var trial in sweep.Trials ?? [])
                            {
                                if (reported.Add(trial.TrialId))
                                {
                                    AnsiConsole.MarkupLine(Markup.Escape(
                                        $"  {trial.TrialId} {trial.Model,-4} {trial.Status,-12} {trial.Objective?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-",8} {trial.Seconds,6:0.0}s {trial.Message}"));
                                }
                            }
                        }
                    }
                    if (runtime is "Completed" or "Failed" or "Terminated")
                    {
                        step.Value = step.MaxValue;
                        if (trials is not null)
                        {
                            trials.Value = trials.MaxValue;
                        }
                        outcome = new Outcome(runtime, progress, status.TryGetProperty("output", out var output) ? output.Clone() : null);
                        return;
                    }
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            });
        return outcome!;
    }

    private Uri Sibling(string instanceId)
    {
        var builder = new UriBuilder(statusUri);
        builder.Path = builder.Path[..(builder.Path.LastIndexOf('/') + 1)] + Uri.EscapeDataString(instanceId);
        return builder.Uri;
    }

    private async Task<JsonElement> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"GET {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
    }

    private static T? Read<T>(JsonElement status, string property) =>
        status.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value.Deserialize<T>(Json) : default;
}
