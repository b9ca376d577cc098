namespace MlOps.Reports.Views;

/// <summary>
/// The three pictures of one model version on one survey year (predicted classes, ground truth,
/// disagreement), where to get them, and what they show in numbers.
/// </summary>
/// <param name="Agreement">Share of labelled pixels where the prediction matches the ground truth.</param>
/// <param name="PredictedShare">Share of valid pixels predicted as each class (index class − 1).</param>
public sealed record MapSetView(
    string Model,
    int Version,
    int Year,
    int Width,
    int Height,
    string PredictedUrl,
    string TruthUrl,
    string DisagreementUrl,
    long ValidPixels,
    long LabelledPixels,
    double? Agreement,
    IReadOnlyList<double> PredictedShare);
