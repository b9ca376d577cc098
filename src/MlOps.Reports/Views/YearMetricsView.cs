namespace MlOps.Reports.Views;

/// <summary>How one model scores on one year's labelled pixels.</summary>
/// <param name="Precision">Per class (index class − 1); may be empty when only headline numbers are known.</param>
/// <param name="Confusion">[true class − 1][predicted class − 1] pixel counts, when known.</param>
public sealed record YearMetricsView(
    int Year,
    long Rows,
    double Accuracy,
    double Kappa,
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<IReadOnlyList<long>>? Confusion);

/// <summary>One model's row of the model × year matrix.</summary>
public sealed record ModelYearsView(string Label, int? Version, IReadOnlyList<YearMetricsView> Years)
{
    public YearMetricsView? For(int year) => Years.FirstOrDefault(y => y.Year == year);
}
