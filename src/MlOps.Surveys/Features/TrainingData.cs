using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Features;

/// <summary>Labelled feature rows over several yearly packages: the expanding window a retrained model learns from.</summary>
public static class TrainingData
{
    /// <summary>
    /// The labelled pixels of every package, concatenated in the order given, each row tagged
    /// with its survey year. With <paramref name="maxRowsPerSurvey"/>, each survey keeps about
    /// that many rows, chosen by a deterministic hash of <paramref name="seed"/> and position.
    /// </summary>
    public static FeatureTable LoadLabelled(
        IEnumerable<SurveyPackage> packages,
        FeatureOptions? options = null,
        int? maxRowsPerSurvey = null,
        int seed = 0,
        CancellationToken cancellationToken = default)
    {
        options ??= FeatureOptions.Raw;
        var tables = new List<FeatureTable>();
        foreach (var package in packages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var reader = SurveyFeatureReader.Open(package, options);
            var fraction = 1.0;
            if (maxRowsPerSurvey is { } max)
            {
                var labels = reader.CountLabels();
                fraction = labels <= max ? 1 : (double)max / labels;
            }
            foreach (var window in reader.ReadWindows(PixelSelection.Labelled, fraction, seed))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (window.RowCount > 0)
                {
                    tables.Add(window);
                }
            }
        }
        return tables.Count == 0 ? FeatureTable.Empty(FeatureColumns.For(options.Terrain)) : FeatureTable.Concat(tables);
    }

    /// <inheritdoc cref="LoadLabelled(IEnumerable{SurveyPackage}, FeatureOptions?, int?, int, CancellationToken)"/>
    public static FeatureTable LoadLabelled(
        IEnumerable<string> packageDirectories,
        FeatureOptions? options = null,
        int? maxRowsPerSurvey = null,
        int seed = 0,
        CancellationToken cancellationToken = default) =>
        LoadLabelled(packageDirectories.Select(SurveyPackage.Open), options, maxRowsPerSurvey, seed, cancellationToken);

    /// <summary>The labelled pixels of every year of a site up to and including <paramref name="throughYear"/>.</summary>
    public static FeatureTable LoadExpandingWindow(
        SurveyCatalog catalog,
        int throughYear,
        FeatureOptions? options = null,
        int? maxRowsPerSurvey = null,
        int seed = 0,
        CancellationToken cancellationToken = default) =>
        LoadLabelled(catalog.ExpandingWindow(throughYear), options, maxRowsPerSurvey, seed, cancellationToken);
}
