using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Inference;
using MlOps.Functions.Rollout;
using MlOps.Functions.Runtime;
using MlOps.Registry;
using MlOps.Registry.Rollout;

namespace MlOps.Functions.Functions;

/// <summary>
/// CanaryControl (<c>POST /api/models/{name}/canary/{action}</c>, master key), action one of
/// approve, pause, resume, abort, rollback; optional body <c>{"reason": "..."}</c>.
/// Approve, pause and resume are events to the running rollout orchestration. Abort and rollback
/// take effect at once with one conditional write of the rollout state (every host's router reads
/// it), then tell the orchestration so it ends; rollback after a promotion restores the previous
/// champion (rollout state and aliases).
/// </summary>
public sealed class CanaryControlFunction(
    ModelRegistryClient registry,
    RolloutStateReader states,
    DurableTaskClient durable,
    IOptions<InferenceOptions> options) : IHttpFunction
{
    public const string Name = "CanaryControl";
    public const string Route = "models/{name}/canary/{action}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var model = (string)context.GetRouteValue("name")!;
        var actionText = (string)context.GetRouteValue("action")!;
        if (!Enum.TryParse<RolloutAction>(actionText, ignoreCase: true, out var action) || int.TryParse(actionText, out _))
        {
            return Error(StatusCodes.Status404NotFound, $"Unknown canary action '{actionText}': use approve, pause, resume, abort or rollback.");
        }
        var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
        string? reason = null;
        if (body.ToMemory().Length > 0)
        {
            try
            {
                reason = JsonSerializer.Deserialize<ControlBody>(body, Json)?.Reason;
            }
            catch (JsonException e)
            {
                return Error(StatusCodes.Status400BadRequest, $"The body must be {{\"reason\": \"...\"}} or empty: {e.Message}");
            }
        }
        reason = string.IsNullOrWhiteSpace(reason) ? $"{action.ToString().ToLowerInvariant()} by an operator" : $"{action.ToString().ToLowerInvariant()} by an operator: {reason}";

        try
        {
            var rollout = registry.GetRolloutClient(model);
            var state = await rollout.GetStateAsync(cancellationToken);
            if (state is null)
            {
                return Error(StatusCodes.Status404NotFound, $"Model '{model}' has no rollout state.");
            }
            var running = state.IsActive && await durable.GetInstanceAsync(state.RolloutId, cancellationToken: cancellationToken) is { IsRunning: true };
            if (action is RolloutAction.Abort or RolloutAction.Rollback)
            {
                if (state.Mode == RolloutMode.Promoted && action == RolloutAction.Rollback)
                {
                    state = await rollout.RollbackAsync(reason, cancellationToken: cancellationToken);
                    await registry.RestorePreviousChampionAsync(model, cancellationToken);
                }
                else if (state.IsActive)
                {
                    state = await rollout.RollbackAsync(reason, cancellationToken: cancellationToken);
                }
                else
                {
                    return Error(StatusCodes.Status409Conflict, $"Model '{model}' has no rollout to {action.ToString().ToLowerInvariant()} (it is {state.Mode}).");
                }
                await states.RefreshAsync(model, cancellationToken);
                if (running)
                {
                    await durable.RaiseEventAsync(state.RolloutId, RolloutCommand.EventName, new RolloutCommand(action, reason), cancellationToken);
                }
                return Results.Json(new { model, action, mode = state.Mode, champion = state.ChampionVersion, challenger = state.ChallengerVersion, reason }, CanaryJson.Options);
            }
            if (!running)
            {
                return Error(StatusCodes.Status409Conflict, $"Model '{model}' has no running rollout to {action.ToString().ToLowerInvariant()} (its rollout is {state.Mode}).");
            }
            await durable.RaiseEventAsync(state.RolloutId, RolloutCommand.EventName, new RolloutCommand(action, reason), cancellationToken);
            return Results.Json(new { model, action, instanceId = state.RolloutId, reason }, CanaryJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        catch (ModelRegistryException e)
        {
            return Error(e.Status, e.Message);
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private sealed record ControlBody(string? Reason);
}
