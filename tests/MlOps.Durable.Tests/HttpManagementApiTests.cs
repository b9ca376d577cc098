using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable.Hosting;
using MlOps.Durable.Http;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>The management API on a real Kestrel server, called over real HTTP.</summary>
public sealed class HttpManagementApiTests : IAsyncLifetime
{
    private readonly SqliteStoreFactory stores = new();
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDurableTask(durable => durable
            .UseStore(_ => stores.Create("HttpHub"))
            .Configure(o => o.StorageProvider.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100))
            .AddOrchestratorFunc<string, string>("Hello", async (context, name) => await context.CallActivityAsync<string>("Greet", name))
            .AddOrchestratorFunc<object?, JsonElement>("AwaitApproval", async (context, _) => await context.WaitForExternalEvent<JsonElement>("approval"))
            .AddActivityFunc<string, string>("Greet", (_, name) => $"Hello, {name}"));
        builder.Services.Configure<DurableHttpApiOptions>(o => o.ManagementKey = _ => "system-key");
        app = builder.Build();
        // Authorization is the caller's: here a header check on the whole group.
        app.MapDurableTaskManagement().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers["x-test-key"] == "let-me-in" || context.HttpContext.Request.Query["code"] == "system-key"
                ? await next(context)
                : Results.Unauthorized());
        app.MapPost("/api/start/{name}", async (HttpRequest request, DurableTaskClient client, string name) =>
            client.CreateCheckStatusResponse(request, await client.ScheduleNewOrchestrationInstanceAsync("Hello", name)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("x-test-key", "let-me-in");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        stores.Dispose();
    }

    private DurableTaskClient Client => app.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task Starting_returns_202_with_the_management_links_and_status_shows_input_output_and_history()
    {
        var response = await http.PostAsync("/runtime/webhooks/durabletask/orchestrators/Hello", JsonContent.Create("Ada"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var links = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = links.GetProperty("id").GetString()!;
        var statusUri = links.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(statusUri, response.Headers.Location!.ToString());
        Assert.StartsWith($"{http.BaseAddress!.ToString().TrimEnd('/')}/runtime/webhooks/durabletask/instances/{id}?taskHub=HttpHub&connection=Storage&code=system-key", statusUri);
        Assert.Contains($"/instances/{id}/raiseEvent/{{eventName}}?", links.GetProperty("sendEventPostUri").GetString());
        Assert.Contains($"/instances/{id}/terminate?reason={{text}}&", links.GetProperty("terminatePostUri").GetString());
        Assert.Equal(statusUri, links.GetProperty("purgeHistoryDeleteUri").GetString());

        await Client.WaitForInstanceCompletionAsync(id);
        using var anonymous = new HttpClient();
        var status = await anonymous.GetAsync(statusUri + "&showHistory=true&showHistoryOutput=true"); // the link's own code authorizes it
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Hello", body.GetProperty("name").GetString());
        Assert.Equal(id, body.GetProperty("instanceId").GetString());
        Assert.Equal("Completed", body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Ada", body.GetProperty("input").GetString());
        Assert.Equal("Hello, Ada", body.GetProperty("output").GetString());
        Assert.True(DateTime.TryParse(body.GetProperty("createdTime").GetString(), out _));
        Assert.True(DateTime.TryParse(body.GetProperty("lastUpdatedTime").GetString(), out _));
        var events = body.GetProperty("historyEvents").EnumerateArray().ToList();
        Assert.Equal(["ExecutionStarted", "TaskCompleted", "ExecutionCompleted"], events.Select(e => e.GetProperty("EventType").GetString()));
        Assert.Equal("Greet", events[1].GetProperty("FunctionName").GetString());
        Assert.Equal("Hello, Ada", events[1].GetProperty("Result").GetString());
    }

    [Fact]
    public async Task Events_terminate_and_purge_work_through_the_links_with_Durable_Functions_status_codes()
    {
        var start = await http.PostAsync("/runtime/webhooks/durabletask/orchestrators/AwaitApproval/order-17", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await Client.WaitForInstanceStartAsync("order-17");
        var running = await http.GetAsync("/runtime/webhooks/durabletask/instances/order-17");
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);

        var bad = await http.PostAsync("/runtime/webhooks/durabletask/instances/order-17/raiseEvent/approval",
            new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var raised = await http.PostAsync("/runtime/webhooks/durabletask/instances/order-17/raiseEvent/approval", JsonContent.Create(new { by = "Grace" }));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var done = await Client.WaitForInstanceCompletionAsync("order-17", getInputsAndOutputs: true);
        Assert.Equal("Grace", done.ReadOutputAs<JsonElement>().GetProperty("by").GetString());

        var late = await http.PostAsync("/runtime/webhooks/durabletask/instances/order-17/raiseEvent/approval", JsonContent.Create(1));
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        var unknown = await http.PostAsync("/runtime/webhooks/durabletask/instances/no-such/terminate?reason=x", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await http.PostAsync("/runtime/webhooks/durabletask/orchestrators/AwaitApproval/order-18", null);
        await Client.WaitForInstanceStartAsync("order-18");
        var terminated = await http.PostAsync("/runtime/webhooks/durabletask/instances/order-18/terminate?reason=cancelled%20by%20customer", null);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        var ended = await Client.WaitForInstanceCompletionAsync("order-18", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);
        Assert.Equal("cancelled by customer", ended.ReadOutputAs<string>());

        var purged = await http.DeleteAsync("/runtime/webhooks/durabletask/instances/order-18");
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, JsonDocument.Parse(await purged.Content.ReadAsStringAsync()).RootElement.GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/runtime/webhooks/durabletask/instances/order-18")).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_status_and_pages_with_the_continuation_header()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await Client.ScheduleNewOrchestrationInstanceAsync("Hello", $"n{i}");
            await Client.WaitForInstanceCompletionAsync(id);
            ids.Add(id);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances?runtimeStatus=Completed&top=2");
            if (token is not null)
            {
                request.Headers.Add(DurableHttpApi.ContinuationHeader, token);
            }
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
            Assert.InRange(page.Count, 1, 2);
            seen.AddRange(page.Select(p => p.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues(DurableHttpApi.ContinuationHeader, out var values) ? values.First() : null;
        }
        while (token is not null);
        Assert.Equal(ids.Order(), seen.Order());
        var wrong = await http.GetAsync("/runtime/webhooks/durabletask/instances?runtimeStatus=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task The_group_carries_the_callers_authorization_and_start_helpers_return_the_same_payload()
    {
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/runtime/webhooks/durabletask/instances")).StatusCode);

        var response = await anonymous.PostAsync("/api/start/Lin", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var links = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var done = await Client.WaitForInstanceCompletionAsync(links.GetProperty("id").GetString()!, getInputsAndOutputs: true);
        Assert.Equal("Hello, Lin", done.ReadOutputAs<string>());
    }
}
