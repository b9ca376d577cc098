using MlOps.Surveys.Features;
using MlOps.Surveys.Tests.Support;
using Xunit.Abstractions;

namespace MlOps.Surveys.Tests.Features;

/// <summary>
/// The phenomenon the product exists for, on generated data: a classifier trained on one year
/// loses clearly on the next (calibration drift, changed patches, new coverage), and retraining
/// on both years recovers. Evaluated on spatial blocks of the later year held out of training.
/// The classifier is the simplest one that can hold two calibrations of a class at once:
/// k-nearest neighbours on the standardized raw columns. (A nearest-centroid or naive Bayes
/// model keeps one mode per class, so once two years disagree by several dB it must average
/// them; that is why the product trains forests.)
/// </summary>
public sealed class CrossYearPhenomenonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AModelTrainedOnOneYearFailsTheNextAndRetrainingRecovers()
    {
        var catalog = SurveyCatalog.Open(await SyntheticSites.ThreeYearSiteAsync());
        var year1 = TrainingData.LoadLabelled([catalog[2016]]);
        var year2 = TrainingData.LoadLabelled([catalog[2017]]);

        var split2 = TrainValidationSplit.Create(year2, new SplitOptions { BlockSize = 24, Seed = 1 });
        var (train2, held2) = (year2.Select(split2.TrainRows), year2.Select(split2.ValidationRows));

        var inYear2 = Accuracy(train2, held2);
        var year1Only = Accuracy(year1, held2);
        var years12 = Accuracy(FeatureTable.Concat([year1, train2]), held2);
        output.WriteLine($"2017 held-out blocks: in-year {inYear2:F3}, trained on 2016 {year1Only:F3}, trained on 2016+2017 {years12:F3}");
        Assert.True(inYear2 > 0.85, $"in-year accuracy {inYear2:F3}: the classes should be learnable within a year.");
        Assert.True(inYear2 - year1Only > 0.15, $"trained on 2016: {year1Only:F3} vs in-year {inYear2:F3}; the drift should cost more than 0.15.");
        Assert.True(inYear2 - years12 < 0.03, $"trained on 2016+2017: {years12:F3} vs in-year {inYear2:F3}; retraining should recover.");
    }

    /// <summary>Accuracy of 7-nearest-neighbours (features standardized on the training rows) on the test rows.</summary>
    private static double Accuracy(FeatureTable train, FeatureTable test)
    {
        const int k = 7;
        var columns = train.ColumnCount;
        var mean = new double[columns];
        var scale = new double[columns];
        for (var j = 0; j < columns; j++)
        {
            var values = Enumerable.Range(0, train.RowCount).Select(i => (double)train.Values[i * columns + j]).ToArray();
            mean[j] = values.Average();
            scale[j] = Math.Sqrt(values.Select(v => (v - mean[j]) * (v - mean[j])).Average());
        }
        float[] Standardize(FeatureTable table) =>
            table.Values.Select((v, i) => (float)((v - mean[i % columns]) / scale[i % columns])).ToArray();
        var points = Standardize(train);
        var queries = Standardize(test);
        var correct = 0;
        Parallel.For(0, test.RowCount, () => 0, (q, _, hits) =>
        {
            var nearest = new (float Distance, byte Label)[k];
            Array.Fill(nearest, (float.MaxValue, (byte)0));
            var query = queries.AsSpan(q * columns, columns);
            for (var i = 0; i < train.RowCount; i++)
            {
                var point = points.AsSpan(i * columns, columns);
                var distance = 0f;
                for (var j = 0; j < columns; j++)
                {
                    var d = point[j] - query[j];
                    distance += d * d;
                }
                if (distance < nearest[k - 1].Distance)
                {
                    var at = k - 1;
                    while (at > 0 && nearest[at - 1].Distance > distance)
                    {
                        nearest[at] = nearest[at - 1];
                        at--;
                    }
                    nearest[at] = (distance, train.Labels[i]);
                }
            }
            var votes = new int[6];
            foreach (var (_, label) in nearest)
            {
                votes[label]++;
            }
            return hits + (Array.IndexOf(votes, votes.Max()) == test.Labels[q] ? 1 : 0);
        }, hits => Interlocked.Add(ref correct, hits));
        return (double)correct / test.RowCount;
    }
}
