using System.Globalization;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Learning.Trials;

namespace MlOps.Functions;

/// <summary>
/// One retrain run for a site (DESIGN.md steps 1–6, then the rollout is started): validate the
/// survey that arrived, report drift against earlier years, sweep hyperparameters, train the
/// final model on the expanding window of years, evaluate it across every year against the
/// champion, register it. Each step's progress and any failure's reason are the custom status;
/// a failure before registration leaves no model behind.
/// </summary>
public sealed class RetrainSurveyOrchestration : TaskOrchestrator<RetrainRequest, RetrainResult>
{
    public const string Name = "RetrainSurvey";

    public const string FinalTrialId = "final";

    public override async Task<RetrainResult> RunAsync(TaskOrchestrationContext context, RetrainRequest input)
    {
        var runId = context.InstanceId;
        var status = new RetrainProgress("ValidateSurvey", input.Site, input.Year);
        context.SetCustomStatus(status);
        if (input.Year is { } arrived)
        {
            var validation = await context.CallActivityAsync<SurveyValidationResult>(ValidateSurveyActivity.Name, new SurveyLocation(input.Site, arrived));
            if (!validation.Valid)
            {
                var reason = $"survey {input.Site}/{arrived} is invalid ({validation.Errors.Count} problem(s), first: {validation.Errors.FirstOrDefault()}); moved to {validation.QuarantinedAt ?? "nowhere"}";
                context.SetCustomStatus(status with { Step = "Quarantined", Reason = reason });
                return new RetrainResult(input.Site, "quarantined", validation.Errors);
            }
        }

        var available = await context.CallActivityAsync<List<int>>(ListSurveyYearsActivity.Name, input.Site);
        var newest = input.Year ?? (input.Years is { Count: > 0 } asked ? asked.Max() : available.DefaultIfEmpty().Max());
        var years = (input.Years is { Count: > 0 } ? input.Years.Intersect(available) : available.Where(y => y <= newest)).Order().ToList();
        if (years.Count == 0)
        {
            Fail(context, status, $"site '{input.Site}' has no valid survey in blob storage to train on");
        }
        status = status with { Step = "DriftReport", Years = years };
        context.SetCustomStatus(status);
        var earlier = years.Where(y => y < newest).ToList();
        if (earlier.Count > 0)
        {
            var drift = await context.CallActivityAsync<DriftReport>(DriftReportActivity.Name, new DriftRequest(runId, input.Site, newest, earlier));
            status = status with { DriftFlags = drift.FlaggedFeatures };
        }

        var settings = await context.CallActivityAsync<PipelineSettings>(GetPipelineSettingsActivity.Name, input.Sweep ?? "");
        var sweepId = $"{runId}-sweep";
        status = status with { Step = "Sweep", SweepInstanceId = sweepId };
        context.SetCustomStatus(status);
        SweepResult sweep;
        try
        {
            sweep = await context.CallSubOrchestratorAsync<SweepResult>(SweepOrchestration.Name,
                new SweepRequest(sweepId, input.Site, years, settings.Spec, settings.MaxRowsPerSurvey, settings.Seed, settings.TrialsContainer),
                new SubOrchestrationOptions(InstanceId: sweepId));
        }
        catch (TaskFailedException e)
        {
            Fail(context, status, $"the sweep could not run: {e.Message}");
            throw;
        }
        var sweepProgress = new SweepProgress(sweep.Status, sweepId, sweep.MaxTrials, sweep.Trials.Count(t => t.Status == TrialStatus.Succeeded), 0,
            sweep.Failed, sweep.Stopped, sweep.Best?.TrialId, sweep.Best?.Objective, sweep.Best?.Parameters, sweep.Reason);
        status = status with { Sweep = sweepProgress };
        if (sweep.Status == "Failed" || sweep.Best is null)
        {
            Fail(context, status, $"the sweep failed: {sweep.Reason}");
        }

        status = status with { Step = "TrainFinal" };
        context.SetCustomStatus(status);
        var best = sweep.Best!;
        var spec = SweepSpecParser.Parse(settings.Spec, "sweep");
        var finalSpec = new TrialSpec
        {
            SweepId = runId,
            TrialId = FinalTrialId,
            Site = input.Site,
            Years = years,
            Model = best.Parameters.TryGetValue("model", out var model) ? model : "rf",
            Parameters = best.Parameters.Where(p => p.Key is not ("model" or "trainingFraction")).ToDictionary(p => p.Key, p => p.Value),
            TrainingFraction = best.Parameters.TryGetValue("trainingFraction", out var fraction) ? double.Parse(fraction, CultureInfo.InvariantCulture) : 0.7,
            MaxRowsPerSurvey = settings.MaxRowsPerSurvey,
            Seed = settings.Seed,
            OutputContainer = settings.TrialsContainer,
            OutputPrefix = $"{runId}/{FinalTrialId}/",
        };
        var final = await context.CallActivityAsync<TrialOutcome>(RunTrialActivity.Name,
            new RunTrialInput(finalSpec, best.Parameters, spec.Objective.Metric, spec.Objective.Direction, null, spec.TrialTimeout));
        if (final.Status != TrialStatus.Succeeded)
        {
            Fail(context, status, $"training the final model failed: {final.Message}");
        }

        status = status with { Step = "Evaluate" };
        context.SetCustomStatus(status);
        var champion = await context.CallActivityAsync<int?>(GetChampionActivity.Name, input.Site);
        var evaluation = await context.CallActivityAsync<EvaluationReport>(EvaluateActivity.Name,
            new EvaluateRequest(runId, input.Site, years, settings.TrialsContainer, finalSpec.OutputPrefix + TrialOutputs.Model, champion));
        status = status with { AccuracyGainOnNewestYear = evaluation.AccuracyGainOnNewestYear };

        status = status with { Step = "Register" };
        context.SetCustomStatus(status);
        var registered = await context.CallActivityAsync<RegisteredModel>(RegisterModelActivity.Name,
            new RegisterRequest(runId, input.Site, sweepId, best.TrialId, settings.TrialsContainer, finalSpec.OutputPrefix, evaluation, champion));
        status = status with { Version = registered.Version, Accuracy = registered.Accuracy };

        if (!registered.IsFirst && champion is { } championVersion)
        {
            status = status with { Step = "Rollout" };
            context.SetCustomStatus(status);
            await context.CallActivityAsync<string>(StartRolloutActivity.Name, new StartRolloutRequest(input.Site, registered.Version, championVersion, runId));
        }

        context.SetCustomStatus(status with { Step = "Done" });
        return new RetrainResult(input.Site, registered.IsFirst ? "registered as champion" : "registered as challenger", [], registered.Version, registered.Accuracy, years);
    }

    private static void Fail(TaskOrchestrationContext context, RetrainProgress status, string reason)
    {
        context.SetCustomStatus(status with { Step = "Failed", Reason = $"{status.Step}: {reason}" });
        throw new RetrainFailedException($"{status.Step}: {reason}");
    }
}

public sealed record RetrainResult(
    string Site,
    string Outcome,
    IReadOnlyList<MlOps.Surveys.Packages.SurveyValidationError> Problems,
    int? Version = null,
    double? Accuracy = null,
    IReadOnlyList<int>? Years = null);
