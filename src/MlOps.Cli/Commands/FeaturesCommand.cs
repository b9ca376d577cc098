using System.CommandLine;
using System.Text.Json;
using MlOps.Surveys.Features;

namespace MlOps.Cli.Commands;

/// <summary>`mlops features --data DIR[,DIR…] --out FILE.csv [--embedding-dim D --embedding-sigma S]`: labelled pixels as CSV.</summary>
public static class FeaturesCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<string>("--data") { Description = "Comma-separated survey package directories, or site directories holding yearly packages.", Required = true };
        var output = new Option<string>("--out") { Description = "CSV file to write: feature columns, then label.", Required = true };
        var dim = new Option<int>("--embedding-dim") { Description = "Random Fourier positional features: number of frequencies (adds rff_sin_k, rff_cos_k). 0 = none." };
        var sigma = new Option<double>("--embedding-sigma") { Description = "Standard deviation of the random frequencies, on x and y standardized by this dataset's own mean and standard deviation.", DefaultValueFactory = _ => 1.0 };
        var embeddingSeed = new Option<int>("--embedding-seed") { Description = "Seed of the random frequencies." };
        var terrain = new Option<string>("--terrain") { Description = "Derived columns: none, all, or a list of slope, rugosity, backscatter-mean, backscatter-std.", DefaultValueFactory = _ => "none" };
        var json = new Option<bool>("--json") { Description = "Print {out, rows, columns, standardization} as JSON." };
        var command = new Command("features", "Write one CSV row per labelled pixel: backscatter_low/mid/high, depth, x, y, [terrain], [rff_sin_k, rff_cos_k], label.")
        {
            data, output, dim, sigma, embeddingSeed, terrain, json,
        };
        command.SetAction((parse, cancellationToken) => SurveyCommandErrors.RunAsync(() =>
        {
            var embeddingDim = parse.GetValue(dim);
            var embeddingSigma = parse.GetValue(sigma);
            if (embeddingDim is < 0 or > 4096)
            {
                throw new SurveyCommandErrors.UsageException($"--embedding-dim {embeddingDim}: must be between 0 and 4096.");
            }
            if (!(embeddingSigma > 0) || double.IsInfinity(embeddingSigma))
            {
                throw new SurveyCommandErrors.UsageException($"--embedding-sigma {embeddingSigma}: must be a positive number.");
            }
            var directories = parse.GetValue(data)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (directories.Length == 0)
            {
                throw new SurveyCommandErrors.UsageException("--data: no directories given.");
            }
            var terrainFeatures = FeatureOptions.ParseTerrain(parse.GetValue(terrain)!);
            var packages = SurveyCatalog.ResolvePackages(directories);
            var options = new FeatureExportOptions
            {
                Features = new FeatureOptions { Terrain = terrainFeatures },
                EmbeddingDim = embeddingDim,
                EmbeddingSigma = embeddingSigma,
                EmbeddingSeed = parse.GetValue(embeddingSeed),
            };
            var result = FeatureExport.WriteCsv(packages, parse.GetValue(output)!, options, cancellationToken);
            if (parse.GetValue(json))
            {
                var summary = new
                {
                    @out = result.Path,
                    rows = result.Rows,
                    columns = result.Columns,
                    years = packages.Select(p => p.Year),
                    standardization = result.Standardization is { } s
                        ? new { meanX = s.MeanX, stdDevX = s.StdDevX, meanY = s.MeanY, stdDevY = s.StdDevY }
                        : null,
                };
                Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.WriteLine($"wrote {result.Rows} rows × {result.Columns.Count + 1} columns to {result.Path}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }
}
