using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Onnx.Runtime;
using MlOps.Registry;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Activities;

public sealed record EvaluateRequest(string RunId, string Site, IReadOnlyList<int> Years, string ChallengerContainer, string ChallengerBlob, int? ChampionVersion);

public sealed record ModelEvaluation(string Label, int? Version, IReadOnlyList<YearScore> Years)
{
    public YearScore? For(int year) => Years.FirstOrDefault(y => y.Year == year);
}

/// <summary>The model × year matrix for the new model (and the champion), and the two compared on the newest year.</summary>
public sealed record EvaluationReport(
    string Site,
    IReadOnlyList<int> Years,
    int NewestYear,
    ModelEvaluation Challenger,
    ModelEvaluation? Champion,
    double? AccuracyGainOnNewestYear,
    string? Location);

/// <summary>
/// Step 5: scores the new model, and the champion when there is one, on every year's labelled
/// pixels with ONNX Runtime (the same model files that will serve), per year: accuracy, kappa,
/// per-class precision and recall, the confusion matrix. Stored as runs/{runId}/evaluation.json.
/// </summary>
public sealed class EvaluateActivity(
    BlobServiceClient storage,
    ModelRegistryClient registry,
    SurveyFeatures features,
    RunReports reports,
    IOptions<PipelineOptions> options) : TaskActivity<EvaluateRequest, EvaluationReport>
{
    public const string Name = "Evaluate";

    public override async Task<EvaluationReport> RunAsync(TaskActivityContext context, EvaluateRequest input)
    {
        var cancellationToken = context.ShutdownToken;
        var (challengerModel, _) = await storage.GetBlobContainerClient(input.ChallengerContainer).GetBlobClient(input.ChallengerBlob).DownloadContentAsync(cancellationToken: cancellationToken);
        using var challenger = OnnxSession.Create(challengerModel.ToArray());
        using var champion = input.ChampionVersion is { } version
            ? OnnxSession.Create((await registry.DownloadModelAsync(input.Site, version, cancellationToken)).ToArray())
            : null;

        var scorer = new ModelScorer(features, options.Value.MaxEvaluationRowsPerSurvey);
        var challengerScores = await scorer.ScoreAsync(challenger, input.Site, input.Years, cancellationToken);
        var championScores = champion is null ? [] : await scorer.ScoreAsync(champion, input.Site, input.Years, cancellationToken);
        var newest = input.Years.Max();
        var challengerEvaluation = new ModelEvaluation("challenger", null, challengerScores);
        var championEvaluation = input.ChampionVersion is null ? null : new ModelEvaluation("champion", input.ChampionVersion, championScores);
        var gain = championEvaluation?.For(newest) is { } old && challengerEvaluation.For(newest) is { } fresh
            ? Math.Round(fresh.Metrics.Accuracy - old.Metrics.Accuracy, 4)
            : (double?)null;
        var report = new EvaluationReport(input.Site, input.Years, newest, challengerEvaluation, championEvaluation, gain, null);
        var location = await reports.WriteAsync(input.RunId, "evaluation.json", report, cancellationToken);
        return report with { Location = location };
    }
}
