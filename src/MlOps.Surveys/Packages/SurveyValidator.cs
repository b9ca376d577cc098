using System.Globalization;
using MlOps.Surveys.GeoTiff;

namespace MlOps.Surveys.Packages;

/// <summary>
/// Checks a survey package on a local directory and reports every problem found, each naming its
/// file: missing files, checksum or size mismatches, an invalid manifest, corrupt or truncated
/// TIFFs, wrong band counts or sample types, rasters whose size, CRS or geotransform differ,
/// class codes outside 1–5, rasters that are all nodata and sizes over the configured limit.
/// It never throws for a bad package; only cancellation and I/O failures of the machine escape.
/// </summary>
public sealed class SurveyValidator
{
    private const int WindowRows = 256;
    private readonly SurveyValidationOptions options;

    public SurveyValidator(SurveyValidationOptions? options = null)
    {
        this.options = options ?? new SurveyValidationOptions();
    }

    public async Task<SurveyValidationReport> ValidateAsync(string directory, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(directory);
        var errors = new List<SurveyValidationError>();
        if (!Directory.Exists(full))
        {
            errors.Add(new(".", $"the package directory {full} does not exist."));
            return new SurveyValidationReport(full, null, errors);
        }

        var manifest = ReadManifest(full, errors);
        if (manifest is not null)
        {
            CheckManifestAgainstExpectations(manifest, errors);
            await CheckListedFilesAsync(full, manifest, errors, cancellationToken);
        }

        var rasters = new List<RasterFacts>();
        foreach (var spec in RasterSpec.All)
        {
            var path = Path.Combine(full, spec.File);
            if (!File.Exists(path))
            {
                var listed = manifest?.FindFile(spec.File) is not null;
                if (spec.Required || listed || (spec.File == SurveyPackage.GroundTruthFile && options.RequireGroundTruth))
                {
                    errors.Add(new(spec.File, listed ? "missing (listed in manifest.json)." : "missing."));
                }
                continue;
            }
            if (manifest is not null && manifest.FindFile(spec.File) is null)
            {
                errors.Add(new(SurveyPackage.ManifestFile, $"does not list {spec.File}, which is in the package."));
            }
            var facts = await Task.Run(() => InspectRaster(path, spec, errors, cancellationToken), cancellationToken);
            if (facts is not null)
            {
                rasters.Add(facts);
            }
        }
        CheckRastersAgree(rasters, manifest, errors);
        return new SurveyValidationReport(full, manifest, errors);
    }

    private static SurveyManifest? ReadManifest(string directory, List<SurveyValidationError> errors)
    {
        var path = Path.Combine(directory, SurveyPackage.ManifestFile);
        if (!File.Exists(path))
        {
            errors.Add(new(SurveyPackage.ManifestFile, "missing."));
            return null;
        }
        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > SurveyManifest.MaxBytes)
            {
                errors.Add(new(SurveyPackage.ManifestFile, $"is {length} bytes; a manifest is at most {SurveyManifest.MaxBytes}."));
                return null;
            }
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            errors.Add(new(SurveyPackage.ManifestFile, $"cannot be read: {e.Message}"));
            return null;
        }
        if (SurveyManifest.TryParse(text, out var manifest, out var problems))
        {
            return manifest;
        }
        errors.AddRange(problems.Select(p => new SurveyValidationError(SurveyPackage.ManifestFile, p)));
        return null;
    }

    private void CheckManifestAgainstExpectations(SurveyManifest manifest, List<SurveyValidationError> errors)
    {
        if (options.ExpectedSite is { } site && manifest.Site != site)
        {
            errors.Add(new(SurveyPackage.ManifestFile, $"site is \"{manifest.Site}\" but the package was delivered for site \"{site}\"."));
        }
        if (options.ExpectedYear is { } year && manifest.Year != year)
        {
            errors.Add(new(SurveyPackage.ManifestFile, $"year is {manifest.Year} but the package was delivered for year {year}."));
        }
        foreach (var spec in RasterSpec.All.Where(s => s.Required))
        {
            if (manifest.FindFile(spec.File) is null)
            {
                errors.Add(new(SurveyPackage.ManifestFile, $"does not list {spec.File}, which every package needs."));
            }
        }
    }

    private static async Task CheckListedFilesAsync(string directory, SurveyManifest manifest, List<SurveyValidationError> errors, CancellationToken cancellationToken)
    {
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(directory, file.Name);
            if (!File.Exists(path))
            {
                if (!RasterSpec.All.Any(s => s.File == file.Name))
                {
                    errors.Add(new(file.Name, "missing (listed in manifest.json)."));
                }
                continue; // a missing raster is reported once, with the rasters
            }
            var actual = await SurveyPackageWriter.DescribeAsync(path, cancellationToken);
            if (actual.Size != file.Size)
            {
                errors.Add(new(file.Name, $"size is {actual.Size} bytes but manifest.json says {file.Size}."));
            }
            if (actual.Sha256 != file.Sha256)
            {
                errors.Add(new(file.Name, $"SHA-256 is {actual.Sha256} but manifest.json says {file.Sha256}."));
            }
        }
    }

    private RasterFacts? InspectRaster(string path, RasterSpec spec, List<SurveyValidationError> errors, CancellationToken cancellationToken)
    {
        var found = new List<SurveyValidationError>();
        try
        {
            using var reader = GeoTiffReader.Open(path, options.ReaderOptions);
            var facts = new RasterFacts(spec.File, reader.Width, reader.Height, reader.BandCount, reader.GeoTransform, reader.Epsg);
            if (reader.BandCount != spec.Bands)
            {
                found.Add(new(spec.File, $"has {reader.BandCount} band(s); a {spec.Role} raster has {spec.Bands}."));
            }
            if (spec.File == SurveyPackage.GroundTruthFile && !reader.DataType.IsInteger())
            {
                found.Add(new(spec.File, $"holds {reader.DataType} samples; class codes must be integers (Byte)."));
            }
            if (reader.GeoTransform is null)
            {
                found.Add(new(spec.File, "has no georeferencing (no ModelPixelScale/ModelTiepoint or ModelTransformation)."));
            }
            if (reader.Epsg is null)
            {
                found.Add(new(spec.File, "has no EPSG code in its GeoKeyDirectory."));
            }
            if (found.Count == 0)
            {
                ScanPixels(reader, spec, found, cancellationToken);
            }
            return facts;
        }
        catch (GeoTiffException e)
        {
            found.Add(new(spec.File, e.Message));
            return null;
        }
        finally
        {
            lock (errors)
            {
                errors.AddRange(found);
            }
        }
    }

    private static void ScanPixels(GeoTiffReader reader, RasterSpec spec, List<SurveyValidationError> found, CancellationToken cancellationToken)
    {
        var width = reader.Width;
        var bands = reader.BandCount;
        var validCounts = new long[bands];
        long badClassCount = 0;
        string? firstBadClass = null;
        long nonFiniteCount = 0;
        string? firstNonFinite = null;
        var window = Math.Max(1, Math.Min(WindowRows, reader.Height));
        var buffer = new double[(long)bands * window * width];
        for (var row = 0; row < reader.Height; row += window)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(window, reader.Height - row);
            reader.ReadRows(row, rows, buffer);
            for (var b = 0; b < bands; b++)
            {
                var plane = buffer.AsSpan(b * rows * width, rows * width);
                for (var i = 0; i < plane.Length; i++)
                {
                    var value = plane[i];
                    if (reader.IsNoData(value))
                    {
                        continue;
                    }
                    if (double.IsInfinity(value))
                    {
                        nonFiniteCount++;
                        firstNonFinite ??= Where(row, i, width, b, bands);
                        continue;
                    }
                    if (spec.File == SurveyPackage.GroundTruthFile)
                    {
                        if (value == 0)
                        {
                            continue; // unlabelled
                        }
                        if (value is < 1 or > 5 || value != Math.Floor(value))
                        {
                            badClassCount++;
                            firstBadClass ??= $"{value.ToString(CultureInfo.InvariantCulture)} at {Where(row, i, width, b, bands)}";
                            continue;
                        }
                    }
                    validCounts[b]++;
                }
            }
        }
        if (nonFiniteCount > 0)
        {
            found.Add(new(spec.File, $"holds {nonFiniteCount} infinite value(s), the first at {firstNonFinite}."));
        }
        if (badClassCount > 0)
        {
            found.Add(new(spec.File, $"holds {badClassCount} pixel(s) with class codes outside 1–5 (first: {firstBadClass}); 0 or nodata means unlabelled."));
        }
        for (var b = 0; b < bands; b++)
        {
            if (validCounts[b] == 0)
            {
                var what = spec.File == SurveyPackage.GroundTruthFile ? "has no labelled pixels: every pixel is 0 or nodata" : "is all nodata";
                found.Add(new(spec.File, bands > 1 ? $"band {b + 1} {what}." : $"{what}."));
            }
        }
    }

    private static string Where(int firstRow, int index, int width, int band, int bands) =>
        (bands > 1 ? $"band {band + 1}, " : "") + $"row {firstRow + index / width}, column {index % width}";

    private static void CheckRastersAgree(List<RasterFacts> rasters, SurveyManifest? manifest, List<SurveyValidationError> errors)
    {
        var reference = rasters.FirstOrDefault(r => r.File == SurveyPackage.BackscatterFile) ?? rasters.FirstOrDefault();
        foreach (var raster in rasters)
        {
            if (manifest is not null && raster.Epsg is { } epsg && epsg != manifest.Epsg)
            {
                errors.Add(new(raster.File, $"CRS is EPSG:{epsg} but manifest.json says {manifest.Crs}."));
            }
            if (reference is null || ReferenceEquals(raster, reference))
            {
                continue;
            }
            if (raster.Width != reference.Width || raster.Height != reference.Height)
            {
                errors.Add(new(raster.File, $"is {raster.Width}×{raster.Height} pixels but {reference.File} is {reference.Width}×{reference.Height}."));
            }
            if (raster.Epsg is { } a && reference.Epsg is { } b && a != b)
            {
                errors.Add(new(raster.File, $"CRS is EPSG:{a} but {reference.File} is EPSG:{b}."));
            }
            if (raster.GeoTransform is { } t && reference.GeoTransform is { } u && !t.ApproximatelyEquals(u))
            {
                errors.Add(new(raster.File, $"geotransform [{t}] differs from {reference.File} [{u}]."));
            }
        }
    }

    private sealed record RasterFacts(string File, int Width, int Height, int Bands, GeoTransform? GeoTransform, int? Epsg);

    private sealed record RasterSpec(string File, int Bands, bool Required, string Role)
    {
        public static readonly RasterSpec[] All =
        [
            new(SurveyPackage.BackscatterFile, SurveyPackage.BackscatterBands, true, "backscatter"),
            new(SurveyPackage.BathymetryFile, 1, true, "bathymetry"),
            new(SurveyPackage.GroundTruthFile, 1, false, "ground-truth"),
        ];
    }
}
