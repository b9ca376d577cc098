namespace MlOps.Surveys.GeoTiff;

/// <summary>Minimum, maximum and mean of a band over its pixels that are not nodata (or NaN); null when there are none.</summary>
public sealed record BandStatistics(double? Min, double? Max, double? Mean, long ValidCount)
{
    /// <summary>Statistics of every band, reading the raster in row windows.</summary>
    public static IReadOnlyList<BandStatistics> Compute(GeoTiffReader reader, int windowRows = 256, CancellationToken cancellationToken = default)
    {
        var bands = reader.BandCount;
        var width = reader.Width;
        var min = Enumerable.Repeat(double.PositiveInfinity, bands).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, bands).ToArray();
        var sum = new double[bands];
        var count = new long[bands];
        var window = Math.Max(1, Math.Min(windowRows, reader.Height));
        var buffer = new double[(long)bands * window * width];
        for (var row = 0; row < reader.Height; row += window)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(window, reader.Height - row);
            reader.ReadRows(row, rows, buffer);
            for (var b = 0; b < bands; b++)
            {
                foreach (var value in buffer.AsSpan(b * rows * width, rows * width))
                {
                    if (reader.IsNoData(value))
                    {
                        continue;
                    }
                    min[b] = Math.Min(min[b], value);
                    max[b] = Math.Max(max[b], value);
                    sum[b] += value;
                    count[b]++;
                }
            }
        }
        return Enumerable.Range(0, bands)
            .Select(b => count[b] == 0
                ? new BandStatistics(null, null, null, 0)
                : new BandStatistics(min[b], max[b], sum[b] / count[b], count[b]))
            .ToList();
    }
}
