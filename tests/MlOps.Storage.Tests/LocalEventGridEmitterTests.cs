using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MlOps.Storage.EventGrid;
using MlOps.Testing;

namespace MlOps.Storage.Tests;

public sealed class LocalEventGridEmitterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Failed_deliveries_are_retried_with_backoff_then_dead_lettered_and_delivered_blobs_are_remembered_across_restarts()
    {
        var container = await azurite.CreateContainerAsync("eg");
        await container.GetBlobClient("a/manifest.json").UploadAsync(BinaryData.FromString("{}"));
        var state = RepositoryPaths.NewWorkDirectory("eg-state");
        var webhook = new Webhook(failFirst: 2, failAlwaysFor: "poison.json");
        await using var app = await webhook.StartAsync();
        var options = new LocalEventGridOptions
        {
            Containers = [container.Name],
            PollInterval = TimeSpan.FromMilliseconds(50),
            FirstRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(80),
            MaxDeliveryAttempts = 4,
        };

        using (var first = new CancellationTokenSource())
        {
            var emitter = new LocalEventGridEmitter(azurite.CreateServiceClient(), new HttpClient(), options, state, TimeProvider.System, NullLogger.Instance);
            var running = emitter.RunAsync(webhook.Address, first.Token);
            await webhook.WaitForDeliveryAsync("a/manifest.json");
            await container.GetBlobClient("b/poison.json").UploadAsync(BinaryData.FromString("{}"));
            await WaitForFileAsync(emitter.DeadLetterDirectory);
            await first.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

            var deadLetter = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(emitter.DeadLetterDirectory).Single()));
            Assert.Equal("MaxDeliveryAttemptsExceeded", deadLetter.RootElement.GetProperty("deadLetterReason").GetString());
            Assert.EndsWith("b/poison.json", deadLetter.RootElement.GetProperty("events")[0].GetProperty("subject").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(3, webhook.Attempts("a/manifest.json"));
        Assert.Equal(4, webhook.Attempts("b/poison.json"));
        Assert.Equal(1, webhook.Validations);

        // A new emitter on the same state delivers only what is new.
        await container.GetBlobClient("c/manifest.json").UploadAsync(BinaryData.FromString("{}"));
        using (var second = new CancellationTokenSource())
        {
            var emitter = new LocalEventGridEmitter(azurite.CreateServiceClient(), new HttpClient(), options, state, TimeProvider.System, NullLogger.Instance);
            var running = emitter.RunAsync(webhook.Address, second.Token);
            await webhook.WaitForDeliveryAsync("c/manifest.json");
            await second.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }
        Assert.Equal(3, webhook.Attempts("a/manifest.json"));
        Assert.Equal(4, webhook.Attempts("b/poison.json"));
        Assert.Equal(1, webhook.Attempts("c/manifest.json"));
    }

    private static async Task WaitForFileAsync(string directory)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Directory.Exists(directory) || Directory.GetFiles(directory).Length == 0)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>A real webhook on Kestrel that answers the handshake, fails the first deliveries, and counts attempts per blob.</summary>
    private sealed class Webhook(int failFirst, string failAlwaysFor)
    {
        private readonly Dictionary<string, int> attempts = [];
        private readonly Dictionary<string, TaskCompletionSource> delivered = [];
        private int notifications;

        public Uri Address { get; private set; } = null!;

        public int Validations { get; private set; }

        public int Attempts(string blob)
        {
            lock (attempts)
            {
                return attempts.GetValueOrDefault(blob);
            }
        }

        public Task WaitForDeliveryAsync(string blob)
        {
            lock (attempts)
            {
                if (!delivered.TryGetValue(blob, out var signal))
                {
                    delivered[blob] = signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public async Task<WebApplication> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/hook", async (HttpContext context) =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var first = body.RootElement[0];
                if (context.Request.Headers["aeg-event-type"] == "SubscriptionValidation")
                {
                    Validations++;
                    return Results.Ok(new { validationResponse = first.GetProperty("data").GetProperty("validationCode").GetString() });
                }
                var subject = first.GetProperty("subject").GetString()!;
                var blob = subject[(subject.IndexOf("/blobs/", StringComparison.Ordinal) + 7)..];
                lock (attempts)
                {
                    attempts[blob] = attempts.GetValueOrDefault(blob) + 1;
                    if (blob.EndsWith(failAlwaysFor, StringComparison.Ordinal) || ++notifications <= failFirst)
                    {
                        return Results.StatusCode(500);
                    }
                    if (!delivered.TryGetValue(blob, out var signal))
                    {
                        delivered[blob] = signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    signal.TrySetResult();
                }
                return Results.Ok();
            });
            await app.StartAsync();
            Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");
            return app;
        }
    }
}
