using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOps.Durable.Runtime;
using MlOps.Durable.Stores;

namespace MlOps.Durable.Hosting;

/// <summary>
/// Runs orchestrations and activities from the task hub in this process. Stopping finishes the
/// turns in progress, gives running activities the grace period, and releases what is left so
/// another host can take it at once.
/// </summary>
public sealed class DurableTaskWorker : IHostedService, IAsyncDisposable
{
    private readonly IOrchestrationStore store;
    private readonly DurableTaskOptions options;
    private readonly OrchestrationDispatcher orchestrations;
    private readonly ActivityDispatcher activities;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private Task? running;

    public DurableTaskWorker(
        IOrchestrationStore store,
        DurableTaskRegistry registry,
        IServiceProvider services,
        DurableTaskSignals signals,
        IOptions<DurableTaskOptions> options,
        DurableMetrics metrics,
        ILoggerFactory loggerFactory,
        TimeProvider? timeProvider = null)
    {
        this.store = store;
        this.options = options.Value;
        this.options.Validate();
        var time = timeProvider ?? TimeProvider.System;
        logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        var processor = new OrchestrationTurnProcessor(registry, services, loggerFactory, time);
        orchestrations = new OrchestrationDispatcher(store, processor, signals, this.options, metrics, loggerFactory.CreateLogger("MlOps.Durable.Orchestrations"), time);
        activities = new ActivityDispatcher(store, registry, services, signals, this.options, metrics, loggerFactory.CreateLogger("MlOps.Durable.Activities"), time);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        logger.LogInformation("Durable task hub '{Hub}' on {Store}: up to {Orchestrations} orchestration turns and {Activities} activities at once",
            store.HubName, store.Kind, options.MaxConcurrentOrchestratorFunctions, options.MaxConcurrentActivityFunctions);
        running = Task.WhenAll(
            Task.Run(() => orchestrations.RunAsync(stopping.Token), CancellationToken.None),
            Task.Run(() => activities.RunAsync(stopping.Token), CancellationToken.None));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (running is null)
        {
            return;
        }
        await stopping.CancelAsync();
        await running.WaitAsync(cancellationToken);
        running = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (running is not null)
        {
            await StopAsync(CancellationToken.None);
        }
        stopping.Dispose();
    }
}
