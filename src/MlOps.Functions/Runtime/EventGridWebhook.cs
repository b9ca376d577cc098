using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Options;
using MlOps.Functions.Telemetry;

namespace MlOps.Functions.Runtime;

/// <summary>
/// The Event Grid trigger endpoint, at the path the Functions host uses
/// (<c>/runtime/webhooks/eventgrid?functionName=…&amp;code=…</c>): the subscription validation
/// handshake (Event Grid schema), the CloudEvents 1.0 abuse-protection handshake (OPTIONS),
/// and batches of events in either schema, each handed to the named function. The response is
/// a success only when every event in the batch was handled, so a failure or a crash makes the
/// sender redeliver.
/// </summary>
public static class EventGridWebhook
{
    public const string Path = "/runtime/webhooks/eventgrid";

    private const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public static IEndpointRouteBuilder MapEventGridWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Path, [HttpMethods.Options], HandleAbuseProtection).ExcludeFromDescription();
        endpoints.MapPost(Path, HandleDeliveryAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult HandleAbuseProtection(HttpContext context, FunctionKeys keys)
    {
        if (!keys.AllowsEventGrid(FunctionKeyFilter.PresentedKey(context.Request)))
        {
            return Results.Unauthorized();
        }
        var origin = context.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return Results.BadRequest(new { error = "The CloudEvents handshake needs a WebHook-Request-Origin header." });
        }
        context.Response.Headers["WebHook-Allowed-Origin"] = origin;
        context.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return Results.Ok();
    }

    private static async Task<IResult> HandleDeliveryAsync(
        HttpContext context,
        FunctionKeys keys,
        FunctionCatalog catalog,
        IOptions<HttpLimitsOptions> limits,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!keys.AllowsEventGrid(FunctionKeyFilter.PresentedKey(request)))
        {
            return Results.Unauthorized();
        }
        var functionName = request.Query["functionName"].ToString();
        if (catalog.Find(functionName) is not { Trigger: TriggerKind.EventGrid } function)
        {
            return Results.NotFound(new { error = $"No Event Grid function named '{functionName}'." });
        }

        BinaryData body;
        try
        {
            body = await RequestBody.ReadAsync(request, limits.Value.MaxEventGridBodyBytes, cancellationToken);
        }
        catch (RequestTooLargeException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var isCloudEvents = request.ContentType?.Contains("cloudevents", StringComparison.OrdinalIgnoreCase) == true;
        EventGridEvent[] events;
        try
        {
            events = isCloudEvents ? CloudEvent.ParseMany(body).Select(FromCloudEvent).ToArray() : EventGridEvent.ParseMany(body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return Results.BadRequest(new { error = $"The body is not a valid {(isCloudEvents ? "CloudEvents" : "Event Grid")} batch: {e.Message}" });
        }
        if (events.Length == 0)
        {
            return Results.BadRequest(new { error = "The batch holds no events." });
        }

        if (request.Headers["aeg-event-type"] == "SubscriptionValidation" || events[0].EventType == ValidationEventType)
        {
            return Validate(events[0]);
        }

        var logger = loggers.CreateLogger(typeof(EventGridWebhook));
        await using var scope = context.RequestServices.CreateAsyncScope();
        var handler = (IEventGridFunction)scope.ServiceProvider.GetRequiredService(function.Handler!);
        foreach (var item in events)
        {
            using (logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = function.Name, ["EventId"] = item.Id }))
            using (var span = FunctionsTelemetry.StartFunction(function.Name, "pubsub"))
            {
                span?.SetTag("cloudevents.event_id", item.Id);
                span?.SetTag("cloudevents.event_type", item.EventType);
                span?.SetTag("cloudevents.event_subject", item.Subject);
                await handler.RunAsync(item, cancellationToken);
            }
        }
        return Results.Ok();
    }

    private static IResult Validate(EventGridEvent validation)
    {
        try
        {
            var code = validation.Data.ToObjectFromJson<JsonElement>().GetProperty("validationCode").GetString();
            return string.IsNullOrEmpty(code)
                ? Results.BadRequest(new { error = "The validation event has an empty validationCode." })
                : Results.Ok(new { validationResponse = code });
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Results.BadRequest(new { error = $"The validation event has no data.validationCode: {e.Message}" });
        }
    }

    private static EventGridEvent FromCloudEvent(CloudEvent cloudEvent) =>
        new(cloudEvent.Subject ?? "", cloudEvent.Type, "1.0", cloudEvent.Data ?? new BinaryData("null"))
        {
            Id = cloudEvent.Id,
            Topic = cloudEvent.Source,
            EventTime = cloudEvent.Time ?? DateTimeOffset.UtcNow,
        };
}
