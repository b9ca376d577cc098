using System.Text.Json;
using MlOps.Durable;
using MlOps.Durable.Http;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using Microsoft.Extensions.Options;

namespace MlOps.Functions.Functions;

/// <summary>
/// StartRetrain (<c>POST /api/retrain</c>, function key): body <c>{site, years?, sweep?}</c> starts a
/// RetrainSurvey run and answers 202 with the durable management links.
/// </summary>
public sealed class StartRetrainFunction(DurableTaskClient durable, IOptions<HttpLimitsOptions> limits) : IHttpFunction
{
    public const string Name = "StartRetrain";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(context.Request, limits.Value.MaxRequestBodyBytes, cancellationToken);
        StartRetrainBody? request;
        try
        {
            request = body.ToMemory().Length == 0 ? null : JsonSerializer.Deserialize<StartRetrainBody>(body, Json);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new { error = $"The body is not valid JSON for {{site, years?, sweep?}}: {e.Message}" });
        }
        if (request is null || !SiteName.IsValid(request.Site))
        {
            return Results.BadRequest(new { error = "'site' is required: lowercase letters, digits and hyphens (e.g. \"bedford\")." });
        }
        if (request.Years?.Any(y => y is < 1900 or > 2200) == true)
        {
            return Results.BadRequest(new { error = "'years' must hold four-digit survey years." });
        }
        if (request.Sweep is { } sweep)
        {
            try
            {
                _ = MlOps.Learning.Sweeps.SweepSpecParser.Parse(sweep, "sweep");
            }
            catch (MlOps.Learning.Sweeps.SweepSpecException e)
            {
                return Results.BadRequest(new { error = e.Message, errors = e.Errors });
            }
        }
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(
            RetrainSurveyOrchestration.Name,
            new RetrainRequest(request.Site!, Years: request.Years, Sweep: request.Sweep, Trigger: "http"),
            new StartOrchestrationOptions(RetrainInstanceIds.ForManual(request.Site!, Guid.NewGuid())),
            cancellationToken);
        return durable.CreateCheckStatusResponse(context.Request, instanceId);
    }

    private sealed record StartRetrainBody(string? Site, IReadOnlyList<int>? Years, string? Sweep);
}
