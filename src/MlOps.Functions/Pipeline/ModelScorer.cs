using MlOps.Learning.Data;
using MlOps.Learning.Metrics;
using MlOps.Onnx.Runtime;

namespace MlOps.Functions.Pipeline;

/// <summary>A model's score on one survey year.</summary>
public sealed record YearScore(int Year, int Rows, ClassificationReport Metrics);

/// <summary>Scores ONNX models on a site's survey years (labelled pixels, sampled), with ONNX Runtime: the same files that serve.</summary>
public sealed class ModelScorer(SurveyFeatures features, int maxRowsPerSurvey)
{
    private readonly Dictionary<int, Dataset> years = [];

    public async Task<IReadOnlyList<YearScore>> ScoreAsync(OnnxSession model, string site, IEnumerable<int> surveyYears, CancellationToken cancellationToken)
    {
        var scores = new List<YearScore>();
        foreach (var year in surveyYears.Order())
        {
            var data = await LoadAsync(site, year, cancellationToken);
            if (data.Rows == 0)
            {
                continue;
            }
            var prediction = model.Run(data.Features, data.Rows, data.Columns);
            scores.Add(new YearScore(year, data.Rows, ClassificationMetrics.Evaluate(data.Labels, prediction.Labels)));
        }
        return scores;
    }

    private async Task<Dataset> LoadAsync(string site, int year, CancellationToken cancellationToken)
    {
        if (!years.TryGetValue(year, out var data))
        {
            var (table, _) = await features.LoadAsync(site, year, maxRowsPerSurvey, 7, cancellationToken);
            years[year] = data = DataSources.FromFeatureTable(table, $"{site}/{year}");
        }
        return data;
    }
}
