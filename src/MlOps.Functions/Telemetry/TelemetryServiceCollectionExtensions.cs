using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MlOps.Functions.Runtime;
using OpenTelemetry.Logs;

namespace MlOps.Functions.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MlOpsMetrics"/>, the OpenTelemetry providers and the Prometheus
    /// scraper, and, when an OTLP endpoint is configured, sends logs there too (with their scopes:
    /// instance ids, function names).
    /// </summary>
    public static IServiceCollection AddMlOpsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.Section));
        services.AddMetrics();
        services.AddSingleton<MlOpsMetrics>();
        services.AddSingleton<PrometheusScraper>();
        services.AddSingleton<TelemetryProviders>();
        if (TelemetryProviders.IsOtlpConfigured(configuration))
        {
            services.AddLogging(logging => logging.AddOpenTelemetry(otel =>
            {
                otel.IncludeScopes = true;
                otel.IncludeFormattedMessage = true;
                otel.SetResourceBuilder(Resource(configuration));
                otel.AddOtlpExporter();
            }));
        }
        return services;
    }

    /// <summary>
    /// Starts the providers (before the host starts its workers), names and tags each request's
    /// span by its route, and maps the Prometheus endpoint (<see cref="TelemetryOptions.MetricsPath"/>).
    /// </summary>
    public static WebApplication UseMlOpsTelemetry(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<TelemetryProviders>();
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } request)
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                var method = context.Request.Method;
                request.DisplayName = route is null ? method : $"{method} {route}";
                request.SetTag("http.request.method", method);
                request.SetTag("url.path", context.Request.Path.Value);
                request.SetTag("http.route", route);
                request.SetTag("http.response.status_code", context.Response.StatusCode);
                if (context.Response.StatusCode >= 500)
                {
                    request.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
                }
            }
        });

        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.MetricsPath))
        {
            var endpoint = app.MapGet(options.MetricsPath, (PrometheusScraper scraper) =>
                    scraper.Scrape(TimeSpan.FromSeconds(10)) is { } text
                        ? Results.Text(text, PrometheusTextFormat.ContentType)
                        : Results.Problem("The metrics could not be collected in time.", statusCode: StatusCodes.Status503ServiceUnavailable))
                .ExcludeFromDescription();
            if (options.MetricsAuthLevel != AuthorizationLevel.Anonymous)
            {
                endpoint.AddEndpointFilter(new FunctionKeyFilter(app.Services.GetRequiredService<FunctionKeys>(), options.MetricsAuthLevel));
            }
        }
        return app;
    }

    private static OpenTelemetry.Resources.ResourceBuilder Resource(IConfiguration configuration)
    {
        var resource = OpenTelemetry.Resources.ResourceBuilder.CreateDefault();
        TelemetryProviders.Describe(resource, configuration);
        return resource;
    }
}
