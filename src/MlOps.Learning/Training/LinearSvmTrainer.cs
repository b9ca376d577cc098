using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// One-vs-rest linear SVMs fitted by dual coordinate descent on the squared hinge loss
/// (Hsieh et al., 2008), with a bias as an extra constant feature. The 5 binary problems run in
/// parallel, each over its own seeded visiting order, in lock-step epochs; validation metrics
/// are reported after every epoch.
/// </summary>
public sealed class LinearSvmTrainer(LinearSvmOptions options) : Trainer<LinearSvmOptions>(options)
{
    private const int K = Classifier.ClassCount;

    public override string Kind => "svm";

    protected override FitResult Fit(TrainingContext context)
    {
        var o = Options;
        if (!(o.C > 0) || o.Epochs < 1)
        {
            throw new ArgumentException("C must be positive and epochs at least 1.");
        }
        var n = context.Rows;
        var columns = context.Columns;
        var x = context.Features;
        var diagonal = 1.0 / (2 * o.C);
        var squaredNorms = new double[n];
        for (var i = 0; i < n; i++)
        {
            double s = 1; // the bias feature
            for (var j = 0; j < columns; j++)
            {
                double value = x[i * columns + j];
                s += value * value;
            }
            squaredNorms[i] = s + diagonal;
        }
        var w = new double[K][];
        var alpha = new double[K][];
        var orders = new int[K][];
        var randoms = new SeededRandom[K];
        for (var c = 0; c < K; c++)
        {
            w[c] = new double[columns + 1];
            alpha[c] = new double[n];
            orders[c] = Enumerable.Range(0, n).ToArray();
            randoms[c] = new SeededRandom(o.Seed, 0x5356 + c);
        }
        var parallel = o.Parallel(context.CancellationToken);
        var epochs = 0;
        var largest = new double[K];
        LinearClassifier model = ToModel(w, columns);
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            epochs = epoch;
            Parallel.For(0, K, parallel, c =>
            {
                var weights = w[c];
                var a = alpha[c];
                randoms[c].Shuffle(orders[c].AsSpan());
                double maxGradient = 0;
                foreach (var i in orders[c])
                {
                    if ((i & 4095) == 0)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                    }
                    var y = context.Classes[i] == c ? 1.0 : -1.0;
                    var row = x.AsSpan(i * columns, columns);
                    var dot = weights[columns];
                    for (var j = 0; j < columns; j++)
                    {
                        dot += weights[j] * row[j];
                    }
                    var gradient = y * dot - 1 + diagonal * a[i];
                    var projected = a[i] == 0 ? Math.Min(gradient, 0) : gradient;
                    maxGradient = Math.Max(maxGradient, Math.Abs(projected));
                    if (Math.Abs(projected) < 1e-12)
                    {
                        continue;
                    }
                    var old = a[i];
                    a[i] = Math.Max(old - gradient / squaredNorms[i], 0);
                    var change = (a[i] - old) * y;
                    for (var j = 0; j < columns; j++)
                    {
                        weights[j] += change * row[j];
                    }
                    weights[columns] += change;
                }
                largest[c] = maxGradient;
            });
            model = ToModel(w, columns);
            context.Report(epoch, model, o.MaxDegreeOfParallelism);
            if (largest.All(g => g < o.Tolerance))
            {
                break;
            }
        }
        return new FitResult(model, epochs);
    }

    private static LinearClassifier ToModel(double[][] w, int columns)
    {
        var weights = new float[columns * K];
        var biases = new float[K];
        for (var c = 0; c < K; c++)
        {
            for (var j = 0; j < columns; j++)
            {
                weights[j * K + c] = (float)w[c][j];
            }
            biases[c] = (float)w[c][columns];
        }
        return new LinearClassifier(weights, biases, columns);
    }
}
