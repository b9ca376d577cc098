using System.CommandLine;
using System.Globalization;
using MlOps.Surveys.GeoTiff;

namespace MlOps.Cli.Commands;

/// <summary>`mlops survey inspect FILE [--json]`: structure, georeferencing, nodata and band statistics of a GeoTIFF.</summary>
public static class SurveyInspectCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var file = new Argument<string>("file") { Description = "A GeoTIFF file." };
        var json = new Option<bool>("--json") { Description = "Print {width,height,bands,dataType,epsg,geoTransform,nodata,stats} as JSON." };
        var command = new Command("inspect", "Describe a GeoTIFF: size, bands, sample type, CRS, geotransform, nodata and statistics per band.")
        {
            file, json,
        };
        command.SetAction((parse, cancellationToken) => SurveyCommandErrors.RunAsync(() =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new SurveyCommandErrors.UsageException($"{path}: no such file.");
            }
            var inspection = RasterInspection.Inspect(path, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(inspection.ToJson());
            }
            else
            {
                Print(path, inspection);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void Print(string path, RasterInspection inspection)
    {
        static string Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";
        Console.WriteLine(path);
        Console.WriteLine($"  size       {inspection.Width} × {inspection.Height}, {inspection.Bands} band(s) of {inspection.DataType}");
        Console.WriteLine($"  crs        {(inspection.Epsg is { } epsg ? $"EPSG:{epsg}" : "none")}");
        Console.WriteLine($"  transform  {(inspection.GeoTransform is { } t ? t.ToString() : "none")}");
        Console.WriteLine($"  nodata     {Number(inspection.NoData)}");
        for (var b = 0; b < inspection.Stats.Count; b++)
        {
            var s = inspection.Stats[b];
            Console.WriteLine($"  band {b + 1,-5} min {Number(s.Min)}  max {Number(s.Max)}  mean {Number(s.Mean)}  valid {s.ValidCount}");
        }
    }
}
