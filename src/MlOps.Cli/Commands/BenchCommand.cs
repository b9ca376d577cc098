using System.CommandLine;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench …`: speed figures, each as a ratio against a named peer measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("bench", "Run a benchmark and print its figures next to a named peer's.");
        command.Subcommands.Add(BenchStorageCommand.Create(environment));
        command.Subcommands.Add(BenchTriggerCommand.Create(environment));
        command.Subcommands.Add(BenchSweepCommand.Create(environment));
        command.Subcommands.Add(BenchJobsCommand.Create(environment));
        command.Subcommands.Add(BenchDurableCommand.Create(environment));
        command.Subcommands.Add(BenchTelemetryCommand.Create(environment));
        command.Subcommands.Add(BenchSurveyCommand.Create(environment));
        command.Subcommands.Add(BenchTrainCommand.Create(environment));
        command.Subcommands.Add(BenchInferenceCommand.Create(environment));
        command.Subcommands.Add(BenchDashboardCommand.Create(environment));
        return command;
    }
}
