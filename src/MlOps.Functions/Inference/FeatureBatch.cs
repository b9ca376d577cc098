namespace MlOps.Functions.Inference;

/// <summary>
/// Rows of raw per-pixel inputs as a request sent them: row-major values and, when the request
/// named them, the column names (else the values are in the model's own column order).
/// </summary>
public sealed class FeatureBatch
{
    public FeatureBatch(float[] values, int rows, int columns, IReadOnlyList<string>? columnNames = null)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make {rows} rows of {columns}.", nameof(values));
        }
        if (columnNames is not null && columnNames.Count != columns)
        {
            throw new ArgumentException($"{columnNames.Count} column names for {columns} columns.", nameof(columnNames));
        }
        Values = values;
        Rows = rows;
        Columns = columns;
        ColumnNames = columnNames;
    }

    public float[] Values { get; }

    public int Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<string>? ColumnNames { get; }

    /// <summary>
    /// The values in <paramref name="modelColumns"/> order: the same array when the request's
    /// order already matches, a rearranged copy when it named the columns in another order.
    /// </summary>
    public float[] AlignTo(IReadOnlyList<string> modelColumns)
    {
        if (ColumnNames is null)
        {
            if (Columns != modelColumns.Count)
            {
                throw InferenceRequestException.BadRequest(
                    $"each row has {Columns} values; the model takes {modelColumns.Count} ({string.Join(", ", modelColumns)}). Send them in that order, or name them in \"columns\".");
            }
            return Values;
        }
        var missing = modelColumns.Where(c => !ColumnNames.Contains(c, StringComparer.Ordinal)).ToList();
        var extra = ColumnNames.Where(c => !modelColumns.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"missing {string.Join(", ", missing)}");
            }
            if (extra.Count > 0)
            {
                parts.Add($"unknown {string.Join(", ", extra)}");
            }
            throw InferenceRequestException.BadRequest($"\"columns\" does not match the model's inputs ({string.Join("; ", parts)}); the model takes {string.Join(", ", modelColumns)}.");
        }
        var source = modelColumns.Select(c => IndexOf(ColumnNames, c)).ToArray();
        if (source.Select((s, i) => s == i).All(same => same))
        {
            return Values;
        }
        var aligned = new float[Values.Length];
        for (var r = 0; r < Rows; r++)
        {
            var from = Values.AsSpan(r * Columns, Columns);
            var to = aligned.AsSpan(r * Columns, Columns);
            for (var j = 0; j < source.Length; j++)
            {
                to[j] = from[source[j]];
            }
        }
        return aligned;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
