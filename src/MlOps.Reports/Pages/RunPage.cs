using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>One retrain run: its progress and every document it produced (drift, sweep, evaluation, registered model, maps).</summary>
public static class RunPage
{
    public static string Render(RunView run, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Run <span class=\"mono\">").Append(Encode(run.Summary.InstanceId)).Append("</span></h1>");
        html.Append(Body(run, links));
        return PageLayout.Render($"Run {run.Summary.InstanceId}", html.ToString(), links, PageLayout.NavRuns, run.Live ? 2000 : null, now);
    }

    /// <summary>The run's sections, shared by the page and the self-contained report.</summary>
    public static string Body(RunView run, DashboardLinks links)
    {
        var html = new StringBuilder("<section class=\"card\"><h2>Progress</h2>").Append(RunSections.Facts(run, links));
        if (links.RunReport(run.Summary.InstanceId) is { } report)
        {
            html.Append("<p>").Append(Link(report, "Download the self-contained report (HTML)")).Append(" · or <code>mlops report ")
                .Append(Encode(run.Summary.InstanceId)).Append(" --out DIR</code></p>");
        }
        html.Append("</section>");
        if (run.Drift is { } drift)
        {
            html.Append("<section class=\"card\" id=\"drift\"><h2>Drift</h2>").Append(DriftSection.Render(drift)).Append("</section>");
        }
        if (run.Sweep is { } sweep)
        {
            html.Append("<section class=\"card\" id=\"sweep\"><h2>Sweep ").Append(Link(links.Sweep(sweep.SweepId), sweep.SweepId)).Append("</h2>")
                .Append(SweepSections.Summary(sweep, links)).Append(SweepSections.Plots(sweep)).Append("<h3>Trials</h3>").Append(SweepSections.TrialTable(sweep)).Append("</section>");
        }
        if (run.Evaluation is { } evaluation)
        {
            html.Append("<section class=\"card\" id=\"evaluation\"><h2>Evaluation</h2>").Append(EvaluationSection.Render(evaluation)).Append("</section>");
        }
        if (run.Registered is { } version)
        {
            html.Append("<section class=\"card\" id=\"model\"><h2>Registered model ").Append(Link(links.ModelVersion(version.Name, version.Version), $"{version.Name} {Version(version.Version)}"))
                .Append("</h2>").Append(ModelSections.Card(version, links)).Append("</section>");
        }
        if (run.Maps.Count > 0)
        {
            html.Append("<section class=\"card\" id=\"maps\"><h2>Maps of the registered model</h2>").Append(MapSection.Legend());
            foreach (var map in run.Maps)
            {
                html.Append(MapSection.Render(map, links.MapPage(map.Model, map.Version, map.Year)));
            }
            html.Append("</section>");
        }
        return html.ToString();
    }
}
