namespace MlOps.Learning.Models;

/// <summary>How a tree ensemble turns its trees' outputs into probabilities.</summary>
public enum TreeAggregation
{
    /// <summary>Random forest: each tree's leaf holds its share (1/trees) of a class distribution; the shares add up.</summary>
    Average,

    /// <summary>Boosted trees: tree t adds its leaf value to class t mod 5's score; probabilities are the softmax of the scores.</summary>
    SoftmaxSum,
}
