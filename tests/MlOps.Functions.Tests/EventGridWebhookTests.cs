using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOps.Functions.Runtime;
using MlOps.Testing;

namespace MlOps.Functions.Tests;

public sealed class EventGridWebhookTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_subscription_validation_handshake_echoes_the_code()
    {
        await using var host = await TestHost.StartAsync(azurite);

        var response = await host.PostEventsAsync(new[]
        {
            new
            {
                id = "1", topic = "/subscriptions/x", subject = "", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                eventTime = DateTimeOffset.UtcNow, dataVersion = "2", metadataVersion = "1",
                data = new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" },
            },
        }, eventType: "SubscriptionValidation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task The_CloudEvents_abuse_protection_handshake_allows_the_origin()
    {
        await using var host = await TestHost.StartAsync(azurite);
        var request = new HttpRequestMessage(HttpMethod.Options, $"{EventGridWebhook.Path}?functionName=SurveyArrived&code={Uri.EscapeDataString(host.Keys.EventGrid)}");
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[{\"id\":\"1\",\"subject\":\"x\"}]")]
    [InlineData("{\"id\": 5")]
    public async Task A_malformed_delivery_is_a_400_with_the_reason(string body)
    {
        await using var host = await TestHost.StartAsync(azurite);

        var response = await host.Http.PostAsync(
            $"{EventGridWebhook.Path}?functionName=SurveyArrived&code={Uri.EscapeDataString(host.Keys.EventGrid)}",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a valid Event Grid batch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_functions_missing_keys_and_oversized_batches_are_refused()
    {
        await using var host = await TestHost.StartAsync(azurite);

        var unknown = await host.PostEventsAsync(Array.Empty<object>(), functionName: "NoSuchFunction");
        var noKey = await host.Http.PostAsync($"{EventGridWebhook.Path}?functionName=SurveyArrived", new StringContent("[]"));
        var functionKeyIsNotEnough = await host.Http.PostAsync($"{EventGridWebhook.Path}?functionName=SurveyArrived&code={Uri.EscapeDataString(host.Keys.Function)}", new StringContent("[]"));
        var huge = await host.Http.PostAsync(
            $"{EventGridWebhook.Path}?functionName=SurveyArrived&code={Uri.EscapeDataString(host.Keys.EventGrid)}",
            new StringContent("[" + new string(' ', 2 * 1024 * 1024) + "]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("NoSuchFunction", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKeyIsNotEnough.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task BlobCreated_for_anything_but_a_survey_manifest_is_acknowledged_and_starts_nothing()
    {
        await using var host = await TestHost.StartAsync(azurite, new Dictionary<string, string> { ["MlOps:LocalEventGrid:Enabled"] = "false" });

        var response = await host.PostEventsAsync(new[]
        {
            BlobCreated("/blobServices/default/containers/surveys/blobs/bedford/2016/backscatter.tif"),
            BlobCreated("/blobServices/default/containers/models/blobs/bedford/2016/manifest.json"),
            BlobCreated("/blobServices/default/containers/surveys/blobs/bedford/manifest.json"),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instances = new List<string>();
        await foreach (var instance in host.Durable.QueryInstancesAsync())
        {
            instances.Add(instance.InstanceId);
        }
        Assert.Empty(instances);
    }

    internal static object BlobCreated(string subject, string etag = "0x8DCAFE") => new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        subject,
        eventType = "Microsoft.Storage.BlobCreated",
        eventTime = DateTimeOffset.UtcNow,
        dataVersion = "",
        metadataVersion = "1",
        data = new { api = "PutBlob", eTag = etag, contentType = "application/json", contentLength = 10, blobType = "BlockBlob", url = "http://127.0.0.1/x" },
    };
}
