using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Features;

/// <summary>Writes the labelled pixels of survey packages as one CSV, streaming row windows.</summary>
public static class FeatureExport
{
    /// <summary>
    /// One CSV row per labelled pixel of every package: the feature columns, then
    /// rff_sin_k/rff_cos_k when <see cref="FeatureExportOptions.EmbeddingDim"/> &gt; 0, then label.
    /// The positional features are computed on x and y standardized by the mean and standard
    /// deviation of the exported rows themselves (a first pass over the data). The CSV is written
    /// aside and moved into place when complete.
    /// </summary>
    public static FeatureExportResult WriteCsv(IReadOnlyList<SurveyPackage> packages, string path, FeatureExportOptions options, CancellationToken cancellationToken = default)
    {
        if (packages.Count == 0)
        {
            throw new ArgumentException("no survey packages to read.", nameof(packages));
        }
        RandomFourierFeatures? fourier = options.EmbeddingDim > 0
            ? new RandomFourierFeatures(options.EmbeddingDim, options.EmbeddingSigma, options.EmbeddingSeed)
            : null;
        CoordinateStandardization? standardization = null;
        if (fourier is not null)
        {
            standardization = CoordinateStandardization.Fit(Windows(packages, options.Features, cancellationToken));
        }
        var columns = FeatureColumns.For(options.Features.Terrain).ToList();
        if (fourier is not null)
        {
            for (var k = 0; k < fourier.Dimension; k++)
            {
                columns.Add(FeatureColumns.FourierSine(k));
                columns.Add(FeatureColumns.FourierCosine(k));
            }
        }
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        long rows;
        try
        {
            using (var writer = new StreamWriter(partial, append: false, new System.Text.UTF8Encoding(false), 1 << 20))
            using (var csv = new FeatureCsv(writer, columns))
            {
                foreach (var window in Windows(packages, options.Features, cancellationToken))
                {
                    csv.Write(fourier is null ? window : PositionalFeatures.Append(window, fourier, standardization!));
                }
                rows = csv.RowsWritten;
            }
            File.Move(partial, full, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        return new FeatureExportResult(full, rows, columns, standardization);
    }

    private static IEnumerable<FeatureTable> Windows(IReadOnlyList<SurveyPackage> packages, FeatureOptions options, CancellationToken cancellationToken)
    {
        foreach (var package in packages)
        {
            using var reader = SurveyFeatureReader.Open(package, options);
            foreach (var window in reader.ReadWindows(PixelSelection.Labelled))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return window;
            }
        }
    }
}
