using System.Globalization;
using System.Text.Json.Nodes;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Reports.Views;

/// <summary>
/// Registry documents as views: a card's free-form metrics read leniently (a card written by
/// another tool may lack any part), a rollout state as it stands.
/// </summary>
public static class RegistryViews
{
    public static ModelVersionView Version(ModelCard card, ModelAliases aliases)
    {
        var metrics = card.Metrics;
        var champion = metrics["champion"] as JsonObject;
        return new ModelVersionView(
            card.Name,
            card.Version,
            aliases.AliasesOf(card.Version).Select(a => a.ToString().ToLowerInvariant()).ToList(),
            card.CreatedAt,
            card.RunId,
            card.ModelKind,
            card.Parameters.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "null"),
            card.DataYears.Select(d => new DataYearView(d.Year, d.Files.ToDictionary(f => f.Name, f => f.Sha256))).ToList(),
            Double(metrics["accuracy"]),
            Double(metrics["kappa"]),
            Int(metrics["newestYear"]),
            ByYear(metrics["byYear"] as JsonObject),
            card.ParentVersion,
            card.SweepId,
            card.TrialId,
            card.CodeVersion,
            card.SizeBytes,
            card.Sha256,
            champion is null ? null : new ModelYearsView($"champion v{Int(champion["version"])?.ToString(CultureInfo.InvariantCulture) ?? "?"} (at registration)",
                Int(champion["version"]), ByYear(champion["byYear"] as JsonObject)),
            Double(champion?["accuracyGainOnNewestYear"]));
    }

    public static RolloutView Rollout(RolloutState state) => new(
        state.ModelName,
        state.RolloutId,
        state.Mode.ToString(),
        state.ChampionVersion,
        state.ChallengerVersion,
        state.PreviousChampionVersion,
        state.ChallengerWeight,
        state.ShadowShare,
        state.StepIndex,
        state.StartedAt,
        state.UpdatedAt,
        state.History.Select(h => new RolloutChangeView(h.At, h.Mode.ToString(), h.StepIndex, h.FromWeight, h.ToWeight, h.Reason)).ToList(),
        state.Gates.Select(g => new GateView(g.StepIndex, g.Metric, g.Value, g.Threshold, g.Comparison.ToString(), g.Passed, g.EvaluatedAt)).ToList());

    /// <summary>{"2016": {"rows", "accuracy", "kappa", "precision", "recall", "confusion"}, …} → one entry per year, in order.</summary>
    public static IReadOnlyList<YearMetricsView> ByYear(JsonObject? byYear)
    {
        if (byYear is null)
        {
            return [];
        }
        var years = new List<YearMetricsView>();
        foreach (var (key, node) in byYear)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || node is not JsonObject entry
                || Double(entry["accuracy"]) is not { } accuracy)
            {
                continue;
            }
            years.Add(new YearMetricsView(
                year,
                (long)(Double(entry["rows"]) ?? Double(entry["count"]) ?? 0),
                accuracy,
                Double(entry["kappa"]) ?? double.NaN,
                Doubles(entry["precision"]),
                Doubles(entry["recall"]),
                Matrix(entry["confusion"])));
        }
        return years.OrderBy(y => y.Year).ToList();
    }

    /// <summary>Any JSON number, whether parsed from text or built in code as an int, long or double.</summary>
    private static double? Double(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static int? Int(JsonNode? node) => Double(node) is { } number ? (int)number : null;

    private static IReadOnlyList<double> Doubles(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => Double(n) ?? double.NaN).ToList() : [];

    private static IReadOnlyList<IReadOnlyList<long>>? Matrix(JsonNode? node) =>
        node is JsonArray rows && rows.All(r => r is JsonArray)
            ? rows.Select(r => (IReadOnlyList<long>)r!.AsArray().Select(n => (long)(Double(n) ?? 0)).ToList()).ToList()
            : null;
}
