using System.CommandLine;
using MlOps.Surveys.Packages;

namespace MlOps.Cli.Commands;

/// <summary>`mlops survey validate DIR [--json]`: exit 0 when the package is valid, 2 with every problem listed when not.</summary>
public static class SurveyValidateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var directory = new Argument<string>("dir") { Description = "A survey package directory (backscatter.tif, bathymetry.tif, groundtruth.tif, manifest.json)." };
        var json = new Option<bool>("--json") { Description = "Print {valid, directory, site, year, errors:[{file,message}]} as JSON." };
        var maxSize = new Option<int>("--max-size") { Description = "Largest raster width or height accepted, in pixels.", DefaultValueFactory = _ => new SurveyValidationOptions().MaxWidth };
        var requireGroundTruth = new Option<bool>("--require-groundtruth") { Description = "Treat a package without groundtruth.tif as invalid." };
        var site = new Option<string?>("--site") { Description = "The site the package must belong to." };
        var year = new Option<int?>("--year") { Description = "The year the package must be for." };
        var command = new Command("validate", "Check a survey package and list every problem, each naming its file.")
        {
            directory, json, maxSize, requireGroundTruth, site, year,
        };
        command.SetAction((parse, cancellationToken) => SurveyCommandErrors.RunAsync(async () =>
        {
            var limit = parse.GetValue(maxSize);
            if (limit < 1)
            {
                throw new SurveyCommandErrors.UsageException($"--max-size {limit}: must be positive.");
            }
            var validator = new SurveyValidator(new SurveyValidationOptions
            {
                MaxWidth = limit,
                MaxHeight = limit,
                RequireGroundTruth = parse.GetValue(requireGroundTruth),
                ExpectedSite = parse.GetValue(site),
                ExpectedYear = parse.GetValue(year),
            });
            var report = await validator.ValidateAsync(parse.GetValue(directory)!, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(report.ToJson());
            }
            else if (report.Valid)
            {
                Console.WriteLine($"valid: {report.Directory} ({report.Manifest!.Site} {report.Manifest.Year})");
            }
            else
            {
                Console.WriteLine($"invalid: {report.Directory}");
                foreach (var error in report.Errors)
                {
                    Console.WriteLine($"  {error.File}: {error.Message}");
                }
            }
            return report.Valid ? 0 : SurveyCommandErrors.BadInput;
        }));
        return command;
    }
}
