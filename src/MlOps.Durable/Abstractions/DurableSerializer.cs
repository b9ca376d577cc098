using System.Text.Json;

namespace MlOps.Durable;

/// <summary>How inputs, outputs, event payloads and custom status are written: System.Text.Json, web defaults (camelCase).</summary>
public static class DurableSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) =>
        json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static object? Deserialize(string? json, Type type)
    {
        if (json is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }
        return JsonSerializer.Deserialize(json, type, Options);
    }
}
