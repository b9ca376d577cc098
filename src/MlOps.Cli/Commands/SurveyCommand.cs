using System.CommandLine;

namespace MlOps.Cli.Commands;

/// <summary>`mlops survey synth|inspect|validate`: survey packages.</summary>
public static class SurveyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("survey", "Survey packages: generate synthetic ones, inspect a GeoTIFF, validate a package.");
        command.Subcommands.Add(SurveySynthCommand.Create(environment));
        command.Subcommands.Add(SurveyInspectCommand.Create(environment));
        command.Subcommands.Add(SurveyValidateCommand.Create(environment));
        return command;
    }
}
