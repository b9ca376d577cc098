namespace MlOps.Learning.Data;

/// <summary>
/// Labelled per-pixel samples: a row-major float32 feature matrix with named columns and one
/// seabed class (1–5) per row. Immutable once built.
/// </summary>
public sealed class Dataset
{
    public const int ClassCount = 5;

    public Dataset(IReadOnlyList<string> featureNames, float[] features, int[] labels, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("a dataset needs at least one feature column.", nameof(featureNames));
        }
        if (features.Length != labels.Length * featureNames.Count)
        {
            throw new ArgumentException(
                $"{features.Length} feature values do not make {labels.Length} rows of {featureNames.Count} columns.", nameof(features));
        }
        FeatureNames = featureNames.ToArray();
        Features = features;
        Labels = labels;
        Source = source;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Row-major [Rows, Columns].</summary>
    public float[] Features { get; }

    /// <summary>Seabed class per row, 1–5.</summary>
    public int[] Labels { get; }

    /// <summary>Where the rows came from (a file or survey folder), for messages.</summary>
    public string? Source { get; }

    public int Rows => Labels.Length;

    public int Columns => FeatureNames.Count;

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Columns, Columns);

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < FeatureNames.Count; i++)
        {
            if (string.Equals(FeatureNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public Dataset Select(ReadOnlySpan<int> rows)
    {
        var features = new float[rows.Length * Columns];
        var labels = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Row(rows[i]).CopyTo(features.AsSpan(i * Columns, Columns));
            labels[i] = Labels[rows[i]];
        }
        return new Dataset(FeatureNames, features, labels, Source);
    }

    /// <summary>The same rows with their columns rearranged to <paramref name="names"/>.</summary>
    public Dataset WithColumns(IReadOnlyList<string> names)
    {
        var indices = new int[names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            indices[j] = ColumnIndex(names[j]);
            if (indices[j] < 0)
            {
                throw new DatasetFormatException(
                    $"{Source ?? "the data"}: column '{names[j]}' is missing (columns: {string.Join(", ", FeatureNames)})",
                    Source, line: null, column: names[j]);
            }
        }
        var features = new float[Rows * names.Count];
        for (var r = 0; r < Rows; r++)
        {
            var row = Row(r);
            for (var j = 0; j < indices.Length; j++)
            {
                features[r * names.Count + j] = row[indices[j]];
            }
        }
        return new Dataset(names, features, Labels, Source);
    }

    /// <summary>Rows of several datasets with the same columns, one after another.</summary>
    public static Dataset Concat(IReadOnlyList<Dataset> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to concatenate.", nameof(parts));
        }
        if (parts.Count == 1)
        {
            return parts[0];
        }
        var names = parts[0].FeatureNames;
        var aligned = parts.Select(p => p.FeatureNames.SequenceEqual(names) ? p : p.WithColumns(names)).ToArray();
        var features = new float[aligned.Sum(p => p.Features.Length)];
        var labels = new int[aligned.Sum(p => p.Rows)];
        int f = 0, l = 0;
        foreach (var part in aligned)
        {
            part.Features.CopyTo(features, f);
            part.Labels.CopyTo(labels, l);
            f += part.Features.Length;
            l += part.Rows;
        }
        return new Dataset(names, features, labels, string.Join(",", parts.Select(p => p.Source)));
    }
}
