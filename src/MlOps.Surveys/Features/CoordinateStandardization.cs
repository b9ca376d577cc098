namespace MlOps.Surveys.Features;

/// <summary>Mean and standard deviation of the x and y columns, to standardize map coordinates before positional features.</summary>
public sealed record CoordinateStandardization(double MeanX, double StdDevX, double MeanY, double StdDevY)
{
    /// <summary>Population mean and standard deviation of the table's own x and y (a zero deviation becomes 1).</summary>
    public static CoordinateStandardization Fit(FeatureTable table)
    {
        if (table.RowCount == 0)
        {
            throw new ArgumentException("an empty table has no coordinates to standardize.", nameof(table));
        }
        var (meanX, sdX) = MeanAndStdDev(table, table.ColumnIndex(FeatureColumns.X));
        var (meanY, sdY) = MeanAndStdDev(table, table.ColumnIndex(FeatureColumns.Y));
        return new CoordinateStandardization(meanX, sdX, meanY, sdY);
    }

    public (double U, double V) Apply(double x, double y) => ((x - MeanX) / StdDevX, (y - MeanY) / StdDevY);

    private static (double Mean, double StdDev) MeanAndStdDev(FeatureTable table, int column)
    {
        double mean = 0, m2 = 0;
        var columns = table.ColumnCount;
        for (var i = 0; i < table.RowCount; i++)
        {
            double value = table.Values[(long)i * columns + column];
            var delta = value - mean;
            mean += delta / (i + 1);
            m2 += delta * (value - mean);
        }
        var sd = Math.Sqrt(m2 / table.RowCount);
        return (mean, sd > 0 ? sd : 1);
    }
}
