namespace MlOps.Surveys.Features;

/// <summary>Mean and standard deviation of the x and y columns, to standardize map coordinates before positional features.</summary>
public sealed record CoordinateStandardization(double MeanX, double StdDevX, double MeanY, double StdDevY)
{
    /// <summary>Population mean and standard deviation of the table's own x and y (a zero deviation becomes 1).</summary>
    public static CoordinateStandardization Fit(FeatureTable table) => Fit([table]);

    /// <summary>The same over several tables (e.g. row windows streamed from surveys), without holding them together.</summary>
    public static CoordinateStandardization Fit(IEnumerable<FeatureTable> tables)
    {
        var x = new RunningMoments();
        var y = new RunningMoments();
        foreach (var table in tables)
        {
            var columns = table.ColumnCount;
            var xi = table.ColumnIndex(FeatureColumns.X);
            var yi = table.ColumnIndex(FeatureColumns.Y);
            for (var i = 0; i < table.RowCount; i++)
            {
                x.Add(table.Values[(long)i * columns + xi]);
                y.Add(table.Values[(long)i * columns + yi]);
            }
        }
        if (x.Count == 0)
        {
            throw new ArgumentException("no rows: there are no coordinates to standardize.", nameof(tables));
        }
        return new CoordinateStandardization(x.Mean, x.StdDev, y.Mean, y.StdDev);
    }

    public (double U, double V) Apply(double x, double y) => ((x - MeanX) / StdDevX, (y - MeanY) / StdDevY);

    /// <summary>Welford's running mean and variance.</summary>
    private sealed class RunningMoments
    {
        private double m2;

        public long Count { get; private set; }

        public double Mean { get; private set; }

        public double StdDev => Count > 0 && m2 > 0 ? Math.Sqrt(m2 / Count) : 1;

        public void Add(double value)
        {
            Count++;
            var delta = value - Mean;
            Mean += delta / Count;
            m2 += delta * (value - Mean);
        }
    }
}
