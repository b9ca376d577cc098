using System.CommandLine;
using System.Globalization;
using MlOps.Bench.Dashboard;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops bench dashboard`: the dashboard's main pages with a year of history, next to /health on the same host.</summary>
public static class BenchDashboardCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runs = new Option<int>("--runs") { Description = "Retrain runs to seed (each with a sweep)", DefaultValueFactory = _ => new DashboardHistory().Runs };
        var trials = new Option<int>("--trials") { Description = "Trials per sweep", DefaultValueFactory = _ => new DashboardHistory().TrialsPerSweep };
        var requests = new Option<int>("--requests") { Description = "Timed requests per page after warm-up", DefaultValueFactory = _ => 40 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("dashboard", "Latency of the dashboard's main pages (p50/p95) with a year of history in the store, next to GET /health on the same host.");
        command.Options.Add(runs);
        command.Options.Add(trials);
        command.Options.Add(requests);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(runs) < 8 || parse.GetValue(trials) < 3 || parse.GetValue(requests) < 1)
            {
                await Console.Error.WriteLineAsync("error: --runs must be at least 8, --trials at least 3 and --requests at least 1.");
                return 2;
            }
            var asJson = parse.GetValue(json);
            var result = await DashboardBenchmark.RunAsync(environment.Paths, new DashboardHistory(parse.GetValue(runs), parse.GetValue(trials)), parse.GetValue(requests),
                asJson ? null : line => Console.Error.WriteLine($"bench dashboard: {line}…"), cancellationToken);
            if (asJson)
            {
                CliJson.Write(result);
                return 0;
            }
            var s = result.Seeded;
            Console.WriteLine($"{s.RetrainRuns} retrain runs ({result.Orchestrations} orchestrations with their sweeps), {s.Trials:N0} trials, {s.Versions} registered versions; seeded in {result.SeedSeconds} s");
            var table = new Table().AddColumns("page", "path", "cold ms", "p50 ms", "p95 ms", "p50 ÷ peer");
            foreach (var page in result.Pages.Append(result.PeerLatency with { Page = "peer: /health" }))
            {
                table.AddRow(Markup.Escape(page.Page), Markup.Escape(page.Path.Length > 60 ? page.Path[..57] + "…" : page.Path),
                    page.ColdMilliseconds.ToString(CultureInfo.InvariantCulture), page.P50Milliseconds.ToString(CultureInfo.InvariantCulture),
                    page.P95Milliseconds.ToString(CultureInfo.InvariantCulture), page.P50RatioToPeer.ToString(CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            Console.WriteLine(result.AllP95UnderTarget
                ? $"every page's p95 is under {result.TargetMilliseconds} ms"
                : $"some page's p95 is over {result.TargetMilliseconds} ms");
            return 0;
        });
        return command;
    }
}
