using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MlOps.Storage.Blobs;

namespace MlOps.Storage.EventGrid;

/// <summary>
/// Event Grid for local storage, where none exists: lists the watched containers, and for
/// every blob version (name + ETag) not delivered yet POSTs a real BlobCreated event to the
/// webhook, after the same subscription-validation handshake Event Grid performs. A batch that
/// is not acknowledged with a 2xx is retried with exponential backoff and, after the last
/// attempt, written to the dead-letter folder. What has been delivered is remembered on disk,
/// so a restart redelivers exactly what was never acknowledged.
/// </summary>
public sealed class LocalEventGridEmitter(
    BlobServiceClient storage,
    HttpClient http,
    LocalEventGridOptions options,
    string stateDirectory,
    TimeProvider time,
    ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string StateFile => Path.Combine(stateDirectory, "delivered.json");

    public string DeadLetterDirectory => Path.Combine(stateDirectory, "deadletter");

    public async Task RunAsync(Uri webhook, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(stateDirectory);
        foreach (var container in options.WatchedContainers)
        {
            await storage.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
        await ValidateSubscriptionAsync(webhook, cancellationToken).ConfigureAwait(false);
        var delivered = LoadDelivered();
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = await FindUndeliveredAsync(delivered, cancellationToken).ConfigureAwait(false);
            foreach (var batch in pending.Chunk(options.MaxEventsPerBatch))
            {
                await DeliverAsync(webhook, batch.Select(p => p.Event).ToArray(), cancellationToken).ConfigureAwait(false);
                foreach (var (key, etag, _) in batch)
                {
                    delivered[key] = etag;
                }
                SaveDelivered(delivered);
            }
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<(string Key, string ETag, BlobCreatedEvent Event)>> FindUndeliveredAsync(Dictionary<string, string> delivered, CancellationToken cancellationToken)
    {
        var pending = new List<(string, string, BlobCreatedEvent)>();
        foreach (var containerName in options.WatchedContainers)
        {
            var container = storage.GetBlobContainerClient(containerName);
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var key = $"{containerName}/{blob.Name}";
                var etag = blob.Properties.ETag.ToString();
                if (!delivered.TryGetValue(key, out var seen) || seen != etag)
                {
                    pending.Add((key, etag, BlobCreatedEvent.For(storage.Uri, storage.AccountName, containerName, blob)));
                }
            }
        }
        // Oldest first, so a package's manifest (written last) is announced after its rasters.
        return pending.OrderBy(p => p.Item3.EventTime).ThenBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    private async Task DeliverAsync(Uri webhook, BlobCreatedEvent[] events, CancellationToken cancellationToken)
    {
        var delay = options.FirstRetryDelay;
        string lastError = "";
        for (var attempt = 1; attempt <= options.MaxDeliveryAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = JsonContent.Create(events, options: Json) };
                request.Headers.Add("aeg-event-type", "Notification");
                request.Headers.Add("aeg-delivery-count", (attempt - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Delivered {Count} BlobCreated event(s) ({Subjects}) on attempt {Attempt}",
                        events.Length, string.Join(", ", events.Select(e => e.Subject)), attempt);
                    return;
                }
                lastError = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = "timed out: " + e.Message;
            }
            logger.LogWarning("Delivery of {Count} event(s) failed (attempt {Attempt} of {Max}): {Error}", events.Length, attempt, options.MaxDeliveryAttempts, lastError);
            if (attempt < options.MaxDeliveryAttempts)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
            }
        }
        DeadLetter(events, lastError);
    }

    private void DeadLetter(BlobCreatedEvent[] events, string lastError)
    {
        Directory.CreateDirectory(DeadLetterDirectory);
        var file = Path.Combine(DeadLetterDirectory, $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{events[0].Id}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new { deadLetterReason = "MaxDeliveryAttemptsExceeded", lastError, attempts = options.MaxDeliveryAttempts, events }, Json));
        logger.LogError("Gave up on {Count} event(s) after {Attempts} attempts; written to {File}", events.Length, options.MaxDeliveryAttempts, file);
    }

    private async Task ValidateSubscriptionAsync(Uri webhook, CancellationToken cancellationToken)
    {
        var code = Guid.NewGuid().ToString();
        var validation = new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(),
                topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{storage.AccountName}",
                subject = "",
                data = new { validationCode = code },
                eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                eventTime = time.GetUtcNow(),
                metadataVersion = "1",
                dataVersion = "2",
            },
        };
        var delay = options.FirstRetryDelay;
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = JsonContent.Create(validation, options: Json) };
                request.Headers.Add("aeg-event-type", "SubscriptionValidation");
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken).ConfigureAwait(false);
                    if (answer.TryGetProperty("validationResponse", out var echoed) && echoed.GetString() == code)
                    {
                        logger.LogInformation("Local Event Grid subscription validated for {Webhook}", Redacted(webhook));
                        return;
                    }
                    throw new InvalidOperationException($"The webhook {Redacted(webhook)} answered the validation handshake without echoing the validation code.");
                }
                logger.LogWarning("Validation handshake with {Webhook} answered {Status}; retrying", Redacted(webhook), (int)response.StatusCode);
            }
            catch (HttpRequestException e)
            {
                logger.LogDebug("Webhook {Webhook} not reachable yet: {Error}", Redacted(webhook), e.Message);
            }
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
        }
    }

    private Dictionary<string, string> LoadDelivered()
    {
        if (!File.Exists(StateFile))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(StateFile)) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The local Event Grid state file '{StateFile}' is corrupt ({e.Message}). Delete it to redeliver every blob's event.", e);
        }
    }

    private void SaveDelivered(Dictionary<string, string> delivered)
    {
        var temporary = StateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(delivered));
        File.Move(temporary, StateFile, overwrite: true);
    }

    private static string Redacted(Uri webhook) => webhook.GetLeftPart(UriPartial.Path);
}
