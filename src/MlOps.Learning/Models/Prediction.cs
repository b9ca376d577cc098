namespace MlOps.Learning.Models;

/// <summary>Per-row predicted class (1–5) and class probabilities, row-major [rows, 5].</summary>
public sealed record Prediction(long[] Labels, float[] Probabilities)
{
    public int Rows => Labels.Length;

    public int[] LabelsAsInt() => Array.ConvertAll(Labels, l => (int)l);
}
