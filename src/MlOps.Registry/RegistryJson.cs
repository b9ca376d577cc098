using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Registry;

/// <summary>How registry documents (card.json, aliases.json, rollout.json) are written: camelCase, enums as camelCase strings.</summary>
public static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Reads a stored document, turning malformed JSON into an error that names the blob, the field and the place.</summary>
    internal static T Deserialize<T>(BinaryData content, string blobName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content.ToMemory().Span, Options)
                ?? throw new JsonException("The document is JSON null.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line
                ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(e.Path) ? "" : $" (field {e.Path})")}"
                : "";
            throw new ModelRegistryException(422, ModelRegistryErrorCode.InvalidDocument,
                $"'{blobName}' is not a valid {typeof(T).Name}{where}: {FirstSentence(e.Message)}", e);
        }
    }

    internal static BinaryData Serialize<T>(T value) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(value, Options));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
