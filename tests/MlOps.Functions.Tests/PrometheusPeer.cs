using System.Text.Json;
using System.Text.Json.Serialization;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// Parses Prometheus exposition text with an independent parser (Debian's python3-prometheus-client),
/// which raises on malformed text: families with their types and samples.
/// </summary>
internal static class PrometheusPeer
{
    private const string Script = """
        import json, math, sys
        from prometheus_client.parser import text_string_to_metric_families
        def number(v):
            return v if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
        families = []
        for family in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
            families.append({"name": family.name, "type": family.type, "help": family.documentation,
                             "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples]})
        print(json.dumps(families))
        """;

    public static IReadOnlyList<Family> Parse(string text)
    {
        var file = Path.Combine(RepositoryPaths.NewWorkDirectory("prometheus"), "metrics.txt");
        File.WriteAllText(file, text);
        return JsonSerializer.Deserialize<List<Family>>(DebianPython.Run(Script, file), new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals })!;
    }

    public sealed record Family(string Name, string Type, string Help, IReadOnlyList<Sample> Samples);

    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);
}
