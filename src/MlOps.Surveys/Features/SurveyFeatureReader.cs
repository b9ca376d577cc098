using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;
using MlOps.Surveys.Synthesis;

namespace MlOps.Surveys.Features;

/// <summary>
/// Turns a survey package into feature rows, one raster row window at a time, so a large survey
/// never has to be in memory at once: <see cref="ReadWindows"/> streams the labelled pixels (for
/// training) or every valid pixel (for predicting a map). A pixel is valid when its three
/// backscatter bands and its depth are not nodata. Columns are <see cref="ColumnNames"/>; no
/// scaling is applied (trainers standardize, and add positional features, themselves).
/// Not thread-safe: one reader per thread.
/// </summary>
public sealed class SurveyFeatureReader : IDisposable
{
    private readonly GeoTiffReader backscatter;
    private readonly GeoTiffReader bathymetry;
    private readonly GeoTiffReader? groundTruth;
    private readonly FeatureOptions options;
    private readonly int halo;
    private readonly double pixelSizeX;
    private readonly double pixelSizeY;
    private float[] bandBuffer = [];
    private float[] depthBuffer = [];
    private float[] labelBuffer = [];

    private SurveyFeatureReader(SurveyPackage package, FeatureOptions options, GeoTiffReaderOptions? readerOptions)
    {
        Package = package;
        this.options = options;
        if (options.WindowRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WindowRows, "WindowRows must be at least 1.");
        }
        ColumnNames = FeatureColumns.For(options.Terrain);
        halo = options.Terrain.HasFlag(TerrainFeatures.BackscatterMean) || options.Terrain.HasFlag(TerrainFeatures.BackscatterStdDev) ? 2
            : options.Terrain != TerrainFeatures.None ? 1 : 0;
        var opened = new List<GeoTiffReader>();
        try
        {
            backscatter = package.OpenBackscatter(readerOptions);
            opened.Add(backscatter);
            bathymetry = package.OpenBathymetry(readerOptions);
            opened.Add(bathymetry);
            groundTruth = package.OpenGroundTruth(readerOptions);
            if (groundTruth is not null)
            {
                opened.Add(groundTruth);
            }
            CheckConsistent();
        }
        catch
        {
            opened.ForEach(r => r.Dispose());
            throw;
        }
        GeoTransform = backscatter.GeoTransform!.Value;
        pixelSizeX = Math.Sqrt(GeoTransform.PixelWidth * GeoTransform.PixelWidth + GeoTransform.ColumnRotation * GeoTransform.ColumnRotation);
        pixelSizeY = Math.Sqrt(GeoTransform.RowRotation * GeoTransform.RowRotation + GeoTransform.PixelHeight * GeoTransform.PixelHeight);
    }

    public SurveyPackage Package { get; }

    public int Year => Package.Year;

    public int Width => backscatter.Width;

    public int Height => backscatter.Height;

    public GeoTransform GeoTransform { get; }

    /// <summary>EPSG code of the survey's CRS (from the backscatter raster), for writing a predicted map.</summary>
    public int? Epsg => backscatter.Epsg;

    public bool HasGroundTruth => groundTruth is not null;

    public string[] ColumnNames { get; }

    public static SurveyFeatureReader Open(string packageDirectory, FeatureOptions? options = null, GeoTiffReaderOptions? readerOptions = null) =>
        Open(SurveyPackage.Open(packageDirectory), options, readerOptions);

    public static SurveyFeatureReader Open(SurveyPackage package, FeatureOptions? options = null, GeoTiffReaderOptions? readerOptions = null) =>
        new(package, options ?? FeatureOptions.Raw, readerOptions);

    /// <summary>Feature rows window by window (<see cref="FeatureOptions.WindowRows"/> raster rows each), top to bottom.</summary>
    /// <param name="keepFraction">Keep each selected pixel with this probability (a deterministic hash of seed and position), for subsampling.</param>
    public IEnumerable<FeatureTable> ReadWindows(PixelSelection selection, double keepFraction = 1, int seed = 0)
    {
        for (var row = 0; row < Height; row += options.WindowRows)
        {
            yield return ReadWindow(row, Math.Min(options.WindowRows, Height - row), selection, keepFraction, seed);
        }
    }

    /// <summary>All labelled pixels of the survey in one table.</summary>
    public FeatureTable ReadLabelled(double keepFraction = 1, int seed = 0)
    {
        RequireGroundTruth();
        var windows = ReadWindows(PixelSelection.Labelled, keepFraction, seed).Where(w => w.RowCount > 0).ToList();
        return windows.Count == 0 ? FeatureTable.Empty(ColumnNames) : FeatureTable.Concat(windows);
    }

    /// <summary>Pixels with a class 1–5 in the ground truth (whether or not their backscatter is valid).</summary>
    public long CountLabels()
    {
        RequireGroundTruth();
        long count = 0;
        var window = options.WindowRows;
        var buffer = new float[(long)window * Width];
        for (var row = 0; row < Height; row += window)
        {
            var rows = Math.Min(window, Height - row);
            groundTruth!.ReadBandRows(0, row, rows, buffer);
            for (var i = 0; i < rows * Width; i++)
            {
                if (LabelOf(buffer[i], row + i / Width, i % Width) != 0)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>Feature rows for the selected pixels of raster rows [firstRow, firstRow + rowCount).</summary>
    public FeatureTable ReadWindow(int firstRow, int rowCount, PixelSelection selection, double keepFraction = 1, int seed = 0)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow > Height - rowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + rowCount}) are outside [0, {Height}).");
        }
        if (selection == PixelSelection.Labelled)
        {
            RequireGroundTruth();
        }
        var width = Width;
        var top = Math.Max(0, firstRow - halo);
        var bottom = Math.Min(Height, firstRow + rowCount + halo);
        var span = bottom - top;
        var plane = span * width;
        Ensure(ref bandBuffer, 3L * plane);
        Ensure(ref depthBuffer, plane);
        Ensure(ref labelBuffer, (long)rowCount * width);
        ReadRasters(top, span, firstRow, rowCount);
        MarkInvalidAsNaN(plane);

        var bands = bandBuffer;
        var depth = depthBuffer;
        var labels = labelBuffer;
        var hasLabels = groundTruth is not null;
        var keepAll = keepFraction >= 1;
        var keepThreshold = (ulong)(Math.Clamp(keepFraction, 0, 1) * ulong.MaxValue);
        var sampleSeed = DeterministicNoise.Mix((ulong)(uint)seed ^ 0x5A3B1E);
        var selected = new bool[rowCount * width];
        var perRow = new int[rowCount];
        ParallelRows(rowCount, r =>
        {
            var row = firstRow + r;
            var count = 0;
            for (var c = 0; c < width; c++)
            {
                var at = (row - top) * width + c;
                if (float.IsNaN(depth[at]))
                {
                    continue;
                }
                var label = hasLabels ? LabelOf(labels[r * width + c], row, c) : (byte)0;
                if (selection == PixelSelection.Labelled && label == 0)
                {
                    continue;
                }
                if (!keepAll && DeterministicNoise.Hash(sampleSeed, (ulong)row, (ulong)c) > keepThreshold)
                {
                    continue;
                }
                selected[r * width + c] = true;
                count++;
            }
            perRow[r] = count;
        });
        var starts = new int[rowCount + 1];
        for (var r = 0; r < rowCount; r++)
        {
            starts[r + 1] = starts[r] + perRow[r];
        }
        var total = starts[rowCount];
        var columns = ColumnNames.Length;
        var values = new float[(long)total * columns];
        var outLabels = new byte[total];
        var pixelRows = new int[total];
        var pixelColumns = new int[total];
        var years = new int[total];
        Array.Fill(years, Year);
        ParallelRows(rowCount, r =>
        {
            var row = firstRow + r;
            var o = starts[r];
            for (var c = 0; c < width; c++)
            {
                if (!selected[r * width + c])
                {
                    continue;
                }
                var at = (row - top) * width + c;
                var v = values.AsSpan(o * columns, columns);
                v[0] = bands[at];
                v[1] = bands[plane + at];
                v[2] = bands[2 * plane + at];
                v[3] = depth[at];
                var (x, y) = GeoTransform.PixelCenter(row, c);
                v[4] = (float)x;
                v[5] = (float)y;
                var k = 6;
                if (options.Terrain.HasFlag(TerrainFeatures.Slope))
                {
                    v[k++] = (float)Slope(depth, top, bottom, row, c);
                }
                if (options.Terrain.HasFlag(TerrainFeatures.Rugosity))
                {
                    v[k++] = (float)Neighbourhood(depth, 0, top, bottom, row, c, 1).StdDev;
                }
                if (options.Terrain.HasFlag(TerrainFeatures.BackscatterMean))
                {
                    for (var b = 0; b < 3; b++)
                    {
                        v[k++] = (float)Neighbourhood(bands, b * plane, top, bottom, row, c, 2).Mean;
                    }
                }
                if (options.Terrain.HasFlag(TerrainFeatures.BackscatterStdDev))
                {
                    for (var b = 0; b < 3; b++)
                    {
                        v[k++] = (float)Neighbourhood(bands, b * plane, top, bottom, row, c, 2).StdDev;
                    }
                }
                outLabels[o] = hasLabels ? LabelOf(labels[r * width + c], row, c) : (byte)0;
                pixelRows[o] = row;
                pixelColumns[o] = c;
                o++;
            }
        });
        return new FeatureTable(ColumnNames, values, outLabels, pixelRows, pixelColumns, years);
    }

    public void Dispose()
    {
        backscatter.Dispose();
        bathymetry.Dispose();
        groundTruth?.Dispose();
    }

    private void ReadRasters(int top, int span, int firstRow, int rowCount)
    {
        try
        {
            backscatter.ReadRows(top, span, bandBuffer);
            bathymetry.ReadBandRows(0, top, span, depthBuffer);
            groundTruth?.ReadBandRows(0, firstRow, rowCount, labelBuffer);
        }
        catch (GeoTiffException e)
        {
            throw new SurveyPackageException([new SurveyValidationError(Path.GetFileName(e.FilePath ?? "?"), e.Message)]);
        }
    }

    /// <summary>Sets every band and the depth of an invalid pixel to NaN, so neighbourhood statistics can skip it.</summary>
    private void MarkInvalidAsNaN(int plane)
    {
        var bands = bandBuffer;
        var depth = depthBuffer;
        var bs = backscatter;
        var bathy = bathymetry;
        for (var i = 0; i < plane; i++)
        {
            if (bs.IsNoData(bands[i]) || bs.IsNoData(bands[plane + i]) || bs.IsNoData(bands[2 * plane + i]) || bathy.IsNoData(depth[i])
                || !float.IsFinite(bands[i]) || !float.IsFinite(bands[plane + i]) || !float.IsFinite(bands[2 * plane + i]) || !float.IsFinite(depth[i]))
            {
                bands[i] = bands[plane + i] = bands[2 * plane + i] = depth[i] = float.NaN;
            }
        }
    }

    private byte LabelOf(float value, int row, int column)
    {
        if (value == 0 || groundTruth!.IsNoData(value))
        {
            return 0;
        }
        if (value is >= 1 and <= SeabedClasses.Count && value == MathF.Floor(value))
        {
            return (byte)value;
        }
        throw new SurveyPackageException([new SurveyValidationError(SurveyPackage.GroundTruthFile,
            $"class code {value} at row {row}, column {column} is outside 1–5.")]);
    }

    /// <summary>
    /// Horn's slope in degrees. A missing neighbour (edge or nodata) is extrapolated from the
    /// opposite one through the centre (or, at a corner, from its two sides), so a plane keeps its
    /// slope up to the edges; with no way to extrapolate it takes the centre's depth.
    /// </summary>
    private double Slope(float[] depth, int top, int bottom, int row, int column)
    {
        var centre = (double)depth[(row - top) * Width + column];
        double Raw(int dr, int dc)
        {
            var r = row + dr;
            var c = column + dc;
            return r < top || r >= bottom || c < 0 || c >= Width ? double.NaN : depth[(r - top) * Width + c];
        }
        double Z(int dr, int dc)
        {
            var value = Raw(dr, dc);
            if (!double.IsNaN(value))
            {
                return value;
            }
            var opposite = Raw(-dr, -dc);
            if (!double.IsNaN(opposite))
            {
                return 2 * centre - opposite;
            }
            // A missing diagonal with a missing opposite (a corner): complete the plane from its two sides.
            return dr != 0 && dc != 0 ? Z(dr, 0) + Z(0, dc) - centre : centre;
        }
        var dzdx = (Z(-1, 1) + 2 * Z(0, 1) + Z(1, 1) - (Z(-1, -1) + 2 * Z(0, -1) + Z(1, -1))) / (8 * pixelSizeX);
        var dzdy = (Z(1, -1) + 2 * Z(1, 0) + Z(1, 1) - (Z(-1, -1) + 2 * Z(-1, 0) + Z(-1, 1))) / (8 * pixelSizeY);
        return Math.Atan(Math.Sqrt(dzdx * dzdx + dzdy * dzdy)) * (180 / Math.PI);
    }

    /// <summary>Mean and population standard deviation over the valid pixels within <paramref name="radius"/> rows and columns.</summary>
    private (double Mean, double StdDev) Neighbourhood(float[] data, int offset, int top, int bottom, int row, int column, int radius)
    {
        double sum = 0, sumSquares = 0;
        var count = 0;
        var r0 = Math.Max(top, row - radius);
        var r1 = Math.Min(bottom - 1, row + radius);
        var c0 = Math.Max(0, column - radius);
        var c1 = Math.Min(Width - 1, column + radius);
        for (var r = r0; r <= r1; r++)
        {
            var line = offset + (r - top) * Width;
            for (var c = c0; c <= c1; c++)
            {
                var value = data[line + c];
                if (!float.IsNaN(value))
                {
                    sum += value;
                    sumSquares += (double)value * value;
                    count++;
                }
            }
        }
        var mean = sum / count;
        return (mean, Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean)));
    }

    private void RequireGroundTruth()
    {
        if (groundTruth is null)
        {
            throw new SurveyPackageException([new SurveyValidationError(SurveyPackage.GroundTruthFile,
                $"the {Package.Year} package has no ground truth, so it has no labelled pixels.")]);
        }
    }

    private void CheckConsistent()
    {
        var errors = new List<SurveyValidationError>();
        if (backscatter.BandCount != SurveyPackage.BackscatterBands)
        {
            errors.Add(new(SurveyPackage.BackscatterFile, $"has {backscatter.BandCount} band(s); a backscatter raster has {SurveyPackage.BackscatterBands}."));
        }
        if (backscatter.GeoTransform is null)
        {
            errors.Add(new(SurveyPackage.BackscatterFile, "has no georeferencing."));
        }
        foreach (var (reader, name) in new[] { (bathymetry, SurveyPackage.BathymetryFile), (groundTruth, SurveyPackage.GroundTruthFile) })
        {
            if (reader is null)
            {
                continue;
            }
            if (reader.BandCount != 1)
            {
                errors.Add(new(name, $"has {reader.BandCount} bands; expected 1."));
            }
            if (reader.Width != backscatter.Width || reader.Height != backscatter.Height)
            {
                errors.Add(new(name, $"is {reader.Width}×{reader.Height} pixels but {SurveyPackage.BackscatterFile} is {backscatter.Width}×{backscatter.Height}."));
            }
        }
        if (errors.Count > 0)
        {
            throw new SurveyPackageException(errors);
        }
    }

    /// <summary>Parallel.For over rows that rethrows the first failure itself rather than an AggregateException.</summary>
    private static void ParallelRows(int rowCount, Action<int> body)
    {
        try
        {
            Parallel.For(0, rowCount, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private static void Ensure(ref float[] buffer, long length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
