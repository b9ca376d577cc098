namespace MlOps.Surveys.Features;

/// <summary>
/// Names and order of the per-pixel feature columns. The raw columns always come first, in this
/// order: backscatter_low, backscatter_mid, backscatter_high (dB), depth (m, positive down),
/// x, y (map coordinates of the pixel centre in the survey CRS). Optional terrain columns follow
/// (see <see cref="TerrainFeatures"/>), then, when asked for, random Fourier features
/// rff_sin_k / rff_cos_k.
/// </summary>
public static class FeatureColumns
{
    public const string BackscatterLow = "backscatter_low";
    public const string BackscatterMid = "backscatter_mid";
    public const string BackscatterHigh = "backscatter_high";
    public const string Depth = "depth";
    public const string X = "x";
    public const string Y = "y";
    public const string Slope = "slope";
    public const string Rugosity = "rugosity";
    public const string Label = "label";

    public static IReadOnlyList<string> Backscatter { get; } = [BackscatterLow, BackscatterMid, BackscatterHigh];

    public static IReadOnlyList<string> Raw { get; } = [BackscatterLow, BackscatterMid, BackscatterHigh, Depth, X, Y];

    /// <summary>Mean of a backscatter band over the 5×5 neighbourhood, e.g. backscatter_low_mean_5x5.</summary>
    public static string BackscatterMean(string band) => band + "_mean_5x5";

    /// <summary>Standard deviation of a backscatter band over the 5×5 neighbourhood, e.g. backscatter_low_std_5x5.</summary>
    public static string BackscatterStdDev(string band) => band + "_std_5x5";

    public static string FourierSine(int k) => $"rff_sin_{k}";

    public static string FourierCosine(int k) => $"rff_cos_{k}";

    /// <summary>The columns produced for these terrain features, in order.</summary>
    public static string[] For(TerrainFeatures terrain)
    {
        var names = new List<string>(Raw);
        if (terrain.HasFlag(TerrainFeatures.Slope))
        {
            names.Add(Slope);
        }
        if (terrain.HasFlag(TerrainFeatures.Rugosity))
        {
            names.Add(Rugosity);
        }
        if (terrain.HasFlag(TerrainFeatures.BackscatterMean))
        {
            names.AddRange(Backscatter.Select(BackscatterMean));
        }
        if (terrain.HasFlag(TerrainFeatures.BackscatterStdDev))
        {
            names.AddRange(Backscatter.Select(BackscatterStdDev));
        }
        return names.ToArray();
    }
}
