namespace MlOps.Surveys.Features;

/// <summary>Optional derived columns, computed from neighbouring pixels (nodata neighbours are left out).</summary>
[Flags]
public enum TerrainFeatures
{
    None = 0,

    /// <summary>slope: seabed slope in degrees (Horn's 3×3 method on depth; missing neighbours extrapolated through the centre).</summary>
    Slope = 1,

    /// <summary>rugosity: standard deviation of depth over the 3×3 neighbourhood, in metres.</summary>
    Rugosity = 2,

    /// <summary>backscatter_{band}_mean_5x5: mean of each band over the 5×5 neighbourhood (dB).</summary>
    BackscatterMean = 4,

    /// <summary>backscatter_{band}_std_5x5: standard deviation of each band over the 5×5 neighbourhood (dB).</summary>
    BackscatterStdDev = 8,

    All = Slope | Rugosity | BackscatterMean | BackscatterStdDev,
}
