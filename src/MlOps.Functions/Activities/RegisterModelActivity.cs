using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Telemetry;
using MlOps.Learning.Trials;
using MlOps.Registry;
using MlOps.Storage.Blobs;

namespace MlOps.Functions.Activities;

public sealed record RegisterRequest(
    string RunId,
    string Site,
    string SweepId,
    string BestTrialId,
    string FinalContainer,
    string FinalPrefix,
    EvaluationReport Evaluation,
    int? ChampionVersion);

public sealed record RegisteredModel(string Name, int Version, bool IsFirst, double Accuracy, double Kappa);

/// <summary>
/// Step 6: registers the final model as a new immutable version with its lineage (data years
/// and file checksums, sweep and trial, code version, parent) and metrics (the newest year's
/// accuracy and kappa, the whole model × year matrix). A site's first model becomes champion;
/// later ones become challenger for the canary rollout. Safe to repeat: the run id makes a
/// retried registration return the version it already made.
/// </summary>
public sealed class RegisterModelActivity(BlobServiceClient storage, ModelRegistryClient registry, MlOpsMetrics telemetry) : TaskActivity<RegisterRequest, RegisteredModel>
{
    public const string Name = "Register";

    public override async Task<RegisteredModel> RunAsync(TaskActivityContext context, RegisterRequest input)
    {
        var cancellationToken = context.ShutdownToken;
        var output = storage.GetBlobContainerClient(input.FinalContainer);
        var (finalJson, _) = await output.GetBlobClient(input.FinalPrefix + TrialOutputs.Final).DownloadContentAsync(cancellationToken: cancellationToken);
        var final = finalJson.ToObjectFromJson<TrialFinalMetrics>(TrialSpec.Json)!;
        var (model, _) = await output.GetBlobClient(input.FinalPrefix + TrialOutputs.Model).DownloadContentAsync(cancellationToken: cancellationToken);

        var newest = input.Evaluation.Challenger.For(input.Evaluation.NewestYear)?.Metrics;
        var metrics = new JsonObject
        {
            ["accuracy"] = newest?.Accuracy ?? final.Accuracy,
            ["kappa"] = newest?.Kappa ?? final.Kappa,
            ["newestYear"] = input.Evaluation.NewestYear,
            ["validation"] = final.Metrics.DeepClone(),
            ["byYear"] = JsonSerializer.SerializeToNode(input.Evaluation.Challenger.Years.ToDictionary(
                y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                y => new { y.Rows, y.Metrics.Accuracy, y.Metrics.Kappa, y.Metrics.Precision, y.Metrics.Recall, y.Metrics.F1, y.Metrics.Confusion }), RunReports.Json),
        };
        if (input.Evaluation.Champion is { } champion)
        {
            metrics["champion"] = new JsonObject
            {
                ["version"] = champion.Version,
                ["byYear"] = JsonSerializer.SerializeToNode(champion.Years.ToDictionary(
                    y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), y => new { y.Metrics.Accuracy, y.Metrics.Kappa }), RunReports.Json),
                ["accuracyGainOnNewestYear"] = input.Evaluation.AccuracyGainOnNewestYear,
            };
        }

        var card = await registry.RegisterAsync(input.Site, new ModelRegistration
        {
            RunId = input.RunId,
            ModelKind = final.Model,
            Parameters = JsonSerializer.SerializeToNode(final.Parameters)!.AsObject(),
            DataYears = final.DataYears.Select(d => new DataYear(d.Year, d.FileSha256.Select(f => new DataFile(f.Key, f.Value)).ToList())).ToList(),
            Metrics = metrics,
            SweepId = input.SweepId,
            TrialId = input.BestTrialId,
            CodeVersion = CodeVersion.Current,
            ParentVersion = input.ChampionVersion,
        }, model, cancellationToken);

        var isFirst = input.ChampionVersion is null;
        await registry.SetAliasAsync(input.Site, isFirst ? ModelAlias.Champion : ModelAlias.Challenger, card.Version, cancellationToken);
        Activity.Current?.SetTag("mlops.model.name", input.Site);
        Activity.Current?.SetTag("mlops.model.version", card.Version);
        Activity.Current?.SetTag("mlops.model.alias", isFirst ? "champion" : "challenger");
        telemetry.ModelRegistered(input.Site, isFirst ? "champion" : "challenger");
        if (isFirst)
        {
            await registry.GetRolloutClient(input.Site).SetChampionAsync(card.Version, $"first model of {input.Site}, from run {input.RunId}", cancellationToken);
        }
        return new RegisteredModel(input.Site, card.Version, isFirst, card.GetMetric("accuracy") ?? 0, card.GetMetric("kappa") ?? 0);
    }
}
