using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Onnx.Export;
using MlOps.Onnx.Runtime;

namespace MlOps.Bench;

public sealed record TrainBenchmarkOptions
{
    public int Rows { get; init; } = 300_000;
    public int Trees { get; init; } = 100;
    public int ForestDepth { get; init; } = 16;
    public int Rounds { get; init; } = 200;
    public int BoostingDepth { get; init; } = 6;
    public int InferenceRows { get; init; } = 1_000_000;
    public int Seed { get; init; } = 1;
}

/// <summary>One of our trainers next to its peer library, trained on the same rows in the same run.</summary>
public sealed record TrainerComparison(
    string Ours,
    string Peer,
    string Settings,
    double OursSeconds,
    double PeerSeconds,
    double Speedup,
    double OursAccuracy,
    double PeerAccuracy,
    double AccuracyDifferencePoints,
    double TargetSpeedup,
    bool MeetsTarget);

public sealed record InferenceFigures(string Model, int Rows, int Features, double OnnxRuntimeRowsPerSecond, double InProcessRowsPerSecond, double Ratio, string Peer);

public sealed record TrainBenchmarkResult(
    int Rows,
    int TrainingRows,
    int ValidationRows,
    IReadOnlyList<string> Columns,
    int Cores,
    TrainerComparison Forest,
    TrainerComparison Boosting,
    IReadOnlyList<InferenceFigures> Inference);

/// <summary>
/// Trains our random forest and boosted trees on one CSV (synthetic survey pixels), and, in the
/// same run on the same CSV, scikit-learn's RandomForestClassifier (n_jobs=-1) and XGBoost's
/// hist booster (all cores) with the same trees and depth, both watching the same validation
/// rows. Reports each pair's time ratio and accuracy difference, then ONNX Runtime inference
/// throughput of both exported models next to our in-process predictor.
/// </summary>
public static class TrainBenchmark
{
    private const string PeerScript = """
import json, os, sys, time
import numpy as np
import sklearn
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier
train = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=np.float32)
valid = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32)
trees, depth, rounds, boost_depth, seed = (int(a) for a in sys.argv[3:8])
X, y = train[:, :-1], train[:, -1].astype(int) - 1
Xv, yv = valid[:, :-1], valid[:, -1].astype(int) - 1
start = time.perf_counter()
forest = RandomForestClassifier(n_estimators=trees, max_depth=depth, max_features="sqrt", n_jobs=-1, random_state=seed).fit(X, y)
forest_seconds = time.perf_counter() - start
forest_accuracy = float((forest.predict(Xv) == yv).mean())
start = time.perf_counter()
booster = xgb.XGBClassifier(n_estimators=rounds, max_depth=boost_depth, learning_rate=0.1, tree_method="hist", max_bin=256,
                            reg_lambda=1.0, min_child_weight=1.0, n_jobs=os.cpu_count(), random_state=seed)
booster.fit(X, y, eval_set=[(Xv, yv)], verbose=False)
boost_seconds = time.perf_counter() - start
boost_accuracy = float((booster.predict(Xv) == yv).mean())
print(json.dumps({"sklearn": sklearn.__version__, "xgboost": xgb.__version__,
                  "forestSeconds": forest_seconds, "forestAccuracy": forest_accuracy,
                  "boostSeconds": boost_seconds, "boostAccuracy": boost_accuracy}))
""";

    public static async Task<TrainBenchmarkResult> RunAsync(TrainBenchmarkOptions options, string workDirectory, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var data = SyntheticSeabed.Generate(options.Rows, options.Seed);
        var cut = (int)(options.Rows * 0.7);
        var training = data.Select(Enumerable.Range(0, cut).ToArray());
        var validation = data.Select(Enumerable.Range(cut, options.Rows - cut).ToArray());
        var trainCsv = Path.Combine(workDirectory, "train.csv");
        var validCsv = Path.Combine(workDirectory, "valid.csv");
        CsvDataset.Write(training, trainCsv);
        CsvDataset.Write(validation, validCsv);
        // Both sides start from the same files.
        training = CsvDataset.Read(trainCsv);
        validation = CsvDataset.Read(validCsv);

        log.WriteLine($"bench train: {training.Rows} training and {validation.Rows} validation rows, {training.Columns} columns; peers first");
        var peerOutput = await RunPeerAsync(cancellationToken, trainCsv, validCsv,
            Invariant(options.Trees), Invariant(options.ForestDepth), Invariant(options.Rounds), Invariant(options.BoostingDepth), Invariant(options.Seed));
        var peer = JsonDocument.Parse(peerOutput).RootElement;

        log.WriteLine("bench train: our forest");
        var forestSettings = $"trees={options.Trees}, maxDepth={options.ForestDepth}, features sqrt, bootstrap";
        var (forestModel, forestSeconds) = Train("rf", new Dictionary<string, string>
        {
            ["trees"] = Invariant(options.Trees), ["maxDepth"] = Invariant(options.ForestDepth), ["seed"] = Invariant(options.Seed),
        }, training, validation, cancellationToken);
        log.WriteLine("bench train: our boosted trees");
        var boostSettings = $"rounds={options.Rounds}, maxDepth={options.BoostingDepth}, learningRate=0.1, 256 bins, validation watched every round";
        var (boostModel, boostSeconds) = Train("gbdt", new Dictionary<string, string>
        {
            ["rounds"] = Invariant(options.Rounds), ["maxDepth"] = Invariant(options.BoostingDepth), ["learningRate"] = "0.1",
            ["earlyStoppingRounds"] = "0", ["seed"] = Invariant(options.Seed),
        }, training, validation, cancellationToken);

        var forest = Compare("MlOps random forest", $"scikit-learn {peer.GetProperty("sklearn").GetString()} RandomForestClassifier(n_jobs=-1)", forestSettings,
            forestSeconds, peer.GetProperty("forestSeconds").GetDouble(), forestModel.ValidationMetrics.Accuracy, peer.GetProperty("forestAccuracy").GetDouble(), 5);
        var boosting = Compare("MlOps gradient-boosted trees", $"XGBoost {peer.GetProperty("xgboost").GetString()} hist (all cores)", boostSettings,
            boostSeconds, peer.GetProperty("boostSeconds").GetDouble(), boostModel.ValidationMetrics.Accuracy, peer.GetProperty("boostAccuracy").GetDouble(), 1);

        log.WriteLine($"bench train: ONNX Runtime inference on {options.InferenceRows} rows");
        var inferenceData = SyntheticSeabed.Generate(options.InferenceRows, options.Seed + 1);
        var inference = new[] { ("rf", forestModel), ("gbdt", boostModel) }
            .Select(m => MeasureInference(m.Item1, m.Item2, inferenceData))
            .ToList();

        File.Delete(trainCsv);
        File.Delete(validCsv);
        return new TrainBenchmarkResult(data.Rows, training.Rows, validation.Rows, training.FeatureNames, Environment.ProcessorCount, forest, boosting, inference);
    }

    private static InferenceFigures MeasureInference(string kind, Learning.Models.TrainedModel model, Dataset data)
    {
        using var session = OnnxSession.Create(OnnxExporter.Export(model));
        session.Run(data.Features.AsSpan(0, 1000 * data.Columns), 1000, data.Columns);
        var watch = Stopwatch.StartNew();
        session.Run(data.Features, data.Rows, data.Columns);
        var ortSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        model.Predict(data);
        var inProcessSeconds = watch.Elapsed.TotalSeconds;
        return new InferenceFigures(kind, data.Rows, data.Columns,
            Math.Round(data.Rows / ortSeconds), Math.Round(data.Rows / inProcessSeconds), Math.Round(inProcessSeconds / ortSeconds, 3),
            "MlOps in-process predictor (same model, all cores)");
    }

    private static (Learning.Models.TrainedModel Model, double Seconds) Train(string kind, Dictionary<string, string> parameters, Dataset training, Dataset validation, CancellationToken cancellationToken)
    {
        var trainer = TrainerRegistry.Create(kind, parameters);
        var watch = Stopwatch.StartNew();
        var model = trainer.Train(training, validation, cancellationToken: cancellationToken);
        return (model, watch.Elapsed.TotalSeconds);
    }

    private static TrainerComparison Compare(string ours, string peer, string settings, double oursSeconds, double peerSeconds, double oursAccuracy, double peerAccuracy, double target)
    {
        var speedup = peerSeconds / oursSeconds;
        var difference = (oursAccuracy - peerAccuracy) * 100;
        return new TrainerComparison(ours, peer, settings, Math.Round(oursSeconds, 3), Math.Round(peerSeconds, 3), Math.Round(speedup, 2),
            Math.Round(oursAccuracy, 5), Math.Round(peerAccuracy, 5), Math.Round(difference, 3), target, speedup >= target && difference >= -0.5);
    }

    private static async Task<string> RunPeerAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(PeerScript);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the scikit-learn/XGBoost peer failed ({process.ExitCode}); are python3-sklearn and python3-xgboost installed? {await error}");
        }
        return await output;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
