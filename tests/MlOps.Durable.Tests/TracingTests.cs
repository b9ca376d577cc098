using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlOps.Durable.Tests;

/// <summary>
/// Distributed tracing through the store: the client's span, every turn of a parent and its
/// sub-orchestration and every activity form one trace; logs written while an instance's code
/// runs carry its instance id; turns and activity runs are counted on the host's meter.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private readonly SqliteStoreFactory stores = new();
    private readonly ConcurrentBag<Activity> spans = [];
    private readonly ActivityListener listener;

    public TracingTests()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DurableTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
    }

    [Fact]
    public async Task One_trace_links_the_client_each_turn_the_sub_orchestration_and_every_activity()
    {
        var logs = new ScopeCapturingLoggerProvider();
        var hub = "trace" + Guid.NewGuid().ToString("N")[..8];
        await using var host = await DurableTestHost.StartAsync(() => stores.Create(hub), b => b
            .AddOrchestratorFunc<int, int>("Parent", async (context, n) =>
            {
                context.CreateReplaySafeLogger("Parent").LogInformation("parent running");
                var doubled = await context.CallActivityAsync<int>("Double", n);
                return await context.CallSubOrchestratorAsync<int>("Child", doubled, new SubOrchestrationOptions(InstanceId: context.InstanceId + "-child"));
            })
            .AddOrchestratorFunc<int, int>("Child", (context, n) => context.CallActivityAsync<int>("Double", n))
            .AddActivityFunc<int, int>("Double", (context, n) =>
            {
                context.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Double").LogInformation("doubling {N}", n);
                return n * 2;
            }),
            services: s => s.AddLogging(l => l.AddProvider(logs)));
        using var meterReadings = new TurnMeterReadings(host.Services.GetRequiredService<IMeterFactory>());

        using var root = new Activity("test request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 3, "traced-parent");
        root.Stop();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(12, done.ReadOutputAs<int>());

        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        var create = Assert.Single(trace, s => s.DisplayName == "create_orchestration:Parent");
        Assert.Equal(root.SpanId, create.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, create.Kind);
        var parentTurns = trace.Where(s => s.DisplayName == "orchestration:Parent").ToList();
        Assert.True(parentTurns.Count >= 3, $"{parentTurns.Count} parent turns"); // start, activity result, sub-orchestration result
        Assert.All(parentTurns, t => Assert.Equal(create.SpanId, t.ParentSpanId));
        Assert.All(parentTurns, t => Assert.Equal(id, t.GetTagItem(DurableTelemetry.InstanceIdTag)));
        Assert.Equal("Completed", parentTurns.Last(t => t.GetTagItem(DurableTelemetry.StatusTag) is "Completed").GetTagItem(DurableTelemetry.StatusTag));

        var childTurns = trace.Where(s => s.DisplayName == "orchestration:Child").ToList();
        Assert.NotEmpty(childTurns);
        Assert.All(childTurns, t => Assert.Contains(parentTurns, p => p.SpanId == t.ParentSpanId));
        var activities = trace.Where(s => s.DisplayName == "activity:Double").ToList();
        Assert.Equal(2, activities.Count);
        Assert.Single(activities, a => parentTurns.Any(p => p.SpanId == a.ParentSpanId) && (string?)a.GetTagItem(DurableTelemetry.InstanceIdTag) == id);
        Assert.Single(activities, a => childTurns.Any(c => c.SpanId == a.ParentSpanId) && (string?)a.GetTagItem(DurableTelemetry.InstanceIdTag) == id + "-child");

        Assert.Contains(logs.Entries, e => e.Message == "parent running" && e.Scope.GetValueOrDefault("InstanceId") as string == id);
        Assert.Contains(logs.Entries, e => e.Message == "doubling 3" && e.Scope.GetValueOrDefault("InstanceId") as string == id
            && e.Scope.GetValueOrDefault("ActivityName") as string == "Double");
        Assert.Contains(logs.Entries, e => e.Message == "doubling 6" && e.Scope.GetValueOrDefault("InstanceId") as string == id + "-child");

        Assert.Contains(meterReadings.Turns, t => t.Orchestration == "Parent" && t.Outcome == "Completed");
        Assert.Contains(meterReadings.Turns, t => t.Orchestration == "Child" && t.Outcome == "Completed");
        Assert.Contains(meterReadings.Turns, t => t.Orchestration == "Parent" && t.Outcome == "Running");
    }

    public void Dispose()
    {
        listener.Dispose();
        stores.Dispose();
    }

    /// <summary>The turn counter's measurements from one host's meter (other hosts in the process are ignored).</summary>
    private sealed class TurnMeterReadings : IDisposable
    {
        private readonly MeterListener meters = new();

        public TurnMeterReadings(IMeterFactory hostMeters)
        {
            meters.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == hostMeters && instrument.Name == "mlops.durable.orchestration.turns")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
                Turns.Add((values.GetValueOrDefault("orchestration"), values.GetValueOrDefault("outcome")));
            });
            meters.Start();
        }

        public ConcurrentBag<(string? Orchestration, string? Outcome)> Turns { get; } = [];

        public void Dispose() => meters.Dispose();
    }

    private sealed class ScopeCapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentBag<(string Message, Dictionary<string, object?> Scope)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                provider.scopes.ForEachScope((value, into) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            into[key] = item;
                        }
                    }
                }, scope);
                provider.Entries.Add((formatter(state, exception), scope));
            }
        }
    }
}
