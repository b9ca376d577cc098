namespace MlOps.Learning.Models;

/// <summary>
/// A random forest or gradient-boosted ensemble. Leaf values are multiples of a power of two
/// small enough that every partial sum is exact in float32, so the scores do not depend on the
/// order trees are added in (here, across threads, or inside ONNX Runtime).
/// </summary>
public sealed class TreeEnsembleClassifier : Classifier
{
    public TreeEnsembleClassifier(TreeAggregation aggregation, IReadOnlyList<DecisionTree> trees, float[] baseScores, int featureCount)
    {
        if (baseScores.Length != ClassCount)
        {
            throw new ArgumentException($"need {ClassCount} base scores.", nameof(baseScores));
        }
        Aggregation = aggregation;
        Trees = trees.ToArray();
        BaseScores = baseScores;
        FeatureCount = featureCount;
    }

    public TreeAggregation Aggregation { get; }

    public IReadOnlyList<DecisionTree> Trees { get; }

    /// <summary>Starting scores per class (zero for forests).</summary>
    public float[] BaseScores { get; }

    public override int FeatureCount { get; }

    /// <summary>The class a tree's values feed (boosted trees), or −1 when every leaf holds all 5 (forests).</summary>
    public int TreeClass(int tree) => Aggregation == TreeAggregation.SoftmaxSum ? tree % ClassCount : -1;

    // Tree by tree over a block of rows, so each tree's upper levels stay in cache. The sums are
    // exact (see the class summary), so this order gives the same scores as PredictRow.
    protected override void PredictBlock(float[] features, int start, int count, long[] labels, float[] probabilities)
    {
        const int block = 256;
        var scores = new float[block * ClassCount];
        for (var from = start; from < start + count; from += block)
        {
            var n = Math.Min(block, start + count - from);
            for (var i = 0; i < n; i++)
            {
                BaseScores.CopyTo(scores, i * ClassCount);
            }
            for (var t = 0; t < Trees.Count; t++)
            {
                var tree = Trees[t];
                var values = tree.LeafValues;
                var cls = TreeClass(t);
                for (var i = 0; i < n; i++)
                {
                    var leaf = tree.LeafOf(features.AsSpan((from + i) * FeatureCount, FeatureCount));
                    if (cls >= 0)
                    {
                        scores[i * ClassCount + cls] += values[leaf];
                    }
                    else
                    {
                        for (var c = 0; c < ClassCount; c++)
                        {
                            scores[i * ClassCount + c] += values[leaf * ClassCount + c];
                        }
                    }
                }
            }
            for (var i = 0; i < n; i++)
            {
                var rowScores = scores.AsSpan(i * ClassCount, ClassCount);
                var output = probabilities.AsSpan((from + i) * ClassCount, ClassCount);
                if (Aggregation == TreeAggregation.Average)
                {
                    rowScores.CopyTo(output);
                }
                else
                {
                    Softmax(rowScores, output);
                }
                labels[from + i] = ArgMax(rowScores) + 1;
            }
        }
    }

    public override int PredictRow(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        Span<float> scores = stackalloc float[ClassCount];
        BaseScores.CopyTo(scores);
        if (Aggregation == TreeAggregation.Average)
        {
            for (var t = 0; t < Trees.Count; t++)
            {
                var tree = Trees[t];
                var values = tree.LeafValues.AsSpan(tree.LeafOf(features) * ClassCount, ClassCount);
                for (var c = 0; c < ClassCount; c++)
                {
                    scores[c] += values[c];
                }
            }
            scores.CopyTo(probabilities);
            return ArgMax(scores);
        }
        for (var t = 0; t < Trees.Count; t++)
        {
            var tree = Trees[t];
            scores[t % ClassCount] += tree.LeafValues[tree.LeafOf(features)];
        }
        Softmax(scores, probabilities);
        return ArgMax(scores);
    }
}
