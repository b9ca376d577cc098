using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Durable;
using MlOps.Functions.Activities;
using MlOps.Functions.Telemetry;
using MlOps.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MlOps.Functions.Tests;

public sealed class HttpStartTraceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_started_over_http_is_traced_under_its_request_and_its_failure_marks_the_turn_span()
    {
        var exported = new InMemorySpanExporter();
        await using var host = await TestHost.StartAsync(azurite, configure: builder => builder.Services.Configure<TelemetryOptions>(options =>
            options.ConfigureTracing += tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(exported))));

        // A site with no surveys: the run fails at its second step, quickly and for a known reason.
        var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function, JsonContent.Create(new { site = "nowhere" })));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Durable.WaitForInstanceCompletionAsync(id, cancellationToken: patience.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);

        var create = Assert.Single(exported.Spans, s => s.DisplayName == "create_orchestration:RetrainSurvey" && (string?)s.GetTagItem(DurableTelemetry.InstanceIdTag) == id);
        var trace = exported.Spans.Where(s => s.TraceId == create.TraceId).ToList();
        var function = Assert.Single(trace, s => s.SpanId == create.ParentSpanId);
        Assert.Equal(("StartRetrain", "http"), (function.DisplayName, function.GetTagItem("faas.trigger")));
        var request = Assert.Single(trace, s => s.SpanId == function.ParentSpanId);
        Assert.Equal(("POST /api/retrain", ActivityKind.Server, 202), (request.DisplayName, request.Kind, request.GetTagItem("http.response.status_code")));
        Assert.Equal(default, request.ParentSpanId);

        var turns = trace.Where(s => s.DisplayName == "orchestration:RetrainSurvey").ToList();
        Assert.All(turns, turn => Assert.Equal(create.SpanId, turn.ParentSpanId));
        var last = Assert.Single(turns, turn => turn.Status == ActivityStatusCode.Error);
        Assert.Equal("Failed", last.GetTagItem(DurableTelemetry.StatusTag));
        Assert.Contains("no valid survey", last.StatusDescription, StringComparison.Ordinal);
        Assert.Contains(trace, s => s.DisplayName == $"activity:{ListSurveyYearsActivity.Name}" && turns.Any(t => t.SpanId == s.ParentSpanId));
    }
}
