using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions.Runtime;
using MlOps.Storage.Configuration;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

/// <summary>
/// The real functions host on Kestrel (127.0.0.1, a free port), against the test's Azurite,
/// with its own state folder (durable store, keys, Event Grid state).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestHost(WebApplication app, string stateDirectory)
    {
        this.app = app;
        StateDirectory = stateDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>The sweep test hosts run unless a test brings its own: two quick trials.</summary>
    public const string SmallSweep = "{ algorithm: random, limits: { maxTrials: 2, parallelTrials: 2, maxFailedTrials: 0 }, earlyStopping: none, parameters: [ { name: model, type: categorical, values: [rf, gbdt] } ] }";

    public HttpClient Http { get; }

    public string StateDirectory { get; }

    public IServiceProvider Services => app.Services;

    public FunctionKeys Keys => app.Services.GetRequiredService<FunctionKeys>();

    public DurableTaskClient Durable => app.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<TestHost> StartAsync(
        AzuriteFixture azurite,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string? stateDirectory = null)
    {
        stateDirectory ??= RepositoryPaths.NewWorkDirectory("host-state");
        var arguments = new List<string> { "--urls", "http://127.0.0.1:0" };
        var all = new Dictionary<string, string>(azurite.Environment)
        {
            ["MlOps:LocalEventGrid:PollInterval"] = "00:00:00.100",
            ["MlOps:LocalEventGrid:FirstRetryDelay"] = "00:00:00.100",
            ["MlOps:Pipeline:SweepSpec"] = SmallSweep,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        foreach (var (key, value) in all)
        {
            arguments.Add($"--{key.Replace("__", ":", StringComparison.Ordinal)}={value}");
        }
        var app = FunctionsApplication.Create([.. arguments], new MlOpsPaths(RepositoryPaths.Root, stateDirectory), configure);
        await app.StartAsync();
        return new TestHost(app, stateDirectory);
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add(FunctionKeyFilter.HeaderName, key);
        }
        return request;
    }

    public Task<HttpResponseMessage> PostEventsAsync(object events, string functionName = "SurveyArrived", string? eventType = "Notification")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{EventGridWebhook.Path}?functionName={functionName}&code={Uri.EscapeDataString(Keys.EventGrid)}")
        {
            Content = JsonContent.Create(events),
        };
        if (eventType is not null)
        {
            request.Headers.Add("aeg-event-type", eventType);
        }
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
