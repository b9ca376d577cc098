using System.Security.Cryptography;
using MlOps.Surveys.GeoTiff;

namespace MlOps.Surveys.Packages;

/// <summary>
/// Writes a survey package: rasters first, then manifest.json with each file's SHA-256 and size,
/// last and atomically (written aside, then moved into place), so a reader that sees the
/// manifest sees a complete package.
/// </summary>
public sealed class SurveyPackageWriter
{
    private readonly List<string> created = [];

    public SurveyPackageWriter(string directory, string site, int year, int epsg, AcquisitionPeriod acquisition)
    {
        Directory = Path.GetFullPath(directory);
        Site = site;
        Year = year;
        Epsg = epsg;
        Acquisition = acquisition;
    }

    public string Directory { get; }

    public string Site { get; }

    public int Year { get; }

    public int Epsg { get; }

    public AcquisitionPeriod Acquisition { get; }

    /// <summary>Starts a raster of the package; the caller writes its rows and completes it.</summary>
    public GeoTiffWriter CreateRaster(string fileName, GeoTiffWriterOptions options)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var manifestPath = Path.Combine(Directory, SurveyPackage.ManifestFile);
        if (File.Exists(manifestPath))
        {
            File.Delete(manifestPath); // the package is being rewritten: it is not complete until the new manifest lands
        }
        created.Add(fileName);
        return GeoTiffWriter.Create(Path.Combine(Directory, fileName), options with { Epsg = Epsg });
    }

    /// <summary>
    /// Hashes the rasters this writer created (or, when it created none, the package's rasters
    /// already in the directory) and writes manifest.json. A known raster left over from an earlier
    /// package in the same directory is removed, so the directory holds exactly what is listed.
    /// </summary>
    public async Task<SurveyManifest> WriteManifestAsync(CancellationToken cancellationToken = default)
    {
        string[] known = [SurveyPackage.BackscatterFile, SurveyPackage.BathymetryFile, SurveyPackage.GroundTruthFile];
        if (created.Count > 0)
        {
            foreach (var stale in known.Except(created))
            {
                File.Delete(Path.Combine(Directory, stale));
            }
        }
        var files = new List<ManifestFile>();
        foreach (var name in created.Count > 0 ? created.Distinct() : known)
        {
            var path = Path.Combine(Directory, name);
            if (File.Exists(path))
            {
                files.Add(await DescribeAsync(path, cancellationToken));
            }
        }
        var manifest = new SurveyManifest
        {
            Site = Site,
            Year = Year,
            Crs = SurveyManifest.CrsFromEpsg(Epsg),
            Acquisition = Acquisition,
            Files = files,
        };
        var target = Path.Combine(Directory, SurveyPackage.ManifestFile);
        var partial = target + ".partial";
        await File.WriteAllTextAsync(partial, manifest.ToJson(), cancellationToken);
        File.Move(partial, target, overwrite: true);
        return manifest;
    }

    public static async Task<ManifestFile> DescribeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new ManifestFile(Path.GetFileName(path), Convert.ToHexStringLower(hash), stream.Length);
    }
}
