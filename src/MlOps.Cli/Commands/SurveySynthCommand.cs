using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MlOps.Surveys.Synthesis;

namespace MlOps.Cli.Commands;

/// <summary>`mlops survey synth --out DIR --site NAME --years 2016,2017 --size N [--seed S]`: writes DIR/{year}/ packages.</summary>
public static class SurveySynthCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "Directory to write the yearly packages into (DIR/{year}/).", Required = true };
        var site = new Option<string>("--site") { Description = "Site name written to each manifest.", DefaultValueFactory = _ => "bedford-basin" };
        var years = new Option<string>("--years") { Description = "Comma-separated survey years, e.g. 2016,2017,2018.", Required = true };
        var size = new Option<int>("--size") { Description = "Raster width and height in pixels.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and year always give the same files.", DefaultValueFactory = _ => 1 };
        var noGroundTruth = new Option<bool>("--no-groundtruth") { Description = "Leave out groundtruth.tif (inference-only years)." };
        var json = new Option<bool>("--json") { Description = "Print the packages written as JSON." };
        var command = new Command("synth", "Write realistic synthetic yearly survey packages for one site.")
        {
            output, site, years, size, seed, noGroundTruth, json,
        };
        command.SetAction((parse, cancellationToken) => SurveyCommandErrors.RunAsync(async () =>
        {
            var yearList = ParseYears(parse.GetValue(years)!);
            var options = new SurveySynthesisOptions
            {
                Site = parse.GetValue(site)!,
                Size = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                IncludeGroundTruth = !parse.GetValue(noGroundTruth),
            };
            if (options.Size is < 16 or > 32768)
            {
                throw new SurveyCommandErrors.UsageException($"--size {options.Size}: must be between 16 and 32768 pixels.");
            }
            var synthesizer = new SurveySynthesizer(options);
            var packages = await synthesizer.WriteSiteAsync(parse.GetValue(output)!, yearList, cancellationToken);
            if (parse.GetValue(json))
            {
                var result = new
                {
                    site = options.Site,
                    size = options.Size,
                    seed = options.Seed,
                    packages = packages.Select(p => new { year = p.Year, directory = p.Directory, files = p.Manifest.Files.Select(f => new { name = f.Name, sha256 = f.Sha256, size = f.Size }) }),
                };
                Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var package in packages)
                {
                    Console.WriteLine($"{package.Year}: {package.Directory} ({options.Size}×{options.Size}, {string.Join(", ", package.Manifest.Files.Select(f => f.Name))})");
                }
            }
            return 0;
        }));
        return command;
    }

    private static List<int> ParseYears(string text)
    {
        var years = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2200)
            {
                throw new SurveyCommandErrors.UsageException($"--years: \"{part}\" is not a year between 1900 and 2200.");
            }
            if (years.Contains(year))
            {
                throw new SurveyCommandErrors.UsageException($"--years: {year} is listed twice.");
            }
            years.Add(year);
        }
        if (years.Count == 0)
        {
            throw new SurveyCommandErrors.UsageException("--years: no years given (e.g. --years 2016,2017,2018).");
        }
        return years;
    }
}
