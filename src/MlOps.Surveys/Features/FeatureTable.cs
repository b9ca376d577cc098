namespace MlOps.Surveys.Features;

/// <summary>
/// Feature rows of survey pixels: <see cref="Values"/> is row-major (RowCount × ColumnCount)
/// float32, <see cref="Labels"/> the class per row (1–5, or 0 for an unlabelled pixel), and for
/// each row the pixel it came from (<see cref="PixelRows"/>, <see cref="PixelColumns"/>) and the
/// survey year, so rows can be grouped into spatial blocks or years.
/// </summary>
public sealed class FeatureTable
{
    public FeatureTable(string[] columnNames, float[] values, byte[] labels, int[] pixelRows, int[] pixelColumns, int[] years)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        var rows = labels.Length;
        if (values.Length != (long)rows * columnNames.Length || pixelRows.Length != rows || pixelColumns.Length != rows || years.Length != rows)
        {
            throw new ArgumentException($"inconsistent table: {rows} labels, {values.Length} values for {columnNames.Length} columns, {pixelRows.Length}/{pixelColumns.Length}/{years.Length} pixel rows/columns/years.");
        }
        ColumnNames = columnNames;
        Values = values;
        Labels = labels;
        PixelRows = pixelRows;
        PixelColumns = pixelColumns;
        Years = years;
    }

    public string[] ColumnNames { get; }

    public float[] Values { get; }

    public byte[] Labels { get; }

    public int[] PixelRows { get; }

    public int[] PixelColumns { get; }

    public int[] Years { get; }

    public int RowCount => Labels.Length;

    public int ColumnCount => ColumnNames.Length;

    public static FeatureTable Empty(string[] columnNames) => new(columnNames, [], [], [], [], []);

    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * ColumnCount, ColumnCount);

    public int ColumnIndex(string name)
    {
        var index = Array.IndexOf(ColumnNames, name);
        return index >= 0 ? index : throw new KeyNotFoundException($"no column \"{name}\" (columns: {string.Join(", ", ColumnNames)}).");
    }

    /// <summary>The rows at the given indices, in that order.</summary>
    public FeatureTable Select(IReadOnlyList<int> rows)
    {
        var columns = ColumnCount;
        var values = new float[(long)rows.Count * columns];
        var labels = new byte[rows.Count];
        var pixelRows = new int[rows.Count];
        var pixelColumns = new int[rows.Count];
        var years = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            Values.AsSpan(r * columns, columns).CopyTo(values.AsSpan(i * columns));
            labels[i] = Labels[r];
            pixelRows[i] = PixelRows[r];
            pixelColumns[i] = PixelColumns[r];
            years[i] = Years[r];
        }
        return new FeatureTable(ColumnNames, values, labels, pixelRows, pixelColumns, years);
    }

    /// <summary>Rows of all tables, in order; the tables must share their columns.</summary>
    public static FeatureTable Concat(IReadOnlyList<FeatureTable> tables)
    {
        if (tables.Count == 0)
        {
            throw new ArgumentException("no tables to concatenate.", nameof(tables));
        }
        if (tables.Count == 1)
        {
            return tables[0];
        }
        var columns = tables[0].ColumnNames;
        foreach (var table in tables)
        {
            if (!table.ColumnNames.SequenceEqual(columns))
            {
                throw new ArgumentException($"tables with different columns: [{string.Join(", ", columns)}] and [{string.Join(", ", table.ColumnNames)}].");
            }
        }
        var rows = tables.Sum(t => (long)t.RowCount);
        var values = new float[rows * columns.Length];
        var labels = new byte[rows];
        var pixelRows = new int[rows];
        var pixelColumns = new int[rows];
        var years = new int[rows];
        var at = 0;
        foreach (var table in tables)
        {
            table.Values.CopyTo(values, (long)at * columns.Length);
            table.Labels.CopyTo(labels, at);
            table.PixelRows.CopyTo(pixelRows, at);
            table.PixelColumns.CopyTo(pixelColumns, at);
            table.Years.CopyTo(years, at);
            at += table.RowCount;
        }
        return new FeatureTable(columns, values, labels, pixelRows, pixelColumns, years);
    }

    /// <summary>
    /// The spatial block of each row: pixels in the same <paramref name="blockSize"/> × blockSize
    /// square share an id, whatever their year (so one place never lands on both sides of a split).
    /// </summary>
    public long[] BlockIds(int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var ids = new long[RowCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = ((long)(PixelRows[i] / blockSize) << 32) | (uint)(PixelColumns[i] / blockSize);
        }
        return ids;
    }
}
