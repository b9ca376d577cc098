namespace MlOps.Surveys.GeoTiff;

/// <summary>
/// The affine map from pixel space to map coordinates, in GDAL's order:
/// X = OriginX + col·PixelWidth + row·RowRotation, Y = OriginY + col·ColumnRotation + row·PixelHeight,
/// where (col, row) = (0, 0) is the top-left corner of the top-left pixel. PixelHeight is
/// negative for north-up rasters.
/// </summary>
public readonly record struct GeoTransform(
    double OriginX,
    double PixelWidth,
    double RowRotation,
    double OriginY,
    double ColumnRotation,
    double PixelHeight)
{
    public static GeoTransform NorthUp(double originX, double originY, double pixelSize) =>
        new(originX, pixelSize, 0, originY, 0, -pixelSize);

    public static GeoTransform FromArray(IReadOnlyList<double> values)
    {
        if (values.Count != 6)
        {
            throw new ArgumentException($"a geotransform has 6 numbers, got {values.Count}.", nameof(values));
        }
        return new GeoTransform(values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    public double[] ToArray() => [OriginX, PixelWidth, RowRotation, OriginY, ColumnRotation, PixelHeight];

    public bool IsNorthUp => RowRotation == 0 && ColumnRotation == 0;

    /// <summary>Map coordinates of the centre of pixel (row, column).</summary>
    public (double X, double Y) PixelCenter(int row, int column)
    {
        var c = column + 0.5;
        var r = row + 0.5;
        return (OriginX + c * PixelWidth + r * RowRotation, OriginY + c * ColumnRotation + r * PixelHeight);
    }

    /// <summary>True when every coefficient differs by at most <paramref name="relativeTolerance"/> of the pixel size.</summary>
    public bool ApproximatelyEquals(GeoTransform other, double relativeTolerance = 1e-6)
    {
        var scale = Math.Max(Math.Abs(PixelWidth), Math.Abs(PixelHeight));
        var tolerance = Math.Max(scale, 1e-12) * relativeTolerance;
        var a = ToArray();
        var b = other.ToArray();
        for (var i = 0; i < 6; i++)
        {
            if (!(Math.Abs(a[i] - b[i]) <= tolerance))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() =>
        string.Join(", ", ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
