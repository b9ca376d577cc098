using MlOps.Surveys.GeoTiff;

namespace MlOps.Surveys.Packages;

/// <summary>
/// A survey package on disk: {dir}/backscatter.tif (3 bands, dB, low/mid/high frequency),
/// bathymetry.tif (1 band, depth in metres, positive down), groundtruth.tif (1 band, classes
/// 1–5, 0 = unlabelled; optional for years without ground truth) and manifest.json.
/// </summary>
public sealed class SurveyPackage
{
    public const string BackscatterFile = "backscatter.tif";
    public const string BathymetryFile = "bathymetry.tif";
    public const string GroundTruthFile = "groundtruth.tif";
    public const string ManifestFile = "manifest.json";
    public const int BackscatterBands = 3;

    private SurveyPackage(string directory, SurveyManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }

    public SurveyManifest Manifest { get; }

    public string Site => Manifest.Site;

    public int Year => Manifest.Year;

    public string BackscatterPath => Path.Combine(Directory, BackscatterFile);

    public string BathymetryPath => Path.Combine(Directory, BathymetryFile);

    public string GroundTruthPath => Path.Combine(Directory, GroundTruthFile);

    /// <summary>True when the manifest lists a ground-truth raster.</summary>
    public bool HasGroundTruth => Manifest.FindFile(GroundTruthFile) is not null;

    /// <summary>Reads manifest.json; throws <see cref="SurveyPackageException"/> when it is missing or invalid.</summary>
    public static SurveyPackage Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new SurveyPackageException([new SurveyValidationError(".", $"the package directory {full} does not exist.")]);
        }
        return new SurveyPackage(full, SurveyManifest.Load(Path.Combine(full, ManifestFile)));
    }

    public static bool IsPackageDirectory(string directory) => File.Exists(Path.Combine(directory, ManifestFile));

    public GeoTiffReader OpenBackscatter(GeoTiffReaderOptions? options = null) => OpenRaster(BackscatterFile, options);

    public GeoTiffReader OpenBathymetry(GeoTiffReaderOptions? options = null) => OpenRaster(BathymetryFile, options);

    public GeoTiffReader? OpenGroundTruth(GeoTiffReaderOptions? options = null) =>
        HasGroundTruth ? OpenRaster(GroundTruthFile, options) : null;

    private GeoTiffReader OpenRaster(string name, GeoTiffReaderOptions? options)
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            throw new SurveyPackageException([new SurveyValidationError(name, "missing.")]);
        }
        try
        {
            return GeoTiffReader.Open(path, options);
        }
        catch (GeoTiffException e)
        {
            throw new SurveyPackageException([new SurveyValidationError(name, e.Message)]);
        }
    }
}
