using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Rollout;
using MlOps.Registry;

namespace MlOps.Functions.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// The inference path and its rollout: options from <c>MlOps:Inference</c> and
    /// <c>MlOps:Rollout</c>, the session cache, the per-host metrics with their flusher, the mirror
    /// queue, the prediction log for feedback, <see cref="InferenceService"/> and <see cref="CanaryStatusClient"/>.
    /// </summary>
    public static IServiceCollection AddInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        services.AddOptions<RolloutOptions>().Bind(configuration.GetSection(RolloutOptions.Section)).Validate(o =>
        {
            o.ParseWeights();
            return true;
        }).ValidateOnStart();
        services.AddSingleton<ModelSessionCache>();
        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<OnlineMetricsStore>();
        services.AddSingleton<MetricsFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<MetricsFlusher>());
        services.AddSingleton<MirrorQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<MirrorQueue>());
        services.AddSingleton<InferenceService>();
        services.AddSingleton(provider => new CanaryStatusClient(
            provider.GetRequiredService<ModelRegistryClient>(),
            provider.GetRequiredService<OnlineMetricsStore>(),
            provider.GetService<DurableTaskClient>()));
        return services;
    }
}
