using MlOps.Learning.Data;
using MlOps.Learning.Models;
using MlOps.Learning.Training;

namespace MlOps.Learning.Tests;

public sealed class TrainerTests
{
    private static readonly Dataset Data = SyntheticSeabed.Generate(4000, 11);

    public static TheoryData<string, string, double> Kinds => new()
    {
        { "rf", "trees=40", 0.85 },
        { "gbdt", "rounds=60", 0.85 },
        { "mlp", "epochs=15,hidden=32", 0.6 },
        { "svm", "epochs=20", 0.5 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Learns_the_classes_and_reports_steps_in_order(string kind, string parameters, double minimumAccuracy)
    {
        var steps = new List<TrainingStep>();
        var model = TrainerRegistry.Create(kind, Parse(parameters + ",embeddingDim=3,seed=5"))
            .Train(Data, progress: new SynchronousProgress<TrainingStep>(steps.Add));

        Assert.True(model.ValidationMetrics.Accuracy >= minimumAccuracy, $"{kind} accuracy {model.ValidationMetrics.Accuracy}");
        Assert.True(model.ValidationMetrics.Kappa > 0.3, $"{kind} kappa {model.ValidationMetrics.Kappa}");
        Assert.Equal(Data.Rows, model.TrainingRows + model.ValidationRows);
        Assert.NotEmpty(steps);
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.Step < p.Second.Step), "steps must increase");
        Assert.True(steps[^1].Step >= model.Steps);
        Assert.All(steps, s => Assert.Equal(model.ValidationRows, s.Metrics.Count));

        // The model's own predictions on the validation rows give the reported final metrics.
        var prediction = model.Predict(Data);
        Assert.Equal(Data.Rows, prediction.Labels.Length);
        Assert.All(prediction.Labels, l => Assert.InRange(l, 1, 5));
        for (var r = 0; r < 50; r++)
        {
            var p = prediction.Probabilities.AsSpan(r * 5, 5);
            Assert.InRange(p.ToArray().Sum(), 0.999, 1.001);
            Assert.Equal(prediction.Labels[r], p.IndexOf(p.ToArray().Max()) + 1);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_seed_gives_the_same_model_on_one_thread_and_on_many(string kind, string parameters, double _)
    {
        var one = TrainerRegistry.Create(kind, Parse(parameters + ",embeddingDim=2,seed=9,threads=1")).Train(Data);
        var many = TrainerRegistry.Create(kind, Parse(parameters + ",embeddingDim=2,seed=9,threads=8")).Train(Data);
        var a = one.Predict(Data);
        var b = many.Predict(Data);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Probabilities, b.Probabilities);
        Assert.Equal(one.Parameters, many.Parameters);
        Assert.Equal(one.Steps, many.Steps);
    }

    [Fact]
    public void Steps_serialize_as_metrics_lines()
    {
        TrainingStep? last = null;
        TrainerRegistry.Create("gbdt", Parse("rounds=3,earlyStoppingRounds=0")).Train(Data, progress: new SynchronousProgress<TrainingStep>(s => last = s));
        var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(last)).RootElement;
        Assert.Equal(3, json.GetProperty("step").GetInt32());
        Assert.True(json.GetProperty("loss").GetDouble() > 0);
        Assert.InRange(json.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0.3, 1);
    }

    [Fact]
    public void Different_seeds_give_different_forests()
    {
        var a = TrainerRegistry.Create("rf", Parse("trees=10,seed=1")).Train(Data).Predict(Data);
        var b = TrainerRegistry.Create("rf", Parse("trees=10,seed=2")).Train(Data).Predict(Data);
        Assert.NotEqual(a.Probabilities, b.Probabilities);
    }

    [Theory]
    [InlineData("rf", "trees=200")]
    [InlineData("gbdt", "rounds=200,earlyStoppingRounds=0")]
    [InlineData("mlp", "epochs=50")]
    [InlineData("svm", "epochs=50,tolerance=1e-9")]
    public void Cancellation_stops_training_between_steps(string kind, string parameters)
    {
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        var progress = new SynchronousProgress<TrainingStep>(step =>
        {
            seen = step.Step;
            if (step.Step >= 2)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TrainerRegistry.Create(kind, Parse(parameters)).Train(Data, progress: progress, cancellationToken: cancellation.Token));
        Assert.InRange(seen, 2, kind == "rf" ? 40 : 3);
    }

    [Fact]
    public void Boosting_stops_early_and_keeps_the_best_round()
    {
        var steps = new List<TrainingStep>();
        var model = TrainerRegistry.Create("gbdt", Parse("rounds=2000,learningRate=0.5,earlyStoppingRounds=5"))
            .Train(Data, progress: new SynchronousProgress<TrainingStep>(steps.Add));
        Assert.True(steps.Count < 2000, "early stopping should end training before the last round");
        Assert.Equal(steps.Count - 5, model.Steps);
        var best = steps.MinBy(s => s.Loss)!;
        Assert.Equal(best.Step, model.Steps);
        Assert.Equal(best.Metrics.Accuracy, model.ValidationMetrics.Accuracy);
        Assert.Equal(model.Steps * Classifier.ClassCount, ((TreeEnsembleClassifier)model.Classifier).Trees.Count);
    }

    [Fact]
    public void Boosted_trees_respect_depth_and_leaf_budget()
    {
        var deep = (TreeEnsembleClassifier)TrainerRegistry.Create("gbdt", Parse("rounds=5,maxDepth=3,earlyStoppingRounds=0")).Train(Data).Classifier;
        Assert.All(deep.Trees, t => Assert.True(t.Depth() <= 3));
        var budget = (TreeEnsembleClassifier)TrainerRegistry.Create("gbdt", Parse("rounds=5,maxDepth=8,maxLeaves=6,earlyStoppingRounds=0")).Train(Data).Classifier;
        Assert.All(budget.Trees, t => Assert.InRange(t.LeafCount, 1, 6));
        Assert.Contains(budget.Trees, t => t.LeafCount == 6);
    }

    [Fact]
    public void Forest_respects_depth_and_leaf_size()
    {
        var model = TrainerRegistry.Create("rf", Parse("trees=5,maxDepth=4,minLeaf=20,bootstrap=false")).Train(Data);
        var forest = (TreeEnsembleClassifier)model.Classifier;
        Assert.All(forest.Trees, t => Assert.True(t.Depth() <= 4));
        // Without bootstrap a leaf's weight is its row count: none below 20.
        var features = model.Pipeline.Transform(Data);
        var training = DatasetSplit.Stratified(Data, 0.7, 0).Training;
        var trainingFeatures = model.Pipeline.Transform(training);
        foreach (var tree in forest.Trees)
        {
            var counts = new int[tree.LeafCount];
            for (var r = 0; r < training.Rows; r++)
            {
                counts[tree.LeafOf(trainingFeatures.AsSpan(r * model.Pipeline.OutputCount, model.Pipeline.OutputCount))]++;
            }
            Assert.All(counts, c => Assert.True(c >= 20, $"leaf with {c} rows"));
        }
        Assert.NotEmpty(features);
    }

    [Fact]
    public void Separate_validation_set_and_training_fraction_are_honoured()
    {
        var validation = SyntheticSeabed.Generate(1000, 11).Select(Enumerable.Range(0, 1000).ToArray());
        var model = TrainerRegistry.Create("rf", Parse("trees=10,trainingFraction=0.5")).Train(Data, validation);
        Assert.Equal(1000, model.ValidationRows);
        Assert.InRange(model.TrainingRows, 1990, 2010);
        Assert.Equal(model.Evaluate(validation).Accuracy, model.ValidationMetrics.Accuracy, 12);
    }

    [Fact]
    public void Positional_features_need_x_and_y()
    {
        var data = new Dataset(["depth", "backscatter_low"], [1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 1, 2]);
        var error = Assert.Throws<DatasetFormatException>(() =>
            TrainerRegistry.Create("rf", Parse("trees=2,embeddingDim=2")).Train(data, data));
        Assert.Contains("'x' and 'y'", error.Message);
    }

    internal static Dictionary<string, string> Parse(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
}
