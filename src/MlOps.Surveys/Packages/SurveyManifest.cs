using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlOps.Surveys.Packages;

/// <summary>
/// manifest.json of a survey package: which site and year, the CRS, when the survey was acquired
/// and every file with its SHA-256 and size. Written last, so its arrival means the package is
/// complete. The schema is in docs/survey-package.md; <see cref="Parse"/> enforces it strictly.
/// </summary>
public sealed record SurveyManifest
{
    /// <summary>Largest manifest accepted, in bytes (a few files' names and hashes take well under this).</summary>
    public const int MaxBytes = 1 << 20;

    public required string Site { get; init; }

    public required int Year { get; init; }

    /// <summary>"EPSG:n", e.g. "EPSG:32620" (WGS 84 / UTM zone 20N).</summary>
    public required string Crs { get; init; }

    public required AcquisitionPeriod Acquisition { get; init; }

    public required IReadOnlyList<ManifestFile> Files { get; init; }

    /// <summary>The EPSG code in <see cref="Crs"/>.</summary>
    public int Epsg => int.Parse(Crs.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture);

    public ManifestFile? FindFile(string name) => Files.FirstOrDefault(f => f.Name == name);

    public static string CrsFromEpsg(int epsg) => $"EPSG:{epsg.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses and checks a manifest; every problem is listed, none stops the others from being found.</summary>
    public static bool TryParse(string json, out SurveyManifest? manifest, out IReadOnlyList<string> errors) =>
        SurveyManifestParser.TryParse(json, out manifest, out errors);

    /// <summary>Parses a manifest or throws <see cref="SurveyPackageException"/> listing every problem.</summary>
    public static SurveyManifest Parse(string json, string fileName = "manifest.json")
    {
        if (TryParse(json, out var manifest, out var errors))
        {
            return manifest!;
        }
        throw new SurveyPackageException(errors.Select(e => new SurveyValidationError(fileName, e)).ToList());
    }

    public static SurveyManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SurveyPackageException([new SurveyValidationError(Path.GetFileName(path), "missing: the package has no manifest.")]);
        }
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new SurveyPackageException([new SurveyValidationError(Path.GetFileName(path), $"is {length} bytes; a manifest is at most {MaxBytes}.")]);
        }
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("site", Site);
            json.WriteNumber("year", Year);
            json.WriteString("crs", Crs);
            json.WriteStartObject("acquisition");
            json.WriteString("start", Acquisition.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("end", Acquisition.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteString("sha256", file.Sha256);
                json.WriteNumber("size", file.Size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
