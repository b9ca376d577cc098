using MlOps.Functions.Telemetry;

namespace MlOps.Functions.Runtime;

public static class FunctionEndpoints
{
    public const string RoutePrefixKey = "AzureFunctionsJobHost:extensions:http:routePrefix";

    /// <summary>
    /// Maps every HTTP function under the route prefix (host.json extensions.http.routePrefix,
    /// "api" by default) behind its key filter, the Event Grid webhook, and
    /// <c>GET /admin/functions</c> (master key).
    /// </summary>
    public static WebApplication MapFunctions(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        var prefix = (app.Configuration[RoutePrefixKey] ?? "api").Trim('/');
        foreach (var function in catalog.Functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var route = prefix.Length == 0 ? "/" + function.Route : $"/{prefix}/{function.Route}";
            app.MapMethods(route, function.Methods!, async (HttpContext context, CancellationToken cancellationToken) =>
                {
                    var handler = (IHttpFunction)context.RequestServices.GetRequiredService(function.Handler!);
                    using var span = FunctionsTelemetry.StartFunction(function.Name, "http");
                    try
                    {
                        return await handler.RunAsync(context, cancellationToken);
                    }
                    catch (RequestTooLargeException e)
                    {
                        return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status413PayloadTooLarge);
                    }
                })
                .AddEndpointFilter(new FunctionKeyFilter(keys, function.AuthLevel ?? AuthorizationLevel.Function))
                .WithName(function.Name);
        }
        var durable = app.Services.GetService<MlOps.Durable.DurableTaskRegistry>();
        var listed = catalog.Functions
            .Concat(durable?.OrchestratorNames.Order().Select(n => new FunctionDescriptor(n, TriggerKind.Orchestration)) ?? [])
            .Concat(durable?.ActivityNames.Order().Select(n => new FunctionDescriptor(n, TriggerKind.Activity)) ?? [])
            .ToList();
        app.MapGet("/admin/functions", () => Results.Ok(listed.Select(f => new
            {
                name = f.Name,
                trigger = f.Trigger.ToString().ToLowerInvariant(),
                route = f.Route is null ? null : (prefix.Length == 0 ? "/" : $"/{prefix}/") + f.Route,
                methods = f.Methods,
                authLevel = f.AuthLevel?.ToString().ToLowerInvariant(),
                schedule = f.Schedule,
            })))
            .AddEndpointFilter(new FunctionKeyFilter(keys, AuthorizationLevel.Admin));
        app.MapEventGridWebhook();
        return app;
    }
}
