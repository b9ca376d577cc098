using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class HttpSecurityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_function_needs_its_key_and_a_wrong_or_missing_key_gets_a_bare_401()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var body = () => JsonContent.Create(new { site = "bedford" });

        var missing = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", null, body()));
        var wrong = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function + "x", body()));
        var viaQuery = await host.Http.PostAsync($"/api/retrain?code={Uri.EscapeDataString(host.Keys.Function)}", body());
        var viaHeader = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function, body()));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(await wrong.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Accepted, viaQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, viaHeader.StatusCode);
    }

    [Fact]
    public async Task Starting_a_retrain_answers_202_with_management_links_that_carry_the_durable_key_not_the_master()
    {
        await using var host = await TestHost.StartAsync(azurite);

        var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function, JsonContent.Create(new { site = "bedford", years = new[] { 2016, 2017 } })));
        var payload = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = payload.GetProperty("id").GetString()!;
        var statusUri = payload.GetProperty("statusQueryGetUri").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("retrain-bedford-manual-", id, StringComparison.Ordinal);
        Assert.Contains("code=" + Uri.EscapeDataString(host.Keys.DurableTask), statusUri, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Keys.Master, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await host.Http.GetAsync(statusUri);
        Assert.Contains(status.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted });
        var metadata = await host.Durable.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Contains("2017", metadata!.SerializedInput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"years\":[2016]}", "'site' is required")]
    [InlineData("{\"site\":\"Bedford Basin\"}", "'site' is required")]
    [InlineData("{\"site\":", "not valid JSON")]
    [InlineData("{\"site\":\"bedford\",\"sweep\":\"algorithm: annealing\"}", "annealing")]
    public async Task A_bad_retrain_request_is_a_400_that_says_why(string body, string expected)
    {
        await using var host = await TestHost.StartAsync(azurite);

        var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function, new StringContent(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string> { ["MlOps:Http:MaxRequestBodyBytes"] = "4096" });

        var response = await host.Http.SendAsync(host.Request(HttpMethod.Post, "/api/retrain", host.Keys.Function,
            new StringContent($"{{\"site\":\"bedford\",\"sweep\":\"{new string('x', 10_000)}\"}}")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_function_list_needs_the_master_key_and_names_every_function_with_its_trigger()
    {
        await using var host = await TestHost.StartAsync(azurite);

        var withFunctionKey = await host.Http.SendAsync(host.Request(HttpMethod.Get, "/admin/functions", host.Keys.Function));
        var functions = await (await host.Http.SendAsync(host.Request(HttpMethod.Get, "/admin/functions", host.Keys.Master))).Content.ReadFromJsonAsync<JsonElement>();
        var byName = functions.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("trigger").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Equal("eventgrid", byName["SurveyArrived"]);
        Assert.Equal("http", byName["StartRetrain"]);
        Assert.Equal("timer", byName["ScheduledRetrain"]);
        Assert.Equal("orchestration", byName["RetrainSurvey"]);
    }

    [Fact]
    public async Task Health_is_anonymous_and_the_durable_api_needs_a_key()
    {
        await using var host = await TestHost.StartAsync(azurite);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health")).StatusCode);
        var ready = await host.Http.GetAsync("/health/ready");
        var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("durableStore").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("onnxRuntime").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/runtime/webhooks/durabletask/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/runtime/webhooks/durabletask/instances?code={Uri.EscapeDataString(host.Keys.DurableTask)}")).StatusCode);
    }
}
