namespace MlOps.Learning.Models;

/// <summary>
/// One binary decision tree in flat arrays. Node i is a split when <see cref="Feature"/>[i] ≥ 0:
/// rows with features[Feature[i]] ≤ Threshold[i] go to Left[i], others to Right[i]. A leaf has
/// Feature −1 and its values at LeafValues[Left[i] · ValuesPerLeaf …].
/// </summary>
public sealed class DecisionTree
{
    public DecisionTree(int[] feature, float[] threshold, int[] left, int[] right, float[] leafValues, int valuesPerLeaf)
    {
        if (threshold.Length != feature.Length || left.Length != feature.Length || right.Length != feature.Length)
        {
            throw new ArgumentException("node arrays must have the same length.");
        }
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        LeafValues = leafValues;
        ValuesPerLeaf = valuesPerLeaf;
        nodes = new PackedNode[feature.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new PackedNode(feature[i], threshold[i], left[i], right[i]);
        }
    }

    // One cache line holds four nodes: a traversal touches one line per level.
    private readonly record struct PackedNode(int Feature, float Threshold, int Left, int Right);

    private readonly PackedNode[] nodes;

    public int[] Feature { get; }

    public float[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public float[] LeafValues { get; }

    public int ValuesPerLeaf { get; }

    public int NodeCount => Feature.Length;

    public int LeafCount => LeafValues.Length / ValuesPerLeaf;

    /// <summary>The index of the leaf (into LeafValues / ValuesPerLeaf) that a row falls into.</summary>
    public int LeafOf(ReadOnlySpan<float> features)
    {
        var all = nodes;
        var node = all[0];
        while (node.Feature >= 0)
        {
            node = all[features[node.Feature] <= node.Threshold ? node.Left : node.Right];
        }
        return node.Left;
    }

    public int Depth()
    {
        var depth = new int[NodeCount];
        var max = 0;
        for (var i = 0; i < NodeCount; i++)
        {
            if (Feature[i] >= 0)
            {
                depth[Left[i]] = depth[i] + 1;
                depth[Right[i]] = depth[i] + 1;
                max = Math.Max(max, depth[i] + 1);
            }
        }
        return max;
    }
}
