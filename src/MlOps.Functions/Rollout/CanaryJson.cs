using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Functions.Rollout;

/// <summary>How canary documents are written over HTTP: camelCase, enums as strings.</summary>
public static class CanaryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
