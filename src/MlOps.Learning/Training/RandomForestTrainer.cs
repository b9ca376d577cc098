using MlOps.Learning.Models;

namespace MlOps.Learning.Training;

/// <summary>
/// Random forest. Each tree is grown on its own thread from its own seeded stream (bootstrap
/// sample, features tried per split), so the forest is the same whatever the thread count.
/// Splits maximise the Gini decrease over histogram bins; small nodes are scanned exactly by
/// sorting. Leaves hold the class distribution, scaled by 1/trees and rounded to multiples of
/// 2⁻²⁴ so that summing trees is exact. Reports validation metrics every few trees.
/// </summary>
public sealed class RandomForestTrainer(RandomForestOptions options) : Trainer<RandomForestOptions>(options)
{
    private const int K = Classifier.ClassCount;
    private const int SmallNode = 96;

    public override string Kind => "rf";

    protected override FitResult Fit(TrainingContext context)
    {
        var o = Options;
        if (o.Trees < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(o.Trees), o.Trees, "trees must be at least 1.");
        }
        var bins = FeatureBins.Build(context.Features, context.Rows, context.Columns, o.MaxBins, o.MaxDegreeOfParallelism);
        var columns = context.Columns;
        var tried = o.FeatureFraction is { } fraction
            ? Math.Clamp((int)Math.Round(fraction * columns), 1, columns)
            : Math.Max(1, (int)Math.Sqrt(columns));
        var units = (int)Math.Floor((1 << 24) / (double)o.Trees);
        var trees = new DecisionTree[o.Trees];

        // Validation scores are accumulated in tree order as a prefix of finished trees grows.
        var validationScores = new float[context.ValidationRows * K];
        var finished = new bool[o.Trees];
        var prefix = 0;
        var reportEvery = Math.Max(1, o.Trees / 20);
        var gate = new object();
        var next = -1;

        Parallel.For(0, Math.Min(o.Threads, o.Trees), o.Parallel(context.CancellationToken), _ =>
        {
            var builder = new TreeBuilder(bins, context.Classes, o, tried, units, context.CancellationToken);
            int t;
            while ((t = Interlocked.Increment(ref next)) < o.Trees)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                trees[t] = builder.Build(t);
                lock (gate)
                {
                    finished[t] = true;
                    while (prefix < o.Trees && finished[prefix])
                    {
                        AddTree(trees[prefix], context, validationScores);
                        prefix++;
                        if (prefix % reportEvery == 0 || prefix == o.Trees)
                        {
                            context.Report(prefix, ArgMaxLabels(validationScores));
                        }
                    }
                }
            }
        });
        return new FitResult(new TreeEnsembleClassifier(TreeAggregation.Average, trees, new float[K], columns), o.Trees, ArgMaxLabels(validationScores));
    }

    private static void AddTree(DecisionTree tree, TrainingContext context, float[] scores)
    {
        var columns = context.Columns;
        for (var r = 0; r < context.ValidationRows; r++)
        {
            var leaf = tree.LeafOf(context.ValidationFeatures.AsSpan(r * columns, columns));
            for (var c = 0; c < K; c++)
            {
                scores[r * K + c] += tree.LeafValues[leaf * K + c];
            }
        }
    }

    private static int[] ArgMaxLabels(float[] scores)
    {
        var labels = new int[scores.Length / K];
        for (var r = 0; r < labels.Length; r++)
        {
            var best = 0;
            for (var c = 1; c < K; c++)
            {
                if (scores[r * K + c] > scores[r * K + best])
                {
                    best = c;
                }
            }
            labels[r] = best + 1;
        }
        return labels;
    }

    /// <summary>Grows trees one after another, reusing its buffers; one per thread.</summary>
    private sealed class TreeBuilder
    {
        private readonly FeatureBins bins;
        private readonly byte[] classes;
        private readonly RandomForestOptions options;
        private readonly int tried;
        private readonly int units;
        private readonly CancellationToken cancellationToken;
        private readonly int[] weights;
        private readonly int[] rows;
        private readonly int[] histogram;
        private readonly int[] featureOrder;
        private readonly int[] sortKeys = new int[SmallNode];
        private readonly int[] sortWeights = new int[SmallNode];

        private readonly List<int> feature = [];
        private readonly List<float> threshold = [];
        private readonly List<int> left = [];
        private readonly List<int> right = [];
        private readonly List<float> leafValues = [];

        public TreeBuilder(FeatureBins bins, byte[] classes, RandomForestOptions options, int tried, int units, CancellationToken cancellationToken)
        {
            this.bins = bins;
            this.classes = classes;
            this.options = options;
            this.tried = tried;
            this.units = units;
            this.cancellationToken = cancellationToken;
            weights = new int[bins.Rows];
            rows = new int[bins.Rows];
            histogram = new int[bins.Columns * 256 * K];
            featureOrder = new int[bins.Columns];
        }

        public DecisionTree Build(int treeIndex)
        {
            var random = new SeededRandom(options.Seed, treeIndex + 1);
            var n = bins.Rows;
            Array.Clear(weights);
            if (options.Bootstrap)
            {
                for (var i = 0; i < n; i++)
                {
                    weights[random.Next(n)]++;
                }
            }
            else
            {
                Array.Fill(weights, 1);
            }
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                if (weights[i] > 0)
                {
                    rows[count++] = i;
                }
            }
            feature.Clear();
            threshold.Clear();
            left.Clear();
            right.Clear();
            leafValues.Clear();

            var stack = new Stack<(int Start, int End, int Depth, int Node)>();
            AddNode();
            stack.Push((0, count, 0, 0));
            Span<long> totals = stackalloc long[K];
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (start, end, depth, node) = stack.Pop();
                totals.Clear();
                long weight = 0;
                for (var i = start; i < end; i++)
                {
                    var w = weights[rows[i]];
                    totals[classes[rows[i]]] += w;
                    weight += w;
                }
                var pure = 0;
                for (var c = 0; c < K; c++)
                {
                    if (totals[c] > 0)
                    {
                        pure++;
                    }
                }
                var split = pure > 1 && (options.MaxDepth <= 0 || depth < options.MaxDepth) && weight >= 2L * options.MinLeaf
                    ? FindSplit(start, end, totals, weight, ref random)
                    : (Feature: -1, Bin: -1);
                if (split.Feature < 0)
                {
                    MakeLeaf(node, totals, weight);
                    continue;
                }
                var middle = Partition(start, end, split.Feature, split.Bin);
                var leftNode = AddNode();
                var rightNode = AddNode();
                feature[node] = split.Feature;
                threshold[node] = bins.Threshold(split.Feature, split.Bin);
                left[node] = leftNode;
                right[node] = rightNode;
                stack.Push((middle, end, depth + 1, rightNode));
                stack.Push((start, middle, depth + 1, leftNode));
            }
            return new DecisionTree(feature.ToArray(), threshold.ToArray(), left.ToArray(), right.ToArray(), leafValues.ToArray(), K);
        }

        private int AddNode()
        {
            feature.Add(-1);
            threshold.Add(0);
            left.Add(-1);
            right.Add(-1);
            return feature.Count - 1;
        }

        // Leaf shares of this tree's `units` (its 1/trees of the vote), split by largest remainder.
        private void MakeLeaf(int node, ReadOnlySpan<long> totals, long weight)
        {
            left[node] = leafValues.Count / K;
            Span<int> share = stackalloc int[K];
            Span<double> remainder = stackalloc double[K];
            var given = 0;
            for (var c = 0; c < K; c++)
            {
                var exact = (double)totals[c] * units / weight;
                share[c] = (int)Math.Floor(exact);
                remainder[c] = exact - share[c];
                given += share[c];
            }
            for (; given < units; given++)
            {
                var best = 0;
                for (var c = 1; c < K; c++)
                {
                    if (remainder[c] > remainder[best])
                    {
                        best = c;
                    }
                }
                share[best]++;
                remainder[best] = -1;
            }
            for (var c = 0; c < K; c++)
            {
                leafValues.Add(share[c] * (1f / (1 << 24)));
            }
        }

        private (int Feature, int Bin) FindSplit(int start, int end, ReadOnlySpan<long> totals, long weight, ref SeededRandom random)
        {
            var columns = bins.Columns;
            for (var f = 0; f < columns; f++)
            {
                featureOrder[f] = f;
            }
            // Draw features in a random order; keep drawing past `tried` only while no valid split is found.
            double parentScore = 0;
            for (var c = 0; c < K; c++)
            {
                parentScore += (double)totals[c] * totals[c];
            }
            parentScore /= weight;
            var best = (Feature: -1, Bin: -1);
            var bestScore = parentScore + 1e-9 * weight;
            var drawn = 0;
            while (drawn < columns && (drawn < tried || best.Feature < 0))
            {
                var batch = Math.Min(drawn < tried ? tried - drawn : tried, columns - drawn);
                for (var j = 0; j < batch; j++)
                {
                    var pick = drawn + j + random.Next(columns - drawn - j);
                    (featureOrder[drawn + j], featureOrder[pick]) = (featureOrder[pick], featureOrder[drawn + j]);
                }
                var selected = featureOrder.AsSpan(drawn, batch);
                if (end - start <= SmallNode)
                {
                    foreach (var f in selected)
                    {
                        ScanSorted(start, end, f, totals, weight, ref best, ref bestScore);
                    }
                }
                else
                {
                    ScanHistograms(start, end, selected, totals, weight, ref best, ref bestScore);
                }
                drawn += batch;
            }
            return best;
        }

        private void ScanHistograms(int start, int end, ReadOnlySpan<int> selected, ReadOnlySpan<long> totals, long weight,
            ref (int Feature, int Bin) best, ref double bestScore)
        {
            var columns = bins.Columns;
            var data = bins.Bins;
            var hist = histogram;
            var m = selected.Length;
            Span<int> offsets = stackalloc int[m];
            for (var j = 0; j < m; j++)
            {
                offsets[j] = j * 256 * K;
            }
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                var w = weights[row];
                var cls = classes[row];
                var baseIndex = row * columns;
                for (var j = 0; j < m; j++)
                {
                    hist[offsets[j] + data[baseIndex + selected[j]] * K + cls] += w;
                }
            }
            Span<long> leftCounts = stackalloc long[K];
            for (var j = 0; j < m; j++)
            {
                var f = selected[j];
                var h = hist.AsSpan(offsets[j], 256 * K);
                var binCount = bins.BinCount(f);
                leftCounts.Clear();
                long leftWeight = 0;
                for (var b = 0; b < binCount - 1; b++)
                {
                    long binWeight = 0;
                    for (var c = 0; c < K; c++)
                    {
                        leftCounts[c] += h[b * K + c];
                        binWeight += h[b * K + c];
                    }
                    if (binWeight == 0)
                    {
                        continue;
                    }
                    leftWeight += binWeight;
                    Consider(f, b, leftCounts, leftWeight, totals, weight, ref best, ref bestScore);
                }
                h[..(binCount * K)].Clear();
            }
        }

        private void ScanSorted(int start, int end, int f, ReadOnlySpan<long> totals, long weight,
            ref (int Feature, int Bin) best, ref double bestScore)
        {
            var count = end - start;
            var columns = bins.Columns;
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                sortKeys[i] = bins.Bins[row * columns + f] << 3 | classes[row];
                sortWeights[i] = weights[row];
            }
            sortKeys.AsSpan(0, count).Sort(sortWeights.AsSpan(0, count));
            Span<long> leftCounts = stackalloc long[K];
            long leftWeight = 0;
            for (var i = 0; i < count; i++)
            {
                leftCounts[sortKeys[i] & 7] += sortWeights[i];
                leftWeight += sortWeights[i];
                var bin = sortKeys[i] >> 3;
                if (i + 1 < count && sortKeys[i + 1] >> 3 != bin)
                {
                    Consider(f, bin, leftCounts, leftWeight, totals, weight, ref best, ref bestScore);
                }
            }
        }

        private void Consider(int f, int bin, ReadOnlySpan<long> leftCounts, long leftWeight, ReadOnlySpan<long> totals, long weight,
            ref (int Feature, int Bin) best, ref double bestScore)
        {
            var rightWeight = weight - leftWeight;
            if (leftWeight < options.MinLeaf || rightWeight < options.MinLeaf || rightWeight <= 0)
            {
                return;
            }
            double l2 = 0, r2 = 0;
            for (var c = 0; c < K; c++)
            {
                double l = leftCounts[c];
                double r = totals[c] - leftCounts[c];
                l2 += l * l;
                r2 += r * r;
            }
            var score = l2 / leftWeight + r2 / rightWeight;
            if (score > bestScore)
            {
                bestScore = score;
                best = (f, bin);
            }
        }

        private int Partition(int start, int end, int f, int bin)
        {
            var columns = bins.Columns;
            var data = bins.Bins;
            int i = start, j = end - 1;
            while (i <= j)
            {
                if (data[rows[i] * columns + f] <= bin)
                {
                    i++;
                }
                else
                {
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                    j--;
                }
            }
            return i;
        }
    }
}
