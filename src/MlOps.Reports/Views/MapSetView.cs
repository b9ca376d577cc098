namespace MlOps.Reports.Views;

/// <summary>
/// The three pictures of one model version on one survey year (predicted classes, ground truth,
/// disagreement) and where to get them; <see cref="Statistics"/> once the map has been rendered.
/// </summary>
public sealed record MapSetView(
    string Model,
    int Version,
    int Year,
    string PredictedUrl,
    string TruthUrl,
    string DisagreementUrl,
    MapStatistics? Statistics);

/// <summary>What a rendered map shows, in numbers.</summary>
/// <param name="ManifestVersion">The survey upload the map was computed from.</param>
/// <param name="Agreement">Share of labelled pixels where the prediction matches the ground truth.</param>
/// <param name="PredictedShare">Share of valid pixels predicted as each class (index class − 1).</param>
public sealed record MapStatistics(
    int Width,
    int Height,
    string ManifestVersion,
    long ValidPixels,
    long LabelledPixels,
    double? Agreement,
    IReadOnlyList<double> PredictedShare,
    DateTimeOffset RenderedAt);
