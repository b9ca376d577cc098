using System.Globalization;
using System.Text;
using MlOps.Reports.Plots;
using MlOps.Reports.Views;
using MlOps.Surveys.Imaging;
using static MlOps.Reports.Html.Html;

namespace MlOps.Reports.Pages;

/// <summary>The model × year matrix as a heat map, per-class scores, and confusion matrices.</summary>
public static class EvaluationSection
{
    public static string Render(EvaluationView evaluation)
    {
        var models = new List<ModelYearsView> { evaluation.Challenger with { Label = "new model" } };
        if (evaluation.Champion is { } champion)
        {
            models.Add(champion with { Label = $"champion {Version(champion.Version)}" });
        }
        var html = new StringBuilder();
        html.Append("<p>Scored with ONNX Runtime on every year's labelled pixels; newest year ").Append(evaluation.NewestYear).Append('.');
        if (evaluation.AccuracyGainOnNewestYear is { } gain)
        {
            html.Append(" Accuracy gain over the champion on ").Append(evaluation.NewestYear).Append(": <strong>")
                .Append(gain >= 0 ? "+" : "").Append(Number(gain)).Append("</strong>.");
        }
        html.Append("</p><div class=\"plots\">")
            .Append(ModelYearHeatMap.Render(models, evaluation.Years))
            .Append(ModelYearHeatMap.Render(models, evaluation.Years, "kappa"))
            .Append("</div>");
        html.Append(ScoreTable(evaluation.Challenger, "new model"));
        html.Append("<h3>Confusion matrices of the new model</h3>").Append(Confusions(evaluation.Challenger.Years));
        return html.ToString();
    }

    /// <summary>Per year: accuracy, kappa and per-class precision and recall (the published study's table).</summary>
    public static string ScoreTable(ModelYearsView model, string label)
    {
        var classes = SeabedClasses.All;
        var html = new StringBuilder("<details><summary>Per-class precision and recall of the ").Append(Encode(label))
            .Append("</summary><table class=\"data scores\"><thead><tr><th>year</th><th class=\"num\">pixels</th><th class=\"num\">accuracy</th><th class=\"num\">kappa</th>");
        foreach (var c in classes)
        {
            html.Append("<th class=\"num\">P ").Append(Encode(ConfusionMatrixPlot.Abbreviate(c.Name))).Append("</th><th class=\"num\">R ").Append(Encode(ConfusionMatrixPlot.Abbreviate(c.Name))).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var year in model.Years.OrderBy(y => y.Year))
        {
            html.Append("<tr><td>").Append(year.Year.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(Integer(year.Rows))
                .Append("</td><td class=\"num\">").Append(Number(year.Accuracy)).Append("</td><td class=\"num\">").Append(Number(year.Kappa)).Append("</td>");
            for (var c = 0; c < classes.Count; c++)
            {
                html.Append("<td class=\"num\">").Append(Number(c < year.Precision.Count ? year.Precision[c] : null, "0.000")).Append("</td>")
                    .Append("<td class=\"num\">").Append(Number(c < year.Recall.Count ? year.Recall[c] : null, "0.000")).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table></details>").ToString();
    }

    public static string Confusions(IEnumerable<YearMetricsView> years)
    {
        var html = new StringBuilder("<div class=\"plots\">");
        var any = false;
        foreach (var year in years.OrderBy(y => y.Year))
        {
            if (year.Confusion is { Count: > 0 } confusion)
            {
                any = true;
                html.Append(ConfusionMatrixPlot.Render(confusion, $"{year.Year}: true class ↓, predicted →"));
            }
        }
        return any ? html.Append("</div>").ToString() : "<p class=\"muted\">No confusion matrices were recorded.</p>";
    }
}
