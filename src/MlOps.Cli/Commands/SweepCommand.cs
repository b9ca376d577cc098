using System.CommandLine;
using System.Globalization;
using MlOps.Durable;
using MlOps.Functions;
using MlOps.Functions.Pipeline;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops sweep show ID`: a sweep's trials with parameters, status, metric and duration.</summary>
public static class SweepCommand
{
    public sealed record SweepView(
        string SweepId,
        string Status,
        string? Reason,
        int MaxTrials,
        string? BestTrialId,
        double? BestObjective,
        IReadOnlyList<TrialView> Trials);

    public sealed record TrialView(string TrialId, string Status, double? Objective, IReadOnlyDictionary<string, string>? Parameters, double Seconds, string? Message);

    public static Command Create(CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The sweep's instance id, or the retrain run's (its sweep is {run}-sweep)" };
        var json = new Option<bool>("--json") { Description = "Print the sweep as JSON" };
        var show = new Command("show", "List a sweep's trials: parameters, status, objective, duration.");
        show.Arguments.Add(id);
        show.Options.Add(json);
        show.SetAction(async (parse, cancellationToken) =>
        {
            var durable = LocalDurable.Open(environment);
            var requested = parse.GetValue(id)!;
            var instance = await durable.GetInstanceAsync(requested, getInputsAndOutputs: true, cancellationToken) is { Name: SweepOrchestration.Name } sweep
                ? sweep
                : await durable.GetInstanceAsync(requested + "-sweep", getInputsAndOutputs: true, cancellationToken);
            if (instance is null)
            {
                await Console.Error.WriteLineAsync($"No sweep '{requested}' (nor '{requested}-sweep') in the durable store.");
                return 1;
            }
            var view = ToView(instance);
            if (parse.GetValue(json))
            {
                CliJson.Write(view);
                return 0;
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.SweepId)}[/]: {view.Status}{(view.Reason is null ? "" : $" ({Markup.Escape(view.Reason)})")}; " +
                $"best {view.BestTrialId ?? "-"} {view.BestObjective?.ToString("0.0000", CultureInfo.InvariantCulture) ?? ""}");
            var table = new Table().AddColumns("trial", "status", "objective", "parameters", "seconds", "note");
            foreach (var trial in view.Trials)
            {
                table.AddRow(
                    trial.TrialId,
                    trial.Status,
                    trial.Objective?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(trial.Parameters is null ? "" : string.Join(" ", trial.Parameters.Select(p => $"{p.Key}={Short(p.Value)}"))),
                    trial.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
                    Markup.Escape(trial.Message ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        var command = new Command("sweep", "Hyperparameter sweeps of retrain runs.");
        command.Subcommands.Add(show);
        return command;
    }

    private static SweepView ToView(OrchestrationMetadata instance)
    {
        if (instance.ReadOutputAs<SweepResult>() is { } result)
        {
            return new SweepView(result.SweepId, result.Status, result.Reason, result.MaxTrials, result.Best?.TrialId, result.Best?.Objective,
                result.Trials.Select(t => new TrialView(t.TrialId, t.Status.ToString(), t.Objective, t.Parameters, t.Seconds, t.Message)).ToList());
        }
        var progress = instance.ReadCustomStatusAs<SweepProgress>();
        return new SweepView(instance.InstanceId, instance.RuntimeStatus.ToString(), progress?.Reason ?? instance.FailureDetails?.ErrorMessage, progress?.MaxTrials ?? 0,
            progress?.BestTrialId, progress?.BestObjective,
            progress?.Trials?.Select(t => new TrialView(t.TrialId, t.Status.ToString(), t.Objective, t.Model is null ? null : new Dictionary<string, string> { ["model"] = t.Model }, t.Seconds, t.Message)).ToList() ?? []);
    }

    private static string Short(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && value.Length > 8
            ? number.ToString("G3", CultureInfo.InvariantCulture)
            : value;
}
