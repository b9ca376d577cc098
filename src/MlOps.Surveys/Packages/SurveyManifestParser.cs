using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MlOps.Surveys.Packages;

/// <summary>The strict reading of manifest.json: unknown, missing, duplicated or mistyped fields are errors named by their path.</summary>
internal static partial class SurveyManifestParser
{
    private static readonly string[] RootFields = ["site", "year", "crs", "acquisition", "files"];
    private static readonly string[] AcquisitionFields = ["start", "end"];
    private static readonly string[] FileFields = ["name", "sha256", "size"];

    public static bool TryParse(string json, out SurveyManifest? manifest, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        manifest = null;
        errors = problems;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}: " : "";
            problems.Add($"{where}not valid JSON ({FirstSentence(e.Message)})");
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"the manifest must be a JSON object, not {Describe(root.ValueKind)}.");
                return false;
            }
            var fields = Fields(root, "", RootFields, problems);
            var site = ReadSite(fields, problems);
            var year = ReadInteger(fields, "year", "year", 1900, 2200, problems);
            var crs = ReadCrs(fields, problems);
            var acquisition = ReadAcquisition(fields, year, problems);
            var files = ReadFiles(fields, problems);
            if (problems.Count > 0)
            {
                return false;
            }
            manifest = new SurveyManifest
            {
                Site = site!,
                Year = (int)year!,
                Crs = crs!,
                Acquisition = acquisition!,
                Files = files!,
            };
            return true;
        }
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement element, string path, string[] known, List<string> problems)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var hint = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                problems.Add(hint is null
                    ? $"{path}{name}: unknown field (expected {string.Join(", ", known)})."
                    : $"{path}{name}: unknown field; did you mean \"{hint}\"? (field names are camelCase)");
            }
            else if (!fields.TryAdd(name, property.Value))
            {
                problems.Add($"{path}{name}: appears more than once.");
            }
        }
        foreach (var name in known)
        {
            if (!fields.ContainsKey(name))
            {
                problems.Add($"{path}{name}: missing.");
            }
        }
        return fields;
    }

    private static string? ReadSite(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        var site = ReadString(fields, "site", "site", problems);
        if (site is not null && !SitePattern().IsMatch(site))
        {
            problems.Add($"site: \"{site}\" is not a valid site name (1–63 letters, digits, '.', '_' or '-', starting with a letter or digit).");
            return null;
        }
        return site;
    }

    private static string? ReadCrs(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        var crs = ReadString(fields, "crs", "crs", problems);
        if (crs is null)
        {
            return null;
        }
        var match = CrsPattern().Match(crs);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 1)
        {
            problems.Add($"crs: \"{crs}\" is not an EPSG code written as \"EPSG:<number>\", e.g. \"EPSG:32620\".");
            return null;
        }
        return crs;
    }

    private static AcquisitionPeriod? ReadAcquisition(Dictionary<string, JsonElement> fields, long? year, List<string> problems)
    {
        if (!fields.TryGetValue("acquisition", out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"acquisition: must be an object {{\"start\", \"end\"}}, not {Describe(element.ValueKind)}.");
            return null;
        }
        var inner = Fields(element, "acquisition.", AcquisitionFields, problems);
        var start = ReadDate(inner, "start", "acquisition.start", problems);
        var end = ReadDate(inner, "end", "acquisition.end", problems);
        if (start is null || end is null)
        {
            return null;
        }
        if (end < start)
        {
            problems.Add($"acquisition: end {end:yyyy-MM-dd} is before start {start:yyyy-MM-dd}.");
            return null;
        }
        if (year is { } y && (y < start.Value.Year || y > end.Value.Year))
        {
            problems.Add($"acquisition: the survey year {y} is outside the acquisition dates {start:yyyy-MM-dd} – {end:yyyy-MM-dd}.");
            return null;
        }
        return new AcquisitionPeriod(start.Value, end.Value);
    }

    private static List<ManifestFile>? ReadFiles(Dictionary<string, JsonElement> fields, List<string> problems)
    {
        if (!fields.TryGetValue("files", out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"files: must be an array, not {Describe(element.ValueKind)}.");
            return null;
        }
        var files = new List<ManifestFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        var before = problems.Count;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"files[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: must be an object {{\"name\", \"sha256\", \"size\"}}, not {Describe(item.ValueKind)}.");
                continue;
            }
            var inner = Fields(item, path + ".", FileFields, problems);
            var name = ReadString(inner, "name", path + ".name", problems);
            if (name is not null && !IsPlainFileName(name))
            {
                problems.Add($"{path}.name: \"{name}\" must be a plain file name inside the package (no folders, no \"..\").");
                name = null;
            }
            else if (name is not null && !names.Add(name))
            {
                problems.Add($"{path}.name: \"{name}\" is listed more than once.");
                name = null;
            }
            var sha = ReadString(inner, "sha256", path + ".sha256", problems);
            if (sha is not null && !Sha256Pattern().IsMatch(sha))
            {
                problems.Add($"{path}.sha256: must be 64 lowercase hexadecimal characters, got \"{Truncate(sha)}\".");
                sha = null;
            }
            var size = ReadInteger(inner, "size", path + ".size", 0, long.MaxValue, problems);
            if (name is not null && sha is not null && size is not null)
            {
                files.Add(new ManifestFile(name, sha, size.Value));
            }
        }
        if (index == 0)
        {
            problems.Add("files: is empty; a package lists at least its rasters.");
        }
        return problems.Count == before ? files : null;
    }

    private static string? ReadString(Dictionary<string, JsonElement> fields, string name, string path, List<string> problems)
    {
        if (!fields.TryGetValue(name, out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: must be a string, not {Describe(element.ValueKind)}.");
            return null;
        }
        var value = element.GetString()!;
        if (value.Length == 0)
        {
            problems.Add($"{path}: is empty.");
            return null;
        }
        return value;
    }

    private static long? ReadInteger(Dictionary<string, JsonElement> fields, string name, string path, long min, long max, List<string> problems)
    {
        if (!fields.TryGetValue(name, out var element))
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            problems.Add($"{path}: must be a whole number, not {(element.ValueKind == JsonValueKind.Number ? element.GetRawText() : Describe(element.ValueKind))}.");
            return null;
        }
        if (value < min || value > max)
        {
            problems.Add($"{path}: {value} is outside [{min}, {max}].");
            return null;
        }
        return value;
    }

    private static DateOnly? ReadDate(Dictionary<string, JsonElement> fields, string name, string path, List<string> problems)
    {
        var text = ReadString(fields, name, path, problems);
        if (text is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            problems.Add($"{path}: \"{Truncate(text)}\" is not a date written as yyyy-MM-dd.");
            return null;
        }
        return date;
    }

    private static bool IsPlainFileName(string name) =>
        name is not ("." or "..")
        && name.Length <= 255
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && !name.Any(char.IsControl);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex SitePattern();

    [GeneratedRegex("^EPSG:([0-9]{1,9})$")]
    private static partial Regex CrsPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
