using System.CommandLine;
using System.Diagnostics;
using MlOps.Learning.Data;
using MlOps.Learning.Metrics;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;

namespace MlOps.Cli.Commands;

/// <summary>`mlops train`: trains one model on CSV files or survey packages and writes model.onnx.</summary>
public static class TrainCommand
{
    public sealed record TrainOutput(
        string Model,
        IReadOnlyDictionary<string, string> Params,
        double TrainSeconds,
        ClassificationReport Metrics,
        string Artifact,
        int TrainingRows,
        int ValidationRows,
        int Steps);

    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file (feature columns + label) or survey package folders, comma-separated", Required = true };
        var validation = new Option<string?>("--validation") { Description = "Validation data (CSV or survey folders); default: a held-out share of --data (1 − trainingFraction)" };
        var model = new Option<string>("--model") { Description = "Model kind: rf, gbdt, mlp or svm", Required = true };
        var set = new Option<string[]>("--set") { Description = "A parameter as key=value (repeatable), e.g. --set trees=200 --set embeddingDim=6", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Folder to write model.onnx to", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("train", "Train a seabed classifier and export it as ONNX (feature preprocessing included).");
        command.Options.Add(data);
        command.Options.Add(validation);
        command.Options.Add(model);
        command.Options.Add(set);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() =>
        {
            var parameters = ParseSettings(parse.GetValue(set) ?? []);
            var trainer = TrainerRegistry.Create(parse.GetValue(model)!, parameters);
            var training = DataSources.Load(parse.GetValue(data)!, cancellationToken: cancellationToken);
            var validationData = parse.GetValue(validation) is { } v ? DataSources.Load(v, cancellationToken: cancellationToken) : null;
            var watch = Stopwatch.StartNew();
            var trained = trainer.Train(training, validationData, cancellationToken: cancellationToken);
            var seconds = Math.Round(watch.Elapsed.TotalSeconds, 3);
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(directory);
            var artifact = Path.Combine(directory, "model.onnx");
            var temporary = artifact + ".tmp";
            File.WriteAllBytes(temporary, OnnxExporter.Export(trained));
            File.Move(temporary, artifact, overwrite: true);
            var result = new TrainOutput(trained.Kind, trained.Parameters, seconds, trained.ValidationMetrics, artifact,
                trained.TrainingRows, trained.ValidationRows, trained.Steps);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.WriteLine($"{result.Model}: accuracy {result.Metrics.Accuracy:0.0000}, kappa {result.Metrics.Kappa:0.0000} on {result.ValidationRows} validation rows " +
                    $"({result.TrainingRows} training rows, {result.Steps} steps, {result.TrainSeconds:0.0} s) → {artifact}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>key=value pairs from repeated --set options; a key given twice keeps the last value.</summary>
    public static Dictionary<string, string> ParseSettings(IEnumerable<string> settings)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0)
            {
                throw new TrainingParameterException(setting, $"--set {setting}: expected key=value, e.g. --set trees=200.");
            }
            result[setting[..equals].Trim()] = setting[(equals + 1)..].Trim();
        }
        return result;
    }
}
