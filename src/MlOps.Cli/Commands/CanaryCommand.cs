using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MlOps.Functions.Inference;
using MlOps.Functions.Rollout;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Storage;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops canary status NAME [--json]` (read from storage: weights, step, gate results, history,
/// per-version online metrics) and `mlops canary approve|pause|resume|abort|rollback NAME`
/// (the host's admin endpoint, master key).
/// </summary>
public static class CanaryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("canary", "Watch and steer canary rollouts: status, approve, pause, resume, abort, rollback.");
        command.Subcommands.Add(CreateStatus(environment));
        foreach (var (action, description) in new[]
        {
            (RolloutAction.Approve, "End the current step's wait now; its gate still runs (short of data it passes)."),
            (RolloutAction.Pause, "Freeze the rollout at its current weight."),
            (RolloutAction.Resume, "Go on from a pause; the step's wait starts again."),
            (RolloutAction.Abort, "Stop the rollout now: the challenger gets no more traffic."),
            (RolloutAction.Rollback, "Roll back now: the challenger's traffic, or after a promotion the previous champion's return."),
        })
        {
            command.Subcommands.Add(CreateControl(environment, action, description));
        }
        return command;
    }

    private static Command CreateStatus(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "Model name (a site's model is named after the site)" };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var command = new Command("status", "Show a model's rollout: mode, weights, step, gates, history and per-version online metrics.");
        command.Arguments.Add(name);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var registryOptions = new ModelRegistryClientOptions();
                environment.Configuration.GetSection(RegistryServiceCollectionExtensions.Section).Bind(registryOptions);
                var inferenceOptions = new InferenceOptions();
                environment.Configuration.GetSection(InferenceOptions.Section).Bind(inferenceOptions);
                await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
                var client = new CanaryStatusClient(new ModelRegistryClient(storage.Client, registryOptions), new OnlineMetricsStore(storage.Client, Options.Create(inferenceOptions)));
                var status = await client.GetStatusAsync(parse.GetValue(name)!, cancellationToken);
                if (parse.GetValue(json))
                {
                    CliJson.Write(status);
                }
                else
                {
                    Print(status);
                }
                return 0;
            }
            catch (ModelRegistryException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return e.Status == 400 ? 2 : 1;
            }
            catch (StorageRequestException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreateControl(CliEnvironment environment, RolloutAction action, string description)
    {
        var verb = action.ToString().ToLowerInvariant();
        var name = new Argument<string>("NAME") { Description = "Model name" };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the rollout history)" };
        var host = new Option<string?>("--host") { Description = "The functions host (default http://127.0.0.1:7071)" };
        var command = new Command(verb, description);
        command.Arguments.Add(name);
        command.Options.Add(reason);
        command.Options.Add(host);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var model = parse.GetValue(name)!;
                ModelName.Validate(model);
                using var connection = HostConnection.Open(environment, parse.GetValue(host));
                var body = parse.GetValue(reason) is { } why ? JsonContent.Create(new { reason = why }) : null;
                using var response = await connection.SendAsync(connection.Request(HttpMethod.Post, $"api/models/{model}/canary/{verb}", connection.Keys.Master, body), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"error: {await HostConnection.ErrorOfAsync(response, cancellationToken)}");
                    return (int)response.StatusCode is 400 or 404 or 409 ? 2 : 1;
                }
                Console.WriteLine($"{model}: {verb} {(response.StatusCode == System.Net.HttpStatusCode.Accepted ? "sent to the running rollout" : "done")}");
                return 0;
            }
            catch (Exception e) when (e is HostException or ModelRegistryException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return e is ModelRegistryException ? 2 : 1;
            }
        });
        return command;
    }

    private static void Print(CanaryStatus status)
    {
        var aliases = status.Aliases;
        Console.WriteLine($"{status.Model}: champion {aliases.Champion?.ToString(CultureInfo.InvariantCulture) ?? "-"}, challenger {aliases.Challenger?.ToString(CultureInfo.InvariantCulture) ?? "-"}, previous {aliases.Previous?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        if (status.Rollout is { } state)
        {
            Console.WriteLine($"rollout {state.RolloutId}: {state.Mode}, step {state.StepIndex}, challenger weight {state.ChallengerWeight}%, mirrored {state.ShadowShare}% (champion {state.ChampionVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"}, challenger {state.ChallengerVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"})");
            foreach (var entry in state.History.TakeLast(6))
            {
                Console.WriteLine($"  {entry.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {entry.Mode,-10} step {entry.StepIndex}  {entry.FromWeight}% → {entry.ToWeight}%  {entry.Reason}");
            }
            if (state.Gates.Count > 0)
            {
                var gates = new Table().Border(TableBorder.Simple).AddColumns("Step", "Gate", "Value", "Threshold", "Verdict");
                foreach (var gate in state.Gates.TakeLast(18))
                {
                    gates.AddRow(gate.StepIndex.ToString(CultureInfo.InvariantCulture), gate.Metric, Number(gate.Value),
                        $"{(gate.Comparison == GateComparison.AtMost ? "≤" : "≥")} {Number(gate.Threshold)}", gate.Passed ? "pass" : "[red]FAIL[/]");
                }
                AnsiConsole.Write(gates);
            }
        }
        else
        {
            Console.WriteLine("no rollout state");
        }
        if (status.Versions.Count == 0)
        {
            Console.WriteLine("no online metrics yet");
            return;
        }
        var table = new Table().Border(TableBorder.Simple).AddColumns("Version", "Served", "Mirrored", "Error rate", "p50 ms", "p95 ms", "p99 ms", "Agreement", "Feedback acc.", "Classes 1–5 %");
        foreach (var v in status.Versions)
        {
            table.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), v.ServedRequests.ToString(CultureInfo.InvariantCulture), v.MirroredRequests.ToString(CultureInfo.InvariantCulture),
                Number(v.ErrorRate), Number(v.P50Milliseconds), Number(v.P95Milliseconds), Number(v.P99Milliseconds), Number(v.Agreement), Number(v.FeedbackAccuracy),
                string.Join(" ", v.ClassShares.Select(s => (100 * s).ToString("0", CultureInfo.InvariantCulture))));
        }
        AnsiConsole.Write(table);
    }

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-";
}
