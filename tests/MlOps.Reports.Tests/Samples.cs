using System.Text.Json.Nodes;
using MlOps.Registry;
using MlOps.Registry.Rollout;
using MlOps.Reports.Views;

namespace MlOps.Reports.Tests;

/// <summary>Views as the dashboard builds them from a small retrain run, for rendering tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static SweepView Sweep(string? message = null) => new(
        "retrain-bedford-2018-abc-sweep",
        "retrain-bedford-2018-abc",
        "bedford",
        "Completed",
        null,
        "accuracy",
        Maximize: true,
        MaxTrials: 6,
        ParallelTrials: 2,
        "bayesian",
        [
            new SweepParameterView("model", "categorical", false, ["rf", "svm", "gbdt", "mlp"], 0, 0),
            new SweepParameterView("embeddingSigma", "double", true, [], 1e-6, 10),
        ],
        [
            Trial("t001", TrialStates.Succeeded, "rf", "0.001", 0.82),
            Trial("t002", TrialStates.Succeeded, "gbdt", "0.5", 0.91),
            Trial("t003", TrialStates.EarlyStopped, "svm", "2e-5", null, message ?? "stopped early: below the median at step 3"),
            Trial("t004", TrialStates.Failed, "mlp", "3", null, "exit code 137: killed"),
            Trial("t005", TrialStates.Succeeded, "rf", "1e-6", 0.88),
        ],
        "t002",
        Live: false,
        Start,
        Start.AddMinutes(7));

    private static TrialView Trial(string id, string status, string model, string sigma, double? objective, string? message = null) => new(
        id,
        status,
        new Dictionary<string, string> { ["model"] = model, ["embeddingSigma"] = sigma },
        objective,
        12.5,
        message,
        status == TrialStates.Failed ? [] : Enumerable.Range(1, 5).Select(s => new CurvePoint(s, (objective ?? 0.6) - 0.1 / s)).ToList());

    public static ModelCard Card(int version, params (int Year, double Accuracy)[] years)
    {
        var byYear = new JsonObject();
        foreach (var (year, accuracy) in years)
        {
            byYear[year.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["rows"] = 1000,
                ["accuracy"] = accuracy,
                ["kappa"] = accuracy - 0.1,
                ["precision"] = new JsonArray(0.9, 0.8, 0.7, 0.6, 0.5),
                ["recall"] = new JsonArray(0.5, 0.6, 0.7, 0.8, 0.9),
                ["confusion"] = new JsonArray(
                    new JsonArray(90, 10, 0, 0, 0), new JsonArray(5, 95, 0, 0, 0), new JsonArray(0, 0, 100, 0, 0),
                    new JsonArray(0, 0, 3, 97, 0), new JsonArray(1, 0, 0, 0, 99)),
            };
        }
        return new ModelCard("bedford", version, Start.AddDays(version), "reg", $"retrain-bedford-run{version}", "gbdt",
            new JsonObject { ["rounds"] = "200" }, [new DataYear(2016, [new DataFile("backscatter.tif", "ab12")])],
            new JsonObject { ["accuracy"] = years[^1].Accuracy, ["kappa"] = years[^1].Accuracy - 0.1, ["newestYear"] = years[^1].Year, ["byYear"] = byYear },
            1234, "ff00", "sweep-1", "t002", "1.0.0", version > 1 ? version - 1 : null);
    }

    public static RolloutView Rollout() => RegistryViews.Rollout(new RolloutState("bedford", "r-1", RolloutMode.Canary, 1, 2)
    {
        ChallengerWeight = 25,
        StepIndex = 2,
        StartedAt = Start,
        UpdatedAt = Start.AddHours(2),
        History =
        [
            new RolloutHistoryEntry(Start, RolloutMode.Shadow, 0, 0, 0, "shadow for 1 h"),
            new RolloutHistoryEntry(Start.AddHours(1), RolloutMode.Canary, 1, 0, 10, "gates passed"),
            new RolloutHistoryEntry(Start.AddHours(2), RolloutMode.Canary, 2, 10, 25, "gates passed"),
        ],
        Gates =
        [
            new GateResult(1, "errorRate", 0.001, 0.01, GateComparison.AtMost, true, Start.AddHours(1)),
            new GateResult(2, "agreement", 0.93, 0.9, GateComparison.AtLeast, true, Start.AddHours(2)),
            new GateResult(2, "p95LatencyMs", 40, 25, GateComparison.AtMost, false, Start.AddHours(2)),
        ],
    });
}
