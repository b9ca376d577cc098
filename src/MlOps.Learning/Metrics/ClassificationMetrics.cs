namespace MlOps.Learning.Metrics;

/// <summary>
/// Metrics as plain functions of true and predicted seabed classes (1–5). Pixels whose true
/// class is 0 (unlabelled / nodata) are left out. Definitions follow scikit-learn's
/// (accuracy_score, cohen_kappa_score, precision/recall/f1 with zero_division=0,
/// jaccard_score, confusion_matrix).
/// </summary>
public static class ClassificationMetrics
{
    public const int ClassCount = 5;

    public static ClassificationReport Evaluate(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var confusion = ConfusionMatrix(truth, predicted);
        return FromConfusion(confusion);
    }

    public static ClassificationReport Evaluate(ReadOnlySpan<int> truth, ReadOnlySpan<long> predicted)
    {
        var converted = new int[predicted.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            converted[i] = predicted[i] is >= int.MinValue and <= int.MaxValue ? (int)predicted[i] : -1;
        }
        return Evaluate(truth, converted);
    }

    /// <summary>[true class − 1][predicted class − 1] counts over labelled pixels.</summary>
    public static long[][] ConfusionMatrix(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length)
        {
            throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions.", nameof(predicted));
        }
        var confusion = new long[ClassCount][];
        for (var i = 0; i < ClassCount; i++)
        {
            confusion[i] = new long[ClassCount];
        }
        for (var i = 0; i < truth.Length; i++)
        {
            var t = truth[i];
            if (t == 0)
            {
                continue;
            }
            if (t < 1 || t > ClassCount)
            {
                throw new ArgumentException($"true label {t} at index {i} is outside 0–{ClassCount}.", nameof(truth));
            }
            var p = predicted[i];
            if (p < 1 || p > ClassCount)
            {
                throw new ArgumentException($"predicted label {p} at index {i} is outside 1–{ClassCount}.", nameof(predicted));
            }
            confusion[t - 1][p - 1]++;
        }
        return confusion;
    }

    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted) => Evaluate(truth, predicted).Accuracy;

    public static double CohenKappa(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted) => Evaluate(truth, predicted).Kappa;

    public static ClassificationReport FromConfusion(long[][] confusion)
    {
        var k = ClassCount;
        var rowSums = new double[k];
        var columnSums = new double[k];
        double total = 0, diagonal = 0;
        for (var t = 0; t < k; t++)
        {
            for (var p = 0; p < k; p++)
            {
                rowSums[t] += confusion[t][p];
                columnSums[p] += confusion[t][p];
                total += confusion[t][p];
            }
            diagonal += confusion[t][t];
        }
        var precision = new double[k];
        var recall = new double[k];
        var f1 = new double[k];
        var iou = new double[k];
        var present = 0;
        double sumP = 0, sumR = 0, sumF = 0, sumI = 0;
        for (var c = 0; c < k; c++)
        {
            double tp = confusion[c][c];
            var fp = columnSums[c] - tp;
            var fn = rowSums[c] - tp;
            precision[c] = columnSums[c] > 0 ? tp / columnSums[c] : 0;
            recall[c] = rowSums[c] > 0 ? tp / rowSums[c] : 0;
            f1[c] = precision[c] + recall[c] > 0 ? 2 * precision[c] * recall[c] / (precision[c] + recall[c]) : 0;
            iou[c] = tp + fp + fn > 0 ? tp / (tp + fp + fn) : 0;
            if (rowSums[c] > 0 || columnSums[c] > 0)
            {
                present++;
                sumP += precision[c];
                sumR += recall[c];
                sumF += f1[c];
                sumI += iou[c];
            }
        }
        return new ClassificationReport
        {
            Accuracy = total > 0 ? diagonal / total : 0,
            Kappa = Kappa(confusion, rowSums, columnSums, total),
            Precision = precision,
            Recall = recall,
            F1 = f1,
            Iou = iou,
            Confusion = confusion.Select(row => row.ToArray()).ToArray(),
            MacroPrecision = present > 0 ? sumP / present : 0,
            MacroRecall = present > 0 ? sumR / present : 0,
            MacroF1 = present > 0 ? sumF / present : 0,
            MacroIou = present > 0 ? sumI / present : 0,
            Count = (long)total,
        };
    }

    // Cohen's kappa as observed over chance-expected disagreement. When chance agreement is
    // certain (one class everywhere in both), scikit-learn yields NaN; this yields 1 when the
    // two agree everywhere and 0 otherwise, so the value stays a number.
    private static double Kappa(long[][] confusion, double[] rowSums, double[] columnSums, double total)
    {
        if (total == 0)
        {
            return 0;
        }
        double observed = 0, expected = 0;
        for (var t = 0; t < rowSums.Length; t++)
        {
            for (var p = 0; p < columnSums.Length; p++)
            {
                if (t != p)
                {
                    observed += confusion[t][p];
                    expected += columnSums[p] * rowSums[t] / total;
                }
            }
        }
        if (expected == 0)
        {
            return observed == 0 ? 1 : 0;
        }
        return 1 - observed / expected;
    }
}
