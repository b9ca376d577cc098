using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// Gradient-boosted trees for 5 classes (softmax cross-entropy, Newton leaf values as XGBoost).
/// Each round grows one depth-wise tree per class on gradient/hessian histograms, using the
/// parent-minus-sibling trick. The class trees of a round are grown in parallel, each on one
/// thread in a fixed order, so results do not depend on the thread count. Leaf values are
/// rounded to multiples of 2⁻¹⁶ so that scores add up exactly in float32. Validation loss
/// and metrics are reported every round; training stops early when the loss stalls and keeps
/// the best round.
/// </summary>
public sealed class GradientBoostingTrainer(GradientBoostingOptions options) : Trainer<GradientBoostingOptions>(options)
{
    private const int K = Classifier.ClassCount;
    internal const float Quantum = 1f / (1 << 16);

    public override string Kind => "gbdt";

    protected override FitResult Fit(TrainingContext context)
    {
        var o = Options;
        if (o.Rounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.Rounds), o.Rounds, "rounds must be at least 1.");
        }
        var parallel = o.Parallel(context.CancellationToken);
        var bins = FeatureBins.Build(context.Features, context.Rows, context.Columns, o.MaxBins, o.MaxDegreeOfParallelism);
        var n = context.Rows;
        var columns = context.Columns;
        var baseScores = PriorScores(context.Classes);
        var scores = new float[n * K];
        for (var i = 0; i < n; i++)
        {
            baseScores.CopyTo(scores, i * K);
        }
        var nv = context.ValidationRows;
        var validationScores = new float[nv * K];
        for (var i = 0; i < nv; i++)
        {
            baseScores.CopyTo(validationScores, i * K);
        }
        // Per class, gradient and hessian of row r at [2r] and [2r+1].
        var gradients = new float[K][];
        for (var c = 0; c < K; c++)
        {
            gradients[c] = new float[2 * n];
        }
        var builders = new TreeBuilder[K];
        for (var c = 0; c < K; c++)
        {
            builders[c] = new TreeBuilder(bins, o, parallel);
        }
        int[]? bestLabels = null;
        var trees = new List<DecisionTree>();
        var bestLoss = double.PositiveInfinity;
        var bestRound = 0;
        const int chunk = 8192;
        var chunks = (n + chunk - 1) / chunk;
        for (var round = 1; round <= o.Rounds; round++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Parallel.For(0, chunks, parallel, i =>
            {
                var start = i * chunk;
                var count = Math.Min(n, start + chunk) - start;
                // Softmax of the whole chunk at once, so the exponentials run vectorized.
                var p = new float[count * K];
                for (var r = 0; r < count; r++)
                {
                    var s = scores.AsSpan((start + r) * K, K);
                    var max = s[0];
                    for (var c = 1; c < K; c++)
                    {
                        max = MathF.Max(max, s[c]);
                    }
                    for (var c = 0; c < K; c++)
                    {
                        p[r * K + c] = s[c] - max;
                    }
                }
                TensorPrimitives.Exp(p, p);
                for (var r = 0; r < count; r++)
                {
                    var row = p.AsSpan(r * K, K);
                    var sum = 0f;
                    for (var c = 0; c < K; c++)
                    {
                        sum += row[c];
                    }
                    var y = context.Classes[start + r];
                    var index = 2 * (start + r);
                    for (var c = 0; c < K; c++)
                    {
                        var probability = row[c] / sum;
                        gradients[c][index] = c == y ? probability - 1f : probability;
                        gradients[c][index + 1] = MathF.Max(probability * (1f - probability), 1e-6f);
                    }
                }
            });
            var roundTrees = new DecisionTree[K];
            Parallel.For(0, K, parallel, c =>
            {
                roundTrees[c] = builders[c].Build(gradients[c], scores, c, context.CancellationToken);
            });
            trees.AddRange(roundTrees);
            Parallel.For(0, (nv + chunk - 1) / chunk, parallel, i =>
            {
                var end = Math.Min(nv, (i + 1) * chunk);
                for (var r = i * chunk; r < end; r++)
                {
                    var row = context.ValidationFeatures.AsSpan(r * columns, columns);
                    for (var c = 0; c < K; c++)
                    {
                        validationScores[r * K + c] += roundTrees[c].LeafValues[roundTrees[c].LeafOf(row)];
                    }
                }
            });
            var (loss, labels) = LossAndLabels(validationScores, context.ValidationLabels, parallel);
            context.Report(round, labels, loss);
            if (loss < bestLoss - 1e-12 || o.EarlyStoppingRounds == 0)
            {
                bestLoss = Math.Min(loss, bestLoss);
                bestRound = round;
                bestLabels = labels;
            }
            else if (o.EarlyStoppingRounds > 0 && round - bestRound >= o.EarlyStoppingRounds)
            {
                break;
            }
        }
        var kept = Math.Max(1, bestRound);
        return new FitResult(new TreeEnsembleClassifier(TreeAggregation.SoftmaxSum, trees.Take(kept * K).ToArray(), baseScores, columns), kept, bestLabels);
    }

    private static float[] PriorScores(byte[] classes)
    {
        var counts = new double[K];
        foreach (var c in classes)
        {
            counts[c]++;
        }
        var logs = counts.Select(c => Math.Log((c + 1) / (classes.Length + K))).ToArray();
        var mean = logs.Average();
        return logs.Select(l => Quantize(l - mean)).ToArray();
    }

    internal static float Quantize(double value) => (float)(Math.Round(value / Quantum) * Quantum);

    private static (double Loss, int[] Labels) LossAndLabels(float[] scores, int[] truth, ParallelOptions parallel)
    {
        var labels = new int[truth.Length];
        const int chunk = 8192;
        var partial = new double[(truth.Length + chunk - 1) / chunk];
        Parallel.For(0, partial.Length, parallel, i =>
        {
            var start = i * chunk;
            var count = Math.Min(truth.Length, start + chunk) - start;
            var shifted = new float[count * K];
            for (var r = 0; r < count; r++)
            {
                var s = scores.AsSpan((start + r) * K, K);
                var best = 0;
                for (var c = 1; c < K; c++)
                {
                    if (s[c] > s[best])
                    {
                        best = c;
                    }
                }
                labels[start + r] = best + 1;
                for (var c = 0; c < K; c++)
                {
                    shifted[r * K + c] = s[c] - s[best];
                }
            }
            var exponentials = new float[shifted.Length];
            TensorPrimitives.Exp(shifted, exponentials);
            double loss = 0;
            for (var r = 0; r < count; r++)
            {
                var sum = 0f;
                for (var c = 0; c < K; c++)
                {
                    sum += exponentials[r * K + c];
                }
                // −log softmax(true class) = log Σ exp(s − max) − (s_true − max)
                loss += Math.Log(sum) - shifted[r * K + truth[start + r] - 1];
            }
            partial[i] = loss;
        });
        return (truth.Length > 0 ? partial.Sum() / truth.Length : 0, labels);
    }

    /// <summary>Grows one class's trees; owns its buffers, used by one thread at a time.</summary>
    private sealed class TreeBuilder
    {
        private readonly FeatureBins bins;
        private readonly GradientBoostingOptions options;
        private readonly int[] rows;
        private readonly int[] scratch;
        private readonly int histogramSize;
        private readonly Stack<double[]> freeHistograms = new();
        private readonly ParallelOptions parallel;

        public TreeBuilder(FeatureBins bins, GradientBoostingOptions options, ParallelOptions parallel)
        {
            this.bins = bins;
            this.options = options;
            this.parallel = parallel;
            rows = new int[bins.Rows];
            scratch = new int[bins.Rows];
            histogramSize = bins.Columns * 256 * 2;
        }

        private sealed class Node
        {
            public int Id;
            public int Start;
            public int End;
            public double G;
            public double H;
            public double[]? Histogram;
            public int SplitFeature = -1;
            public int SplitBin;
            public double Gain;
            public double LeftG;
            public double LeftH;
        }

        public DecisionTree Build(float[] gh, float[] scores, int cls, CancellationToken cancellationToken)
        {
            var n = bins.Rows;
            for (var i = 0; i < n; i++)
            {
                rows[i] = i;
            }
            var feature = new List<int> { -1 };
            var threshold = new List<float> { 0 };
            var left = new List<int> { -1 };
            var right = new List<int> { -1 };
            var leafValues = new List<float>();

            var root = new Node { Id = 0, Start = 0, End = n, Histogram = Rent() };
            Accumulate(root.Histogram, 0, n, gh);
            (root.G, root.H) = Totals(root.Histogram);
            var level = new List<Node> { root };
            var leaves = 1;
            var maxLeaves = options.MaxLeaves > 0 ? options.MaxLeaves : int.MaxValue;
            var finished = new List<Node>();
            for (var depth = 0; level.Count > 0; depth++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var canSplit = options.MaxDepth <= 0 || depth < options.MaxDepth;
                if (canSplit)
                {
                    foreach (var node in level)
                    {
                        FindSplit(node);
                    }
                }
                // Best gains first, so a leaf budget goes to the most useful splits.
                var order = level.OrderByDescending(x => x.Gain).ThenBy(x => x.Id).ToList();
                var next = new List<Node>();
                foreach (var node in order)
                {
                    if (node.SplitFeature < 0 || leaves >= maxLeaves)
                    {
                        finished.Add(node);
                        Return(node.Histogram);
                        node.Histogram = null;
                        continue;
                    }
                    leaves++;
                    var middle = Partition(node.Start, node.End, node.SplitFeature, node.SplitBin);
                    var l = new Node { Id = feature.Count, Start = node.Start, End = middle };
                    var r = new Node { Id = feature.Count + 1, Start = middle, End = node.End };
                    for (var k = 0; k < 2; k++)
                    {
                        feature.Add(-1);
                        threshold.Add(0);
                        left.Add(-1);
                        right.Add(-1);
                    }
                    feature[node.Id] = node.SplitFeature;
                    threshold[node.Id] = bins.Threshold(node.SplitFeature, node.SplitBin);
                    left[node.Id] = l.Id;
                    right[node.Id] = r.Id;
                    var deeper = options.MaxDepth <= 0 || depth + 1 < options.MaxDepth;
                    if (deeper)
                    {
                        var (small, large) = l.End - l.Start <= r.End - r.Start ? (l, r) : (r, l);
                        small.Histogram = Rent();
                        Accumulate(small.Histogram, small.Start, small.End, gh);
                        large.Histogram = node.Histogram;
                        var parent = large.Histogram!;
                        var sh = small.Histogram;
                        for (var i = 0; i < parent.Length; i++)
                        {
                            parent[i] -= sh[i];
                        }
                        node.Histogram = null;
                    }
                    else
                    {
                        Return(node.Histogram);
                        node.Histogram = null;
                    }
                    // Children's sums come from the split scan: no pass over their rows.
                    (l.G, l.H) = (node.LeftG, node.LeftH);
                    (r.G, r.H) = (node.G - node.LeftG, node.H - node.LeftH);
                    next.Add(l);
                    next.Add(r);
                }
                level = next.OrderBy(x => x.Id).ToList();
            }
            finished.Sort((a, b) => a.Id.CompareTo(b.Id));
            foreach (var node in finished)
            {
                var value = Quantize(-node.G / (node.H + options.Lambda) * options.LearningRate);
                left[node.Id] = leafValues.Count;
                leafValues.Add(value);
                for (var i = node.Start; i < node.End; i++)
                {
                    scores[rows[i] * K + cls] += value;
                }
            }
            return new DecisionTree(feature.ToArray(), threshold.ToArray(), left.ToArray(), right.ToArray(), leafValues.ToArray(), 1);
        }

        private double[] Rent() => freeHistograms.Count > 0 ? freeHistograms.Pop() : new double[histogramSize];

        private void Return(double[]? histogram)
        {
            if (histogram is not null)
            {
                Array.Clear(histogram);
                freeHistograms.Push(histogram);
            }
        }

        // Rows are cut into fixed chunks of ChunkRows whose histograms are added in chunk order,
        // so the sums are the same whether the chunks run on one thread or many.
        private const int ChunkRows = 16384;

        private void Accumulate(double[] histogram, int start, int end, float[] gh)
        {
            var count = end - start;
            if (count < 2 * ChunkRows)
            {
                AccumulateRange(histogram, start, end, gh);
                return;
            }
            var chunks = (count + ChunkRows - 1) / ChunkRows;
            var partial = new double[chunks][];
            partial[0] = histogram;
            for (var i = 1; i < chunks; i++)
            {
                partial[i] = new double[histogramSize];
            }
            Parallel.For(0, chunks, parallel, i =>
                AccumulateRange(partial[i], start + i * ChunkRows, Math.Min(end, start + (i + 1) * ChunkRows), gh));
            for (var i = 1; i < chunks; i++)
            {
                var part = partial[i];
                for (var j = 0; j < histogram.Length; j++)
                {
                    histogram[j] += part[j];
                }
            }
        }

        private unsafe void AccumulateRange(double[] histogram, int start, int end, float[] gh)
        {
            var columns = bins.Columns;
            fixed (double* hist = histogram)
            fixed (byte* data = bins.Bins)
            fixed (int* rowIndex = rows)
            fixed (float* pairs = gh)
            {
                for (var i = start; i < end; i++)
                {
                    var row = rowIndex[i];
                    double g = pairs[2 * row], h = pairs[2 * row + 1];
                    var binsOfRow = data + (long)row * columns;
                    var pair = Vector128.Create(g, h);
                    var slot = hist;
                    for (var f = 0; f < columns; f++, slot += 512)
                    {
                        var bin = slot + binsOfRow[f] * 2;
                        Vector128.Store(Vector128.Load(bin) + pair, bin);
                    }
                }
            }
        }

        private static (double G, double H) Totals(double[] histogram)
        {
            double gs = 0, hs = 0;
            for (var b = 0; b < 256; b++)
            {
                gs += histogram[b * 2];
                hs += histogram[b * 2 + 1];
            }
            return (gs, hs);
        }

        private void FindSplit(Node node)
        {
            var histogram = node.Histogram!;
            var lambda = options.Lambda;
            var minChild = options.MinChildWeight;
            var parentScore = node.G * node.G / (node.H + lambda);
            var bestGain = 1e-9;
            node.SplitFeature = -1;
            node.Gain = 0;
            for (var f = 0; f < bins.Columns; f++)
            {
                var binCount = bins.BinCount(f);
                double gl = 0, hl = 0;
                var offset = f * 256 * 2;
                for (var b = 0; b < binCount - 1; b++)
                {
                    gl += histogram[offset + b * 2];
                    hl += histogram[offset + b * 2 + 1];
                    var hr = node.H - hl;
                    if (hl < minChild)
                    {
                        continue;
                    }
                    if (hr < minChild)
                    {
                        break;
                    }
                    var gr = node.G - gl;
                    var gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parentScore;
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        node.SplitFeature = f;
                        node.SplitBin = b;
                        node.Gain = gain;
                        node.LeftG = gl;
                        node.LeftH = hl;
                    }
                }
            }
        }

        // Stable: rows keep ascending order within each side, for memory locality and a fixed summation order.
        private int Partition(int start, int end, int f, int bin)
        {
            var columns = bins.Columns;
            var data = bins.Bins;
            var write = start;
            var spill = 0;
            for (var i = start; i < end; i++)
            {
                // Branch-free: splits are close to 50/50, which a branch would mispredict.
                var row = rows[i];
                var left = data[row * columns + f] <= bin ? 1 : 0;
                rows[write] = row;
                scratch[spill] = row;
                write += left;
                spill += 1 - left;
            }
            Array.Copy(scratch, 0, rows, write, spill);
            return write;
        }
    }
}
