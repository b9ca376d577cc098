using Microsoft.Extensions.DependencyInjection;

namespace MlOps.Durable;

/// <summary>
/// The orchestrations and activities a worker can run, registered explicitly by name.
/// Class registrations are created per call through dependency injection (constructor injection).
/// </summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> activities = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> OrchestratorNames => orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => activities.Keys;

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(string? name = null) where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(name ?? typeof(TOrchestrator).Name, services => ActivatorUtilities.CreateInstance<TOrchestrator>(services));

    public DurableTaskRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        Add(orchestrators, name, factory, "orchestrator");
        return this;
    }

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> implementation)
    {
        var orchestrator = new FuncOrchestrator<TInput, TOutput>(implementation);
        return AddOrchestrator(name, _ => orchestrator);
    }

    public DurableTaskRegistry AddOrchestratorFunc<TInput>(string name, Func<TaskOrchestrationContext, TInput, Task> implementation) =>
        AddOrchestratorFunc<TInput, object?>(name, async (context, input) =>
        {
            await implementation(context, input);
            return null;
        });

    public DurableTaskRegistry AddActivity<TActivity>(string? name = null) where TActivity : class, ITaskActivity =>
        AddActivity(name ?? typeof(TActivity).Name, services => ActivatorUtilities.CreateInstance<TActivity>(services));

    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        Add(activities, name, factory, "activity");
        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> implementation)
    {
        var activity = new FuncActivity<TInput, TOutput>(implementation);
        return AddActivity(name, _ => activity);
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> implementation) =>
        AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(implementation(context, input)));

    public DurableTaskRegistry AddActivityFunc<TInput>(string name, Func<TaskActivityContext, TInput, Task> implementation) =>
        AddActivityFunc<TInput, object?>(name, async (context, input) =>
        {
            await implementation(context, input);
            return null;
        });

    internal bool TryCreateOrchestrator(string name, IServiceProvider services, out ITaskOrchestrator orchestrator)
    {
        if (orchestrators.TryGetValue(name, out var factory))
        {
            orchestrator = factory(services);
            return true;
        }
        orchestrator = null!;
        return false;
    }

    internal bool TryCreateActivity(string name, IServiceProvider services, out ITaskActivity activity)
    {
        if (activities.TryGetValue(name, out var factory))
        {
            activity = factory(services);
            return true;
        }
        activity = null!;
        return false;
    }

    private static void Add<T>(Dictionary<string, T> map, string name, T factory, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, factory))
        {
            throw new ArgumentException($"An {kind} named '{name}' is already registered.", nameof(name));
        }
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> implementation)
        : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => implementation(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> implementation)
        : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => implementation(context, input);
    }
}
