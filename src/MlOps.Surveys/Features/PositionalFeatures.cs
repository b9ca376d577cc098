namespace MlOps.Surveys.Features;

/// <summary>Appends random Fourier positional features to a table.</summary>
public static class PositionalFeatures
{
    /// <summary>
    /// A new table with the columns rff_sin_0, rff_cos_0, … rff_sin_{D-1}, rff_cos_{D-1} appended:
    /// <see cref="RandomFourierFeatures"/> applied to each row's (x, y) after standardizing them
    /// with <paramref name="standardization"/>.
    /// </summary>
    public static FeatureTable Append(FeatureTable table, RandomFourierFeatures features, CoordinateStandardization standardization)
    {
        var extra = features.OutputColumns;
        var names = new string[table.ColumnCount + extra];
        table.ColumnNames.CopyTo(names, 0);
        for (var k = 0; k < features.Dimension; k++)
        {
            names[table.ColumnCount + 2 * k] = FeatureColumns.FourierSine(k);
            names[table.ColumnCount + 2 * k + 1] = FeatureColumns.FourierCosine(k);
        }
        var x = table.ColumnIndex(FeatureColumns.X);
        var y = table.ColumnIndex(FeatureColumns.Y);
        var columns = names.Length;
        var values = new float[(long)table.RowCount * columns];
        Parallel.For(0, table.RowCount, row =>
        {
            var source = table.Row(row);
            var target = values.AsSpan(row * columns, columns);
            source.CopyTo(target);
            var (u, v) = standardization.Apply(source[x], source[y]);
            features.Transform(u, v, target[table.ColumnCount..]);
        });
        return new FeatureTable(names, values, table.Labels, table.PixelRows, table.PixelColumns, table.Years);
    }
}
