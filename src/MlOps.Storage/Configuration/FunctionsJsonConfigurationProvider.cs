using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MlOps.Storage.Configuration;

/// <summary>
/// Reads one section of an Azure Functions JSON file into configuration under a prefix:
/// host.json as a whole under <c>AzureFunctionsJobHost</c>, and local.settings.json's
/// <c>Values</c> at the root, where <c>__</c> in a key means a nested section, as it does for
/// environment variables.
/// </summary>
public sealed class FunctionsJsonConfigurationProvider(string path, string? section, string prefix, bool optional)
    : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            if (!optional)
            {
                throw new FileNotFoundException($"Configuration file '{path}' was not found.", path);
            }
            Data = data;
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Configuration file '{path}' is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var element = document.RootElement;
            if (section is not null && !element.TryGetProperty(section, out element))
            {
                Data = data;
                return;
            }
            Flatten(element, prefix, data);
        }
        Data = data;
    }

    private static void Flatten(JsonElement element, string key, IDictionary<string, string?> data)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                    Flatten(property.Value, ConfigurationPath.Combine(Parts(key, name)), data);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, ConfigurationPath.Combine(Parts(key, index++.ToString(System.Globalization.CultureInfo.InvariantCulture))), data);
                }
                break;
            case JsonValueKind.Null:
                data[key] = null;
                break;
            case JsonValueKind.String:
                data[key] = element.GetString();
                break;
            default:
                data[key] = element.GetRawText();
                break;
        }
    }

    private static string[] Parts(string key, string name) => key.Length == 0 ? [name] : [key, name];
}
