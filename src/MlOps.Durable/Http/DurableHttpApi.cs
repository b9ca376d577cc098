using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MlOps.Durable.Http;

/// <summary>
/// Durable Functions' HTTP management API over a <see cref="DurableTaskClient"/>:
/// start (<c>POST orchestrators/{name}/{id?}</c>), status (<c>GET instances/{id}</c>), list
/// (<c>GET instances</c>), raise event, terminate, suspend, resume and purge. The caller adds
/// authorization to the returned group (for example a key filter).
/// </summary>
public static class DurableHttpApi
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static RouteGroupBuilder MapDurableTaskManagement(this IEndpointRouteBuilder endpoints, string prefix = DurableHttpApiOptions.DefaultRoutePrefix)
    {
        var options = endpoints.ServiceProvider.GetService<IOptions<DurableHttpApiOptions>>()?.Value;
        if (options is not null)
        {
            options.RoutePrefix = prefix;
        }
        var group = endpoints.MapGroup(prefix);
        group.MapPost("/orchestrators/{functionName}/{instanceId?}", StartAsync);
        group.MapGet("/instances/{instanceId}", GetStatusAsync);
        group.MapGet("/instances", ListAsync);
        group.MapDelete("/instances/{instanceId}", PurgeAsync);
        group.MapDelete("/instances", PurgeManyAsync);
        group.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync);
        group.MapPost("/instances/{instanceId}/terminate", (HttpRequest request, DurableTaskClient client, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(() => client.TerminateInstanceAsync(instanceId, reason, ct)));
        group.MapPost("/instances/{instanceId}/suspend", (HttpRequest request, DurableTaskClient client, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(() => client.SuspendInstanceAsync(instanceId, reason, ct)));
        group.MapPost("/instances/{instanceId}/resume", (HttpRequest request, DurableTaskClient client, string instanceId, string? reason, CancellationToken ct) =>
            ControlAsync(() => client.ResumeInstanceAsync(instanceId, reason, ct)));
        return group;
    }

    /// <summary>The links for a started instance, as HTTP-start functions return them.</summary>
    public static HttpManagementPayload CreateHttpManagementPayload(this DurableTaskClient client, HttpRequest request, string instanceId)
    {
        var options = request.HttpContext.RequestServices.GetService<IOptions<DurableHttpApiOptions>>()?.Value ?? new DurableHttpApiOptions();
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}{options.RoutePrefix.TrimEnd('/')}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = new StringBuilder($"taskHub={Uri.EscapeDataString(client.Name)}&connection={Uri.EscapeDataString(options.ConnectionName)}");
        if (options.ManagementKey?.Invoke(request) is { Length: > 0 } key)
        {
            query.Append("&code=").Append(Uri.EscapeDataString(key));
        }
        return new HttpManagementPayload(
            instanceId,
            $"{instance}?{query}",
            $"{instance}/raiseEvent/{{eventName}}?{query}",
            $"{instance}/terminate?reason={{text}}&{query}",
            $"{instance}?{query}",
            $"{instance}/suspend?reason={{text}}&{query}",
            $"{instance}/resume?reason={{text}}&{query}");
    }

    /// <summary>202 Accepted with the management links and a Location header pointing at the status.</summary>
    public static IResult CreateCheckStatusResponse(this DurableTaskClient client, HttpRequest request, string instanceId)
    {
        var payload = client.CreateHttpManagementPayload(request, instanceId);
        return Results.Json(payload, statusCode: StatusCodes.Status202Accepted).WithLocation(payload.StatusQueryGetUri);
    }

    private static IResult WithLocation(this IResult result, string location) => new LocatedResult(result, location);

    private static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, string functionName, string? instanceId, CancellationToken cancellationToken)
    {
        object? input = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                input = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"The request body is not valid JSON: {e.Message}" });
            }
        }
        try
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, input,
                instanceId is null ? null : new StartOrchestrationOptions(instanceId), cancellationToken);
            return client.CreateCheckStatusResponse(request, id);
        }
        catch (DurableTaskClientException e)
        {
            return Problem(e);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    private static async Task<IResult> GetStatusAsync(HttpRequest request, DurableTaskClient client, string instanceId,
        bool? showHistory, bool? showHistoryOutput, bool? showInput, bool? returnInternalServerErrorOnFailure, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return Results.NotFound();
        }
        var history = showHistory == true ? await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken) : null;
        var body = OrchestrationStatusJson.Status(metadata, showInput ?? true, history, showHistoryOutput == true);
        var status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed when returnInternalServerErrorOnFailure == true => StatusCodes.Status500InternalServerError,
            _ when metadata.IsCompleted => StatusCodes.Status200OK,
            _ => StatusCodes.Status202Accepted,
        };
        var result = Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);
        return status == StatusCodes.Status202Accepted ? result.WithLocation(request.GetEncodedUrl()) : result;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, HttpResponse response, DurableTaskClient client,
        string? runtimeStatus, DateTimeOffset? createdTimeFrom, DateTimeOffset? createdTimeTo, int? top, bool? showInput, string? instanceIdPrefix,
        CancellationToken cancellationToken)
    {
        List<OrchestrationRuntimeStatus>? statuses = null;
        if (!string.IsNullOrWhiteSpace(runtimeStatus))
        {
            statuses = [];
            foreach (var part in runtimeStatus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var parsed))
                {
                    return Results.BadRequest(new { error = $"runtimeStatus '{part}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}." });
                }
                statuses.Add(parsed);
            }
        }
        var continuation = request.Headers[ContinuationHeader].FirstOrDefault();
        OrchestrationQueryPage page;
        try
        {
            page = await client.QueryInstancesPageAsync(new OrchestrationQuery
            {
                Statuses = statuses,
                CreatedFrom = createdTimeFrom,
                CreatedTo = createdTimeTo,
                InstanceIdPrefix = instanceIdPrefix,
                PageSize = top ?? 100,
                ContinuationToken = string.IsNullOrEmpty(continuation) ? null : continuation,
                FetchInputsAndOutputs = true,
            }, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
        if (page.ContinuationToken is not null)
        {
            response.Headers[ContinuationHeader] = page.ContinuationToken;
        }
        var array = new JsonArray(page.Instances.Select(i => (JsonNode)OrchestrationStatusJson.Status(i, showInput ?? false, null, false)).ToArray());
        return Results.Text(array.ToJsonString(), "application/json", Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static async Task<IResult> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellationToken);
        return result.PurgedInstanceCount == 0 ? Results.NotFound() : Results.Ok(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static async Task<IResult> PurgeManyAsync(DurableTaskClient client, DateTimeOffset? createdTimeFrom, DateTimeOffset? createdTimeTo,
        string? runtimeStatus, CancellationToken cancellationToken)
    {
        var statuses = runtimeStatus?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Enum.TryParse<OrchestrationRuntimeStatus>(s, true, out var parsed) ? parsed : (OrchestrationRuntimeStatus?)null).ToList();
        if (statuses?.Any(s => s is null) == true)
        {
            return Results.BadRequest(new { error = $"runtimeStatus '{runtimeStatus}' holds an unknown status." });
        }
        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(createdTimeFrom, createdTimeTo,
            statuses?.Select(s => s!.Value).ToList()), cancellationToken);
        return result.PurgedInstanceCount == 0 ? Results.NotFound() : Results.Ok(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static async Task<IResult> RaiseEventAsync(HttpRequest request, DurableTaskClient client, string instanceId, string eventName, CancellationToken cancellationToken)
    {
        JsonElement? payload = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                payload = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"The event payload is not valid JSON: {e.Message}" });
            }
        }
        return await ControlAsync(() => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken));
    }

    private static async Task<IResult> ControlAsync(Func<Task> action)
    {
        try
        {
            await action();
            return Results.Accepted();
        }
        catch (DurableTaskClientException e)
        {
            return Problem(e);
        }
    }

    private static IResult Problem(DurableTaskClientException e) =>
        Results.Json(new { error = e.Message, code = e.ErrorCode }, statusCode: e.Status);

    private static string GetEncodedUrl(this HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";

    private sealed class LocatedResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
