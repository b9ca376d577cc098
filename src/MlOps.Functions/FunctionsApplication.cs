using MlOps.Durable.Hosting;
using MlOps.Durable.Http;
using MlOps.Functions.Dashboard;
using MlOps.Functions.Functions;
using MlOps.Functions.Health;
using MlOps.Functions.Inference;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Rollout;
using MlOps.Functions.Runtime;
using MlOps.Functions.Telemetry;
using MlOps.Storage;
using MlOps.Storage.Configuration;

namespace MlOps.Functions;

/// <summary>
/// The composition root: configuration from host.json, local.settings.json and the
/// environment; storage (starting Azurite locally); the retrain pipeline, inference and the
/// canary rollout on the durable engine; the functions and their triggers; the dashboard.
/// Program.cs runs it; `mlops up` and the tests build the same application.
/// </summary>
public static class FunctionsApplication
{
    public const int DefaultLocalPort = 7071;

    public static WebApplication Create(string[] args, MlOpsPaths paths, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = paths.Root });
        builder.Configuration.AddFunctionsConfiguration(paths);
        builder.Configuration.AddCommandLine(args);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("AzureFunctionsJobHost:logging"));
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = builder.Configuration.GetValue("Host:LocalHttpPort", DefaultLocalPort);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddMlOpsTelemetry(configuration);
        services.AddMlOpsStorage(configuration, paths);
        services.AddRetrainPipeline(configuration, paths);
        services.AddInference(configuration);
        services.AddDurableTask(durable => durable.AddRetrainPipeline().AddCanaryRollout());
        var retrain = configuration.GetSection(RetrainOptions.Section).Get<RetrainOptions>() ?? new RetrainOptions();
        services.AddFunctions(configuration, paths, functions => functions
            .AddEventGrid<SurveyArrivedFunction>(SurveyArrivedFunction.Name)
            .AddHttp<StartRetrainFunction>(StartRetrainFunction.Name, AuthorizationLevel.Function, "POST", "retrain")
            .AddTimer<ScheduledRetrainFunction>(ScheduledRetrainFunction.Name, retrain.Schedule)
            .AddHttp<PredictFunction>(PredictFunction.Name, AuthorizationLevel.Function, "POST", PredictFunction.Route)
            .AddHttp<FeedbackFunction>(FeedbackFunction.Name, AuthorizationLevel.Function, "POST", FeedbackFunction.Route)
            .AddHttp<CanaryStatusFunction>(CanaryStatusFunction.Name, AuthorizationLevel.Function, "GET", CanaryStatusFunction.Route)
            .AddHttp<CanaryControlFunction>(CanaryControlFunction.Name, AuthorizationLevel.Admin, "POST", CanaryControlFunction.Route));
        services.AddOptions<DurableHttpApiOptions>().Configure<FunctionKeys>((options, keys) => options.ManagementKey = _ => keys.DurableTask);
        services.AddLocalEventGrid(configuration, paths, SurveyArrivedFunction.Name);
        services.AddDashboard(configuration);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<DurableStoreHealthCheck>("durableStore", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<OnnxRuntimeHealthCheck>("onnxRuntime", tags: [HealthEndpoints.ReadyTag]);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMlOpsTelemetry();
        app.MapHealth();
        app.MapFunctions();
        app.MapDashboard();
        var keys = app.Services.GetRequiredService<FunctionKeys>();
        app.MapDurableTaskManagement().AddEndpointFilter(async (context, next) =>
            keys.AllowsDurableTask(FunctionKeyFilter.PresentedKey(context.HttpContext.Request)) ? await next(context) : Results.Unauthorized());
        return app;
    }
}
