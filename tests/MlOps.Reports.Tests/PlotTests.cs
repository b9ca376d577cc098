using System.Globalization;
using System.Xml.Linq;
using MlOps.Reports.Plots;
using MlOps.Reports.Svg;
using MlOps.Reports.Views;
using MlOps.Surveys.Imaging;

namespace MlOps.Reports.Tests;

public sealed class PlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Objective_by_trial_marks_every_trial_by_how_it_ended()
    {
        var sweep = Samples.Sweep();
        var svg = XDocument.Parse(ObjectiveByTrialPlot.Render(sweep)).Root!;

        Assert.Equal(2, Marks(svg, "trial succeeded").Count);
        Assert.Single(Marks(svg, "trial succeeded best"));
        Assert.Single(Marks(svg, "trial stopped"));
        Assert.Single(Marks(svg, "trial failed"));
        Assert.Contains("t002", Marks(svg, "trial succeeded best")[0].Element(Svg + "title")!.Value);
        Assert.Single(Marks(svg, "best-so-far"));

        // Higher accuracy is drawn higher: t002 (0.91) above t005 (0.88) above t001 (0.82).
        double Y(string trial) => double.Parse(svg.Descendants(Svg + "circle").Single(c => c.Element(Svg + "title")?.Value.StartsWith(trial, StringComparison.Ordinal) == true).Attribute("cy")!.Value, CultureInfo.InvariantCulture);
        Assert.True(Y("t002") < Y("t005") && Y("t005") < Y("t001"));
    }

    [Fact]
    public void Parameter_plots_place_log_scaled_values_in_order_and_categories_in_columns()
    {
        var sweep = Samples.Sweep();
        var sigma = XDocument.Parse(ParameterObjectivePlot.Render(sweep, sweep.Parameters[1])).Root!;
        double X(string trial) => double.Parse(sigma.Descendants(Svg + "circle").Single(c => c.Element(Svg + "title")?.Value.StartsWith(trial, StringComparison.Ordinal) == true).Attribute("cx")!.Value, CultureInfo.InvariantCulture);
        // 1e-6 < 1e-3 < 0.5 on a log axis: equal decades get equal distances.
        Assert.True(X("t005") < X("t001") && X("t001") < X("t002"));
        Assert.Contains(sigma.Descendants(Svg + "text"), t => t.Value == "1e-6");

        var model = XDocument.Parse(ParameterObjectivePlot.Render(sweep, sweep.Parameters[0])).Root!;
        Assert.Equal(["rf", "svm", "gbdt", "mlp"], model.Descendants(Svg + "text").Select(t => t.Value).Where(v => v is "rf" or "svm" or "gbdt" or "mlp"));
    }

    [Fact]
    public void Learning_curves_draw_stopped_trials_dashed_and_crossed()
    {
        var svg = XDocument.Parse(LearningCurvePlot.Render(Samples.Sweep())).Root!;
        var stopped = Marks(svg, "curve stopped");
        Assert.Single(stopped);
        Assert.NotNull(stopped[0].Attribute("stroke-dasharray"));
        Assert.Single(Marks(svg, "curve best"));
    }

    [Fact]
    public void The_model_year_heat_map_has_a_cell_per_model_and_year_coloured_by_score()
    {
        var models = new List<ModelYearsView>
        {
            new("v1", 1, [Year(2016, 0.99), Year(2017, 0.61), Year(2018, 0.72)]),
            new("v3", 3, [Year(2016, 0.996), Year(2017, 0.997), Year(2018, 0.998)]),
        };
        var svg = XDocument.Parse(ModelYearHeatMap.Render(models, [2016, 2017, 2018])).Root!;
        var cells = Marks(svg, "cell");
        Assert.Equal(6, cells.Count);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("0.610", texts);
        Assert.Contains("0.998", texts);
        // The low 2017 score of v1 is darker than v3's on the same year.
        Assert.True(Luminance(cells[1].Attribute("fill")!.Value) < Luminance(cells[4].Attribute("fill")!.Value));
    }

    [Fact]
    public void Confusion_matrices_show_counts_with_class_swatches()
    {
        long[][] confusion = [[90, 10, 0, 0, 0], [5, 95, 0, 0, 0], [0, 0, 100, 0, 0], [0, 0, 3, 97, 0], [1, 0, 0, 0, 99]];
        var svg = XDocument.Parse(ConfusionMatrixPlot.Render(confusion.Select(r => (IReadOnlyList<long>)r).ToList(), "2018")).Root!;
        Assert.Equal(25, Marks(svg, "cell").Count);
        Assert.Contains(svg.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == SeabedClasses.For(3).Hex);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Mud Sand and Corals");
    }

    [Fact]
    public void Weights_over_time_step_through_the_rollout_and_mark_gate_verdicts()
    {
        var rollout = Samples.Rollout();
        var svg = XDocument.Parse(WeightHistoryPlot.Render(rollout, Samples.Start.AddHours(3))).Root!;
        Assert.Single(Marks(svg, "challenger-weight"));
        Assert.Single(Marks(svg, "champion-weight"));
        Assert.Equal(3, Marks(svg, "weight-change").Count);
        Assert.Equal(2, Marks(svg, "gate passed").Count);
        Assert.Single(Marks(svg, "gate failed"));
    }

    [Fact]
    public void Drift_bars_outline_flagged_features_under_a_threshold_line()
    {
        var drift = new DriftView(2018, [new("backscatter_low", 2016, 0.05, 0.1, false), new("backscatter_mid", 2016, 0.4, 0.3, true), new("depth", 2017, 0.01, 0.02, false)],
            new Dictionary<int, double[]> { [2016] = [0.2, 0.2, 0.2, 0.2, 0.2], [2018] = [0.1, 0.3, 0.2, 0.2, 0.2] }, 0.25, 0.2);
        var svg = XDocument.Parse(DriftChart.Render(drift, "psi")).Root!;
        Assert.Equal(2, Marks(svg, "bar").Count);
        Assert.Single(Marks(svg, "bar flagged"));
        Assert.Single(Marks(svg, "threshold"));
        var mix = XDocument.Parse(ClassMixChart.Render(drift.ClassMix)).Root!;
        Assert.Equal(10, Marks(mix, "share").Count);
    }

    private static List<XElement> Marks(XElement svg, string cssClass) =>
        svg.Descendants().Where(e => e.Attribute("class")?.Value == cssClass).ToList();

    private static YearMetricsView Year(int year, double accuracy) => new(year, 100, accuracy, accuracy - 0.1, [], [], null);

    private static double Luminance(string hex)
    {
        var rgb = Convert.FromHexString(hex.TrimStart('#'));
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }
}
