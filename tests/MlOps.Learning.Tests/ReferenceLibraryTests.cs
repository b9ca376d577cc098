using System.Globalization;
using MlOps.Learning.Data;
using MlOps.Learning.Training;
using MlOps.Testing;

namespace MlOps.Learning.Tests;

/// <summary>Accuracy next to the libraries people would otherwise use, on the same rows.</summary>
public sealed class ReferenceLibraryTests
{
    private const string Script = """
import sys, numpy as np
from sklearn.ensemble import RandomForestClassifier
import xgboost as xgb
tr = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=np.float32)
va = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1, dtype=np.float32)
X, y, Xv, yv = tr[:, :-1], tr[:, -1].astype(int) - 1, va[:, :-1], va[:, -1].astype(int) - 1
rf = RandomForestClassifier(n_estimators=60, max_depth=12, random_state=0, n_jobs=-1).fit(X, y)
gb = xgb.XGBClassifier(n_estimators=80, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=2).fit(X, y)
print((rf.predict(Xv) == yv).mean(), (gb.predict(Xv) == yv).mean())
""";

    [Fact]
    public void Forest_and_boosting_are_as_accurate_as_scikit_learn_and_xgboost()
    {
        using var directory = new TemporaryDirectory();
        var all = SyntheticSeabed.Generate(30000, 21);
        var training = all.Select(Enumerable.Range(0, 20000).ToArray());
        var validation = all.Select(Enumerable.Range(20000, 10000).ToArray());
        CsvDataset.Write(training, directory.File("train.csv"));
        CsvDataset.Write(validation, directory.File("valid.csv"));
        var peers = DebianPython.Run(Script, directory.File("train.csv"), directory.File("valid.csv"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        var forest = TrainerRegistry.Create("rf", TrainerTests.Parse("trees=60,maxDepth=12")).Train(training, validation);
        var boosted = TrainerRegistry.Create("gbdt", TrainerTests.Parse("rounds=80,maxDepth=6,learningRate=0.1,earlyStoppingRounds=0")).Train(training, validation);

        Assert.True(forest.ValidationMetrics.Accuracy >= peers[0] - 0.01, $"forest {forest.ValidationMetrics.Accuracy} vs scikit-learn {peers[0]}");
        Assert.True(boosted.ValidationMetrics.Accuracy >= peers[1] - 0.01, $"boosting {boosted.ValidationMetrics.Accuracy} vs XGBoost {peers[1]}");
    }
}
