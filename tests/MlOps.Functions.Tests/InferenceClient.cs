using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MlOps.Functions.Inference;

namespace MlOps.Functions.Tests;

/// <summary>Calls the predict and feedback functions of a test host as a client would.</summary>
internal sealed class InferenceClient(TestHost host, string model)
{
    public sealed record Answer(System.Net.HttpStatusCode Status, int? Version, string? RequestId, long[] Labels, string Body, int? FallbackFrom);

    public async Task<Answer> PredictAsync(IEnumerable<float[]> rows, string? routingKey = null, string? key = null, int? pin = null, IReadOnlyList<string>? columns = null)
    {
        var body = columns is null ? (object)new { rows } : new { columns, rows };
        using var request = host.Request(HttpMethod.Post, $"/api/models/{model}/predict", key ?? host.Keys.Function, JsonContent.Create(body));
        if (routingKey is not null)
        {
            request.Headers.Add(InferenceHeaders.RoutingKey, routingKey);
        }
        if (pin is { } version)
        {
            request.Headers.Add(InferenceHeaders.ModelVersion, version.ToString(CultureInfo.InvariantCulture));
        }
        return await SendAsync(request);
    }

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        long[] labels = [];
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            labels = JsonDocument.Parse(text).RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        }
        return new Answer(
            response.StatusCode,
            response.Headers.TryGetValues(InferenceHeaders.ModelVersion, out var version) ? int.Parse(version.First(), CultureInfo.InvariantCulture) : null,
            response.Headers.TryGetValues(InferenceHeaders.RequestId, out var id) ? id.First() : null,
            labels,
            text,
            response.Headers.TryGetValues(InferenceHeaders.Fallback, out var fallback) ? int.Parse(fallback.First(), CultureInfo.InvariantCulture) : null);
    }

    public async Task<HttpResponseMessage> FeedbackAsync(string requestId, IEnumerable<int?> labels) =>
        await host.Http.SendAsync(host.Request(HttpMethod.Post, $"/api/models/{model}/feedback", host.Keys.Function, JsonContent.Create(new { requestId, labels })));
}
