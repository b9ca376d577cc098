using MlOps.Registry.Rollout;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MlOps.Registry;
using MlOps.Reports.Html;
using MlOps.Reports.Pages;
using MlOps.Reports.Views;

namespace MlOps.Reports.Tests;

public sealed partial class PageTests
{
    [Fact]
    public void Card_metrics_become_the_model_year_matrix_with_confusion_matrices()
    {
        var card = Samples.Card(3, (2016, 0.99), (2017, 0.97), (2018, 0.95));
        var view = RegistryViews.Version(card, new ModelAliases(Champion: 1, Challenger: 3));
        Assert.Equal(["challenger"], view.Aliases);
        Assert.Equal([2016, 2017, 2018], view.ByYear.Select(y => y.Year));
        Assert.Equal(0.97, view.ByYear[1].Accuracy);
        Assert.Equal(95, view.ByYear[1].Confusion![1][1]);
        Assert.Equal(2018, view.NewestYear);
        Assert.Equal("200", view.Parameters["rounds"]);
    }

    [Fact]
    public void A_card_without_the_usual_metrics_still_renders()
    {
        var bare = Samples.Card(1, (2016, 0.9)) with { Metrics = new System.Text.Json.Nodes.JsonObject { ["byYear"] = "not an object" } };
        var view = RegistryViews.Version(bare, new ModelAliases());
        Assert.Empty(view.ByYear);
        Assert.Null(view.Accuracy);
        var html = ModelVersionPage.Render(view, [2016], new DashboardLinks(), Samples.Start);
        Assert.Contains("bedford", html);
    }

    [Fact]
    public void Text_from_runs_and_trials_is_escaped_everywhere()
    {
        var hostile = "<script>alert(\"x\")</script> & <img src=x onerror=alert(1)>";
        var sweep = Samples.Sweep(message: hostile);
        var html = SweepPage.Render(sweep, new DashboardLinks(), Samples.Start);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html);
        // Nothing inline for the content security policy to refuse: no inline script, no style attributes.
        Assert.Single(ScriptTags().Matches(html));
        Assert.DoesNotContain(" style=\"", html);
        Assert.DoesNotContain("<style", html);
    }

    [Fact]
    public void Pages_of_running_work_refresh_themselves_and_finished_ones_do_not()
    {
        var links = new DashboardLinks();
        Assert.DoesNotContain("data-live", SweepPage.Render(Samples.Sweep(), links, Samples.Start));
        Assert.Contains("<main data-live=\"2000\">", SweepPage.Render(Samples.Sweep() with { Live = true }, links, Samples.Start));
    }

    [Fact]
    public void The_run_report_is_one_self_contained_file()
    {
        var uri = RunReport.DataUri(MlOps.Surveys.Imaging.PngEncoder.Encode([1, 2, 3], 1, 1));
        var card = RegistryViews.Version(Samples.Card(2, (2016, 0.99), (2017, 0.97)), new ModelAliases(Champion: 1, Challenger: 2));
        var run = new RunView(
            new RunSummaryView("retrain-bedford-2017-abc", "Completed", "Done", "bedford", 2017, Samples.Start, Samples.Start.AddMinutes(9),
                new SweepProgressView("retrain-bedford-2017-abc-sweep", 6, 3, 0, 1, 1, "t002", 0.91), 2, 0.97, null),
            "eventgrid", [2016, 2017], ["backscatter_mid vs 2016"], "registered as challenger",
            new DriftView(2017, [new("backscatter_mid", 2016, 0.4, 0.3, true)], new Dictionary<int, double[]> { [2016] = [0.2, 0.2, 0.2, 0.2, 0.2] }, 0.25, 0.2),
            Samples.Sweep(),
            new EvaluationView([2016, 2017], 2017, new ModelYearsView("challenger", null, card.ByYear), null, null),
            card,
            [new MapSetView("bedford", 2, 2017, uri, uri, uri, new MapStatistics(1, 1, "abcd", 1, 1, 1, [1, 0, 0, 0, 0], Samples.Start))]);

        var html = RunReport.Render(run, Samples.Start.AddHours(1));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("href=", html);
        Assert.DoesNotContain("url(", html);
        Assert.All(SourceAttributes().Matches(html), m => Assert.StartsWith("data:image/png;base64,", m.Groups[1].Value));
        Assert.Equal(3, SourceAttributes().Matches(html).Count);
        Assert.Contains("<style>", html);
        Assert.Contains("accuracy by model and survey year", html);
        Assert.Contains("retrain-bedford-2017-abc-sweep", html);
        // Every inline SVG is well-formed XML on its own.
        foreach (Match svg in SvgElements().Matches(html))
        {
            XDocument.Parse(svg.Value);
        }
        Assert.True(SvgElements().Matches(html).Count >= 8, "drift, sweep, heat map and confusion plots");
        Assert.Throws<ArgumentException>(() => RunReport.Render(run with { Maps = [run.Maps[0] with { PredictedUrl = "/dashboard/maps/x.png" }] }, Samples.Start));
    }

    [Fact]
    public void Report_file_names_keep_only_safe_characters() =>
        Assert.Equal("run-retrain-bedford-2017-abc_.._x.html", RunReport.FileName("retrain-bedford-2017-abc/../x"));

    [Fact]
    public void The_rollout_page_shows_the_current_weights_and_every_gate()
    {
        var traffic = new List<VersionSummary>
        {
            new(2, 250, 0, 1, 0.004, 250, 0.2, 0.4, 0.9, [0.5, 0.5, 0, 0, 0], 0, null, 40, 0.95, 0),
            new(1, 750, 180, 0, 0, 750, 0.2, 0.3, 0.5, [0.25, 0.25, 0.25, 0.25, 0], 180, 0.97, 40, 0.9, 0),
        };
        var html = RolloutPage.Render(new CanaryView("bedford", Samples.Rollout(), traffic,
            new RolloutRunView("rollout-bedford-v2", "Running", "Canary", 2, Samples.Start.AddHours(3), null, null)), new DashboardLinks(), Samples.Start.AddHours(3));
        Assert.Contains("challenger weight 25 % of routing keys", html);
        Assert.Contains("champion v1 75 %", html);
        var gates = html[html.IndexOf("<table class=\"data gates\">", StringComparison.Ordinal)..];
        gates = gates[..gates.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Equal(3, Regex.Matches(gates, "<tr><td>").Count);
        Assert.Equal(2, Regex.Matches(gates, "status-passed").Count);
        Assert.Contains("p95LatencyMs", html);
        Assert.Contains("<main data-live=", html);
        Assert.Contains("rollout-bedford-v2", html);
        Assert.Contains("<td class=\"num served\">750</td>", html);
        Assert.Contains("97 % <span class=\"muted\">of 180 rows</span>", html);
    }

    [GeneratedRegex("<script[ >]")]
    private static partial Regex ScriptTags();

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex SourceAttributes();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElements();
}
