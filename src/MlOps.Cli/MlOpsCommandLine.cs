using System.CommandLine;
using MlOps.Cli.Commands;

namespace MlOps.Cli;

/// <summary>The `mlops` command tree. Each command lives in its own file under Commands/.</summary>
public static class MlOpsCommandLine
{
    public static RootCommand Build(CliEnvironment environment)
    {
        var root = new RootCommand("mlops: retrain, evaluate and roll out seabed-classification models.");
        root.Subcommands.Add(DemoCommand.Create(environment));
        root.Subcommands.Add(UpCommand.Create(environment));
        root.Subcommands.Add(KeysCommand.Create(environment));
        root.Subcommands.Add(UploadCommand.Create(environment));
        root.Subcommands.Add(RetrainCommand.Create(environment));
        root.Subcommands.Add(SweepCommand.Create(environment));
        root.Subcommands.Add(ModelsCommand.Create(environment));
        root.Subcommands.Add(TrainCommand.Create(environment));
        root.Subcommands.Add(EvaluateCommand.Create(environment));
        root.Subcommands.Add(TestCommand.Create(environment));
        root.Subcommands.Add(BenchCommand.Create(environment));
        root.Subcommands.Add(SurveyCommand.Create(environment));
        root.Subcommands.Add(FeaturesCommand.Create(environment));
        root.Subcommands.Add(ReportCommand.Create(environment));
        root.Subcommands.Add(CanaryCommand.Create(environment));
        root.Subcommands.Add(PredictCommand.Create(environment));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var environment = new CliEnvironment();
        var root = Build(environment);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }
            await Console.Error.WriteLineAsync();
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = Console.Error });
            return 2;
        }
        return await result.InvokeAsync();
    }
}
