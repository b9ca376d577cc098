using System.Text.Json;
using MlOps.Learning.Metrics;
using MlOps.Learning.Training;
using MlOps.Testing;

namespace MlOps.Learning.Tests;

/// <summary>Our metrics against scikit-learn's on the same label vectors.</summary>
public sealed class MetricsAgainstScikitLearnTests
{
    private const string Script = """
import json, sys, warnings
import numpy as np
from sklearn import metrics
warnings.simplefilter("ignore")
out = []
for case in json.load(open(sys.argv[1])):
    t = np.array(case["truth"]); p = np.array(case["predicted"])
    keep = t != 0
    t, p = t[keep], p[keep]
    labels = [1, 2, 3, 4, 5]
    pr, rc, f1, _ = metrics.precision_recall_fscore_support(t, p, labels=labels, zero_division=0)
    mp, mr, mf, _ = metrics.precision_recall_fscore_support(t, p, average="macro", zero_division=0)
    out.append({
        "accuracy": metrics.accuracy_score(t, p),
        "kappa": metrics.cohen_kappa_score(t, p),
        "precision": pr.tolist(), "recall": rc.tolist(), "f1": f1.tolist(),
        "iou": metrics.jaccard_score(t, p, labels=labels, average=None, zero_division=0).tolist(),
        "macroPrecision": mp, "macroRecall": mr, "macroF1": mf,
        "macroIou": metrics.jaccard_score(t, p, average="macro", zero_division=0),
        "confusion": metrics.confusion_matrix(t, p, labels=labels).tolist(),
    })
print(json.dumps(out))
""";

    [Fact]
    public void Every_metric_equals_scikit_learns_including_absent_classes_and_unlabelled_pixels()
    {
        var cases = new List<(int[] Truth, int[] Predicted)>();
        var random = new SeededRandom(7);
        foreach (var (size, classes, accuracy) in new[] { (500, 5, 0.7), (300, 3, 0.8), (1000, 5, 0.95), (50, 2, 0.5), (200, 4, 0.0) })
        {
            var truth = new int[size];
            var predicted = new int[size];
            for (var i = 0; i < size; i++)
            {
                // Classes 1..classes only: the rest are absent from the truth.
                truth[i] = random.NextDouble() < 0.1 ? 0 : 1 + random.Next(classes);
                predicted[i] = random.NextDouble() < accuracy && truth[i] != 0 ? truth[i] : 1 + random.Next(Math.Min(5, classes + 1));
            }
            cases.Add((truth, predicted));
        }
        // A class predicted but never true, and one true but never predicted.
        cases.Add(([1, 1, 2, 2, 3, 0, 3], [1, 5, 2, 2, 1, 4, 1]));

        using var directory = new TemporaryDirectory();
        var input = directory.File("cases.json");
        File.WriteAllText(input, JsonSerializer.Serialize(cases.Select(c => new { truth = c.Truth, predicted = c.Predicted })));
        var expected = JsonDocument.Parse(DebianPython.Run(Script, input)).RootElement;

        Assert.Equal(cases.Count, expected.GetArrayLength());
        for (var i = 0; i < cases.Count; i++)
        {
            var ours = ClassificationMetrics.Evaluate(cases[i].Truth, cases[i].Predicted);
            var theirs = expected[i];
            Assert.Equal(theirs.GetProperty("accuracy").GetDouble(), ours.Accuracy, 12);
            Assert.Equal(theirs.GetProperty("kappa").GetDouble(), ours.Kappa, 12);
            AssertArray(theirs.GetProperty("precision"), ours.Precision);
            AssertArray(theirs.GetProperty("recall"), ours.Recall);
            AssertArray(theirs.GetProperty("f1"), ours.F1);
            AssertArray(theirs.GetProperty("iou"), ours.Iou);
            Assert.Equal(theirs.GetProperty("macroPrecision").GetDouble(), ours.MacroPrecision, 12);
            Assert.Equal(theirs.GetProperty("macroRecall").GetDouble(), ours.MacroRecall, 12);
            Assert.Equal(theirs.GetProperty("macroF1").GetDouble(), ours.MacroF1, 12);
            Assert.Equal(theirs.GetProperty("macroIou").GetDouble(), ours.MacroIou, 12);
            var confusion = theirs.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
            Assert.Equal(confusion, ours.Confusion);
            Assert.Equal(cases[i].Truth.Count(t => t != 0), ours.Count);
        }
    }

    [Fact]
    public void Predictions_outside_the_classes_are_rejected_with_their_index()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Evaluate([1, 2, 3], [1, 7, 3]));
        Assert.Contains("index 1", error.Message);
    }

    [Fact]
    public void Report_serializes_with_the_train_command_field_names()
    {
        var report = ClassificationMetrics.Evaluate([1, 2, 2, 5], [1, 2, 3, 5]);
        var json = JsonDocument.Parse(JsonSerializer.Serialize(report)).RootElement;
        foreach (var name in new[] { "accuracy", "kappa", "precision", "recall", "f1", "iou", "confusion" })
        {
            Assert.True(json.TryGetProperty(name, out _), $"missing {name}");
        }
        Assert.Equal(0.75, json.GetProperty("accuracy").GetDouble());
        Assert.Equal(5, json.GetProperty("confusion").GetArrayLength());
    }

    private static void AssertArray(JsonElement expected, double[] actual)
    {
        var values = expected.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], actual[i], 12);
        }
    }
}
