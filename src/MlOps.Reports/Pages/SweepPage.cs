using System.Text;
using MlOps.Reports.Html;
using MlOps.Reports.Views;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>A sweep: counters, its trials as a table, and the plots (objective by trial, curves, parameters).</summary>
public static class SweepPage
{
    public static string Render(SweepView sweep, DashboardLinks links, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>Sweep <span class=\"mono\">").Append(Encode(sweep.SweepId)).Append("</span></h1>")
            .Append("<section class=\"card\">").Append(SweepSections.Summary(sweep, links)).Append("</section>")
            .Append("<section class=\"card\"><h2>Trials</h2>").Append(SweepSections.TrialTable(sweep)).Append("</section>")
            .Append("<section class=\"card\"><h2>Plots</h2>").Append(SweepSections.Plots(sweep)).Append("</section>");
        return PageLayout.Render($"Sweep {sweep.SweepId}", html.ToString(), links, PageLayout.NavRuns, sweep.Live ? 2000 : null, now);
    }
}
