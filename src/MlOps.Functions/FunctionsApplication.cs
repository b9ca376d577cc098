using MlOps.Durable;
using MlOps.Durable.Hosting;
using MlOps.Durable.Http;
using MlOps.Functions.Activities;
using MlOps.Functions.Dashboard;
using MlOps.Functions.Functions;
using MlOps.Functions.Health;
using MlOps.Functions.Inference;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;
using MlOps.Functions.Telemetry;
using MlOps.Jobs;
using MlOps.Registry;
using Microsoft.Extensions.Options;
using MlOps.Storage;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Storage.EventGrid;
using MlOps.Surveys.Packages;

namespace MlOps.Functions;

/// <summary>
/// The composition root: configuration from host.json, local.settings.json and the
/// environment; storage (starting Azurite locally); the functions and their triggers.
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
        services.Configure<RetrainOptions>(configuration.GetSection(RetrainOptions.Section));
        services.AddSingleton(provider => new SurveyBlobStore(provider.GetRequiredService<BlobServiceClient>(), Path.Combine(paths.StateDirectory, "cache", "surveys")));
        services.AddSingleton(configuration.GetSection("MlOps:Surveys:Validation").Get<SurveyValidationOptions>() ?? new SurveyValidationOptions());
        var retrain = configuration.GetSection(RetrainOptions.Section).Get<RetrainOptions>() ?? new RetrainOptions();
        services.Configure<PipelineOptions>(configuration.GetSection(PipelineOptions.Section));
        services.Configure<DriftOptions>(configuration.GetSection(DriftOptions.Section));
        services.AddJobRunner(configuration, paths);
        services.AddModelRegistry(configuration);
        services.AddSingleton<SurveyFeatures>();
        services.AddInference(configuration);
        services.AddSingleton(provider => new TrialStore(provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<IOptions<PipelineOptions>>().Value.TrialsContainer));
        services.AddSingleton(provider => new RunReports(provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<IOptions<PipelineOptions>>().Value.RunsContainer));
        services.AddDurableTask(durable => durable
            .AddOrchestrator<RetrainSurveyOrchestration>(RetrainSurveyOrchestration.Name)
            .AddOrchestrator<SweepOrchestration>(SweepOrchestration.Name)
            .AddActivity<ValidateSurveyActivity>(ValidateSurveyActivity.Name)
            .AddActivity<ListSurveyYearsActivity>(ListSurveyYearsActivity.Name)
            .AddActivity<DriftReportActivity>(DriftReportActivity.Name)
            .AddActivity<GetPipelineSettingsActivity>(GetPipelineSettingsActivity.Name)
            .AddActivity<ProposeTrialsActivity>(ProposeTrialsActivity.Name)
            .AddActivity<RunTrialActivity>(RunTrialActivity.Name)
            .AddActivity<StopTrialActivity>(StopTrialActivity.Name)
            .AddActivity<GetChampionActivity>(GetChampionActivity.Name)
            .AddActivity<EvaluateActivity>(EvaluateActivity.Name)
            .AddActivity<RegisterModelActivity>(RegisterModelActivity.Name)
            .AddActivity<StartRolloutActivity>(StartRolloutActivity.Name)
            .AddOrchestrator<CanaryRolloutOrchestration>(CanaryRolloutOrchestration.Name)
            .AddActivity<RolloutBeginActivity>(RolloutBeginActivity.Name)
            .AddActivity<RolloutWeightActivity>(RolloutWeightActivity.Name)
            .AddActivity<RolloutMetricsActivity>(RolloutMetricsActivity.Name)
            .AddActivity<RolloutGatesActivity>(RolloutGatesActivity.Name)
            .AddActivity<RolloutPauseActivity>(RolloutPauseActivity.Name)
            .AddActivity<RolloutFinishActivity>(RolloutFinishActivity.Name));
        services.AddFunctions(configuration, paths, functions => functions
            .AddEventGrid<SurveyArrivedFunction>(SurveyArrivedFunction.Name)
            .AddHttp<StartRetrainFunction>(StartRetrainFunction.Name, AuthorizationLevel.Function, "POST", "retrain")
            .AddTimer<ScheduledRetrainFunction>(ScheduledRetrainFunction.Name, retrain.Schedule)
            .AddHttp<PredictFunction>(PredictFunction.Name, AuthorizationLevel.Function, "POST", PredictFunction.Route)
            .AddHttp<FeedbackFunction>(FeedbackFunction.Name, AuthorizationLevel.Function, "POST", FeedbackFunction.Route)
            .AddHttp<CanaryStatusFunction>(CanaryStatusFunction.Name, AuthorizationLevel.Function, "GET", CanaryStatusFunction.Route)
            .AddHttp<CanaryControlFunction>(CanaryControlFunction.Name, AuthorizationLevel.Admin, "POST", CanaryControlFunction.Route));
        services.AddOptions<DurableHttpApiOptions>().Configure<FunctionKeys>((options, keys) => options.ManagementKey = _ => keys.DurableTask);
        var eventGrid = new LocalEventGridOptions();
        configuration.GetSection(LocalEventGridOptions.Section).Bind(eventGrid);
        if (BlobServiceClientFactory.UsesDevelopmentStorage(configuration) && eventGrid.Enabled)
        {
            services.AddSingleton(eventGrid);
            services.AddSingleton(new LocalEventGridTarget(SurveyArrivedFunction.Name, eventGrid.StateDirectory ?? Path.Combine(paths.StateDirectory, "eventgrid")));
            services.AddHostedService<LocalEventGridHostedService>();
        }
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
