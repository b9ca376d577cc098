using System.Text;
using System.Text.Json;

namespace MlOps.Surveys.Packages;

/// <summary>
/// The outcome of validating a survey package: every problem found, each naming its file.
/// Valid means no problems. <see cref="Manifest"/> is set when manifest.json could be read.
/// </summary>
public sealed record SurveyValidationReport(string Directory, SurveyManifest? Manifest, IReadOnlyList<SurveyValidationError> Errors)
{
    public bool Valid => Errors.Count == 0;

    /// <summary>{"valid", "directory", "site", "year", "errors":[{"file","message"}]}; site and year are null when the manifest could not be read.</summary>
    public string ToJson(bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", Valid);
            json.WriteString("directory", Directory);
            if (Manifest is null)
            {
                json.WriteNull("site");
                json.WriteNull("year");
            }
            else
            {
                json.WriteString("site", Manifest.Site);
                json.WriteNumber("year", Manifest.Year);
            }
            json.WriteStartArray("errors");
            foreach (var error in Errors)
            {
                json.WriteStartObject();
                json.WriteString("file", error.File);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
