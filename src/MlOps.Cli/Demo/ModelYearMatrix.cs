using System.Globalization;
using MlOps.Functions.Pipeline;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using Spectre.Console;

namespace MlOps.Cli.Demo;

/// <summary>One registered version's accuracy and kappa on each survey year.</summary>
public sealed record VersionScores(int Version, IReadOnlyList<int> TrainedOn, string Kind, IReadOnlyList<YearScore> Years);

/// <summary>Every registered version of a site's model scored on every survey year: where the cross-year drop and the recovery show.</summary>
public static class ModelYearMatrix
{
    public static async Task<IReadOnlyList<VersionScores>> ComputeAsync(ModelRegistryClient registry, ModelScorer scorer, string site, IReadOnlyList<int> years, CancellationToken cancellationToken)
    {
        var rows = new List<VersionScores>();
        foreach (var card in await registry.GetVersionsAsync(site, cancellationToken))
        {
            using var session = OnnxSession.Create((await registry.DownloadModelAsync(site, card.Version, cancellationToken)).ToArray());
            rows.Add(new VersionScores(card.Version, card.DataYears.Select(d => d.Year).ToList(), card.ModelKind, await scorer.ScoreAsync(session, site, years, cancellationToken)));
        }
        return rows;
    }

    public static Table ToTable(IReadOnlyList<VersionScores> rows, IReadOnlyList<int> years)
    {
        var table = new Table().Title("accuracy / kappa of each version (rows) on each survey year (columns)");
        table.AddColumn("version");
        table.AddColumn("trained on");
        foreach (var year in years)
        {
            table.AddColumn(new TableColumn(year.ToString(CultureInfo.InvariantCulture)).RightAligned());
        }
        foreach (var row in rows)
        {
            var cells = new List<string> { $"v{row.Version} {row.Kind}", string.Join(",", row.TrainedOn) };
            foreach (var year in years)
            {
                var score = row.Years.FirstOrDefault(y => y.Year == year);
                var text = score is null ? "-" : $"{score.Metrics.Accuracy:0.000} / {score.Metrics.Kappa:0.000}";
                // Years the version never saw are where drift shows.
                cells.Add(score is not null && !row.TrainedOn.Contains(year) ? $"[yellow]{text}[/]" : text);
            }
            table.AddRow(cells.ToArray());
        }
        return table;
    }
}
