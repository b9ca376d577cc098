using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Pipeline;

namespace MlOps.Functions;

/// <summary>The retrain run for one site: validate the survey that arrived, then (later steps) sweep, train, evaluate, register.</summary>
public sealed class RetrainSurveyOrchestration : TaskOrchestrator<RetrainRequest, RetrainResult>
{
    public const string Name = "RetrainSurvey";

    public override async Task<RetrainResult> RunAsync(TaskOrchestrationContext context, RetrainRequest input)
    {
        context.SetCustomStatus(new { step = "ValidateSurvey", input.Site, input.Year });
        if (input.Year is { } year)
        {
            var validation = await context.CallActivityAsync<SurveyValidationResult>(ValidateSurveyActivity.Name, new SurveyLocation(input.Site, year));
            if (!validation.Valid)
            {
                context.SetCustomStatus(new { step = "Quarantined", input.Site, input.Year, validation.Errors, validation.QuarantinedAt });
                return new RetrainResult(input.Site, "quarantined", validation.Errors);
            }
        }
        context.SetCustomStatus(new { step = "Done", input.Site, input.Year });
        return new RetrainResult(input.Site, "validated", []);
    }
}

public sealed record RetrainResult(string Site, string Outcome, IReadOnlyList<MlOps.Surveys.Packages.SurveyValidationError> Problems);
