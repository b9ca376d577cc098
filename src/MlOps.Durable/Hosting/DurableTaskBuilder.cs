using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Hosting;

/// <summary>What <see cref="DurableTaskServiceCollectionExtensions.AddDurableTask(IServiceCollection, Action{DurableTaskBuilder})"/> configures.</summary>
public sealed class DurableTaskBuilder(IServiceCollection services, DurableTaskRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    public DurableTaskRegistry Registry { get; } = registry;

    internal Func<IServiceProvider, IOrchestrationStore>? StoreFactory { get; private set; }

    public DurableTaskBuilder AddOrchestrator<TOrchestrator>(string? name = null) where TOrchestrator : class, ITaskOrchestrator
    {
        Registry.AddOrchestrator<TOrchestrator>(name);
        return this;
    }

    public DurableTaskBuilder AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> implementation)
    {
        Registry.AddOrchestratorFunc(name, implementation);
        return this;
    }

    public DurableTaskBuilder AddActivity<TActivity>(string? name = null) where TActivity : class, ITaskActivity
    {
        Registry.AddActivity<TActivity>(name);
        return this;
    }

    public DurableTaskBuilder AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> implementation)
    {
        Registry.AddActivityFunc(name, implementation);
        return this;
    }

    public DurableTaskBuilder AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> implementation)
    {
        Registry.AddActivityFunc(name, implementation);
        return this;
    }

    /// <summary>Uses this store instead of the one configured in host.json.</summary>
    public DurableTaskBuilder UseStore(Func<IServiceProvider, IOrchestrationStore> factory)
    {
        StoreFactory = factory;
        return this;
    }

    /// <summary>Sends large payloads to this store (for example blob storage) instead of the default directory.</summary>
    public DurableTaskBuilder UsePayloadStore(Func<IServiceProvider, IPayloadStore> factory)
    {
        Services.AddSingleton(factory);
        return this;
    }

    public DurableTaskBuilder Configure(Action<DurableTaskOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
