using MlOps.Surveys.Features;
using MlOps.Surveys.Packages;

namespace MlOps.Learning.Data;

/// <summary>
/// Loads labelled rows from what the command line and trial specs name: CSV files, survey
/// package folders (surveys/{site}/{year}/) whose labelled pixels become rows with the raw
/// per-pixel columns, or a site folder (surveys/{site}/) meaning all of its years. Several
/// sources are concatenated; their columns must match by name.
/// </summary>
public static class DataSources
{
    /// <summary>Loads a comma-separated list of CSV files and/or survey package folders.</summary>
    public static Dataset Load(string sources, FeatureOptions? surveyFeatures = null, CancellationToken cancellationToken = default) =>
        Load(sources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), surveyFeatures, cancellationToken);

    public static Dataset Load(IReadOnlyList<string> sources, FeatureOptions? surveyFeatures = null, CancellationToken cancellationToken = default)
    {
        if (sources.Count == 0)
        {
            throw new DatasetFormatException("no data given: name a CSV file or survey package folders.", null, null, null);
        }
        var parts = new List<Dataset>();
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Directory.Exists(source))
            {
                parts.Add(CsvDataset.Read(source));
            }
            else if (SurveyPackage.IsPackageDirectory(source))
            {
                parts.Add(FromSurvey(source, surveyFeatures, cancellationToken));
            }
            else
            {
                var years = Directory.EnumerateDirectories(source).Where(SurveyPackage.IsPackageDirectory).Order(StringComparer.Ordinal).ToList();
                if (years.Count == 0)
                {
                    throw new DatasetFormatException(
                        $"{source}: neither a survey package (no {SurveyPackage.ManifestFile}) nor a site folder with yearly packages.", source, null, null);
                }
                parts.AddRange(years.Select(year => FromSurvey(year, surveyFeatures, cancellationToken)));
            }
        }
        return Dataset.Concat(parts);
    }

    /// <summary>The labelled pixels of one survey package.</summary>
    public static Dataset FromSurvey(string packageDirectory, FeatureOptions? options = null, CancellationToken cancellationToken = default)
    {
        FeatureTable table;
        try
        {
            table = TrainingData.LoadLabelled([packageDirectory], options, cancellationToken: cancellationToken);
        }
        catch (SurveyPackageException e)
        {
            throw new DatasetFormatException($"{packageDirectory}: not a usable survey package: {e.Message}", packageDirectory, null, null);
        }
        if (table.RowCount == 0)
        {
            throw new DatasetFormatException($"{packageDirectory}: the survey has no labelled pixels (no ground truth, or all of it nodata).", packageDirectory, null, null);
        }
        return FromFeatureTable(table, packageDirectory);
    }

    /// <summary>The labelled rows (classes 1–5) of a feature table.</summary>
    public static Dataset FromFeatureTable(FeatureTable table, string? source = null)
    {
        var keep = new List<int>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            if (table.Labels[r] is >= 1 and <= Dataset.ClassCount)
            {
                keep.Add(r);
            }
        }
        var columns = table.ColumnCount;
        var features = new float[keep.Count * columns];
        var labels = new int[keep.Count];
        for (var i = 0; i < keep.Count; i++)
        {
            table.Row(keep[i]).CopyTo(features.AsSpan(i * columns, columns));
            labels[i] = table.Labels[keep[i]];
        }
        return new Dataset(table.ColumnNames, features, labels, source);
    }
}
