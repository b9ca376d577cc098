using Microsoft.Extensions.Options;
using MlOps.Durable.Hosting;
using MlOps.Functions.Activities;
using MlOps.Jobs;
using MlOps.Registry;
using MlOps.Storage.Blobs;
using MlOps.Storage.Configuration;
using MlOps.Surveys.Packages;

namespace MlOps.Functions.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>What the retrain run's activities use: survey packages, the job runner, the registry, trial files and run reports, with their options.</summary>
    public static IServiceCollection AddRetrainPipeline(this IServiceCollection services, IConfiguration configuration, MlOpsPaths paths)
    {
        services.Configure<RetrainOptions>(configuration.GetSection(RetrainOptions.Section));
        services.Configure<PipelineOptions>(configuration.GetSection(PipelineOptions.Section));
        services.Configure<DriftOptions>(configuration.GetSection(DriftOptions.Section));
        services.AddSingleton(provider => new SurveyBlobStore(provider.GetRequiredService<BlobServiceClient>(), Path.Combine(paths.StateDirectory, "cache", "surveys")));
        services.AddSingleton(configuration.GetSection("MlOps:Surveys:Validation").Get<SurveyValidationOptions>() ?? new SurveyValidationOptions());
        services.AddSingleton<SurveyFeatures>();
        services.AddJobRunner(configuration, paths);
        services.AddModelRegistry(configuration);
        services.AddSingleton(provider => new TrialStore(provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<IOptions<PipelineOptions>>().Value.TrialsContainer));
        services.AddSingleton(provider => new RunReports(provider.GetRequiredService<BlobServiceClient>(), provider.GetRequiredService<IOptions<PipelineOptions>>().Value.RunsContainer));
        return services;
    }

    /// <summary>The retrain orchestration, its sweep sub-orchestration and their activities.</summary>
    public static DurableTaskBuilder AddRetrainPipeline(this DurableTaskBuilder durable) => durable
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
        .AddActivity<StartRolloutActivity>(StartRolloutActivity.Name);
}
