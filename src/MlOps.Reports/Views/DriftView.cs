namespace MlOps.Reports.Views;

/// <summary>
/// A run's drift report: the new year against each earlier year, per feature (population
/// stability index and Kolmogorov–Smirnov statistic), and every year's class mix.
/// </summary>
/// <param name="ClassMix">Share of each class (index class − 1) among the labelled pixels, by year.</param>
public sealed record DriftView(
    int Year,
    IReadOnlyList<FeatureDriftView> Features,
    IReadOnlyDictionary<int, double[]> ClassMix,
    double PsiThreshold,
    double KsThreshold)
{
    public IReadOnlyList<int> ReferenceYears => Features.Select(f => f.ReferenceYear).Distinct().Order().ToList();

    public IReadOnlyList<string> FeatureNames => Features.Select(f => f.Feature).Distinct().ToList();
}

public sealed record FeatureDriftView(string Feature, int ReferenceYear, double Psi, double Ks, bool Flagged);
