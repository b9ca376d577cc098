using MlOps.Surveys.GeoTiff;
using MlOps.Surveys.Packages;

namespace MlOps.Surveys.Synthesis;

/// <summary>
/// Writes realistic synthetic yearly survey packages for one site (the real Bedford Basin files
/// are not public). The seabed (basin bathymetry, class patches following depth and slope) is
/// fixed by the seed; each year adds its own sonar calibration offsets per band, changed
/// patches, survey lines and coverage, and ground-truth stations. Backscatter per class and
/// frequency carries speckle, survey-line striping, grazing-angle fall-off and nadir artefacts.
/// The same options and year always give the same bytes.
/// </summary>
public sealed class SurveySynthesizer
{
    public const float NoData = -9999f;

    // Mean backscatter (dB) of each class at the low, mid and high frequency: the contrast
    // between classes depends on frequency (algae absorb the high band, coral rubble scatters it).
    private static readonly double[][] ClassLevelsDb =
    [
        [-19, -21, -24], // Yellow Sand
        [-25, -29, -33], // Sand and Algae
        [-31, -28, -25], // Mud Sand and Corals
        [-22, -25, -28], // Sand
        [-13, -14, -16], // Gravel
    ];

    private static readonly double[] TextureDb = [1.2, 1.0, 0.9];
    private static readonly double[] OuterBeamLossDb = [3, 4, 5];
    private static readonly double[] NadirGainDb = [6, 7, 8];
    private const double NadirFraction = 0.06;
    private const int SpeckleLooks = 6;

    private readonly SurveySynthesisOptions options;
    private readonly ulong seed;
    private readonly Lazy<BasinModel> basin;

    public SurveySynthesizer(SurveySynthesisOptions options)
    {
        options.Validate();
        this.options = options;
        seed = DeterministicNoise.Mix((ulong)(uint)options.Seed);
        basin = new Lazy<BasinModel>(() => new BasinModel(seed, options.ExtentMetres));
    }

    public SurveySynthesisOptions Options => options;

    public GeoTransform GeoTransform => GeoTransform.NorthUp(options.OriginX, options.OriginY, options.ExtentMetres / options.Size);

    /// <summary>Writes {root}/{year}/ for each year and returns the packages.</summary>
    public async Task<IReadOnlyList<SurveyPackage>> WriteSiteAsync(string root, IEnumerable<int> years, CancellationToken cancellationToken = default)
    {
        var packages = new List<SurveyPackage>();
        foreach (var year in years)
        {
            var directory = Path.Combine(root, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            packages.Add(await WriteYearAsync(directory, year, cancellationToken));
        }
        return packages;
    }

    /// <summary>Writes one year's package into <paramref name="directory"/> (manifest last).</summary>
    public async Task<SurveyPackage> WriteYearAsync(string directory, int year, CancellationToken cancellationToken = default)
    {
        var conditions = new YearConditions(seed, year, basin.Value);
        var writer = new SurveyPackageWriter(directory, options.Site, year, options.Epsg, conditions.Acquisition);
        var n = options.Size;
        var raster = new GeoTiffWriterOptions { Width = n, Height = n, GeoTransform = GeoTransform, NoData = NoData };
        using (var backscatter = writer.CreateRaster(SurveyPackage.BackscatterFile, raster with
               {
                   BandCount = 3,
                   BandDescriptions = ["backscatter_low", "backscatter_mid", "backscatter_high"],
               }))
        using (var bathymetry = writer.CreateRaster(SurveyPackage.BathymetryFile, raster with { BandDescriptions = ["depth"] }))
        using (var groundTruth = options.IncludeGroundTruth
                   ? writer.CreateRaster(SurveyPackage.GroundTruthFile, raster with { DataType = RasterDataType.Byte, NoData = 0, BandDescriptions = ["class"] })
                   : null)
        {
            var block = raster.TileSize;
            var bands = new float[3 * block * n];
            var depth = new float[block * n];
            var classes = new byte[block * n];
            var labelled = new bool[block * n];
            var labels = new byte[block * n];
            for (var firstRow = 0; firstRow < n; firstRow += block)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(block, n - firstRow);
                FillRows(conditions, firstRow, rows, bands, depth, classes);
                Array.Clear(labelled);
                conditions.Sampling.Mark(n, firstRow, rows, labelled);
                for (var i = 0; i < rows * n; i++)
                {
                    labels[i] = labelled[i] && depth[i] != NoData ? classes[i] : (byte)0;
                }
                backscatter.WriteRows(bands.AsSpan(0, 3 * rows * n));
                bathymetry.WriteRows(depth.AsSpan(0, rows * n));
                groundTruth?.WriteRows(labels.AsSpan(0, rows * n));
            }
            backscatter.Complete();
            bathymetry.Complete();
            groundTruth?.Complete();
        }
        await writer.WriteManifestAsync(cancellationToken);
        return SurveyPackage.Open(directory);
    }

    /// <summary>Fills rows [firstRow, firstRow + rows): backscatter band-sequential, depth, and the true class of each pixel.</summary>
    private void FillRows(YearConditions year, int firstRow, int rows, float[] bands, float[] depth, byte[] classes)
    {
        var n = options.Size;
        var model = basin.Value;
        var planeSize = rows * n;
        Parallel.For(0, rows, r =>
        {
            var row = firstRow + r;
            var v = (row + 0.5) / n;
            for (var column = 0; column < n; column++)
            {
                var i = r * n + column;
                var u = (column + 0.5) / n;
                var cell = BasinModel.Locate(u, v);
                var trueDepth = model.Depth(cell);
                var seabed = year.ClassAt(model, cell);
                classes[i] = (byte)seabed;
                if (!year.Swaths.Covers(u, v, trueDepth, out var line, out var across))
                {
                    depth[i] = NoData;
                    bands[i] = bands[planeSize + i] = bands[2 * planeSize + i] = NoData;
                    continue;
                }
                var pixel = DeterministicNoise.Hash(seed, (ulong)year.Year, (ulong)row, (ulong)column);
                var roughness = 0.3 * DeterministicNoise.Value(u * 400, v * 400, DeterministicNoise.Hash(seed, 0xF14E));
                var soundingNoise = (DeterministicNoise.Unit(pixel) - 0.5) * 0.1;
                depth[i] = (float)(trueDepth + roughness + soundingNoise + year.DatumOffsetMetres);
                for (var b = 0; b < 3; b++)
                {
                    var level = ClassLevelsDb[(int)seabed - 1][b]
                        + TextureDb[b] * model.Texture(b, cell)
                        - OuterBeamLossDb[b] * across * across
                        + (across < NadirFraction ? NadirGainDb[b] * (1 - across / NadirFraction) : 0)
                        + year.Swaths.LineGain(line, b)
                        + year.CalibrationOffsetsDb[b]
                        + Speckle(DeterministicNoise.Mix(pixel + (ulong)b + 1));
                    bands[b * planeSize + i] = (float)Math.Clamp(level, -60, 0);
                }
            }
        });
    }

    /// <summary>Multi-look speckle in dB: 10·log10 of a Gamma(L, 1/L) intensity, mean 1.</summary>
    private static double Speckle(ulong hash)
    {
        var product = 1.0;
        for (var k = 0; k < SpeckleLooks; k++)
        {
            hash = DeterministicNoise.Mix(hash);
            product *= 1 - DeterministicNoise.Unit(hash);
        }
        return 10 * Math.Log10(-Math.Log(product) / SpeckleLooks);
    }
}
