using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Functions.Runtime;

namespace MlOps.Functions.Functions;

/// <summary>
/// SurveyArrived (Event Grid): a BlobCreated event for <c>surveys/{site}/{year}/manifest.json</c>
/// starts the RetrainSurvey orchestration under an id derived from site, year and the
/// manifest's ETag, so redelivered and duplicate events start it once. Events for any other
/// blob are acknowledged and ignored.
/// </summary>
public sealed partial class SurveyArrivedFunction(DurableTaskClient durable, ILogger<SurveyArrivedFunction> logger) : IEventGridFunction
{
    public const string Name = "SurveyArrived";

    public async Task RunAsync(EventGridEvent eventGridEvent, CancellationToken cancellationToken)
    {
        if (eventGridEvent.EventType != SystemEventNames.StorageBlobCreated)
        {
            logger.LogInformation("Ignoring {EventType} event {Id}", eventGridEvent.EventType, eventGridEvent.Id);
            return;
        }
        var match = ManifestSubject().Match(eventGridEvent.Subject ?? "");
        if (!match.Success)
        {
            logger.LogDebug("Ignoring BlobCreated for {Subject}: not a survey manifest", eventGridEvent.Subject);
            return;
        }
        var site = match.Groups["site"].Value;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var data = eventGridEvent.Data.ToObjectFromJson<StorageBlobCreatedEventData>()
            ?? throw new ArgumentException($"Event {eventGridEvent.Id} has no BlobCreated data.");
        if (string.IsNullOrEmpty(data.ETag))
        {
            throw new ArgumentException($"Event {eventGridEvent.Id} for {eventGridEvent.Subject} carries no eTag.");
        }

        var instanceId = RetrainInstanceIds.ForManifest(site, year, data.ETag);
        logger.LogInformation("Survey manifest event {EventId} for {Site}/{Year}: starting {InstanceId}", eventGridEvent.Id, site, year, instanceId);
        await durable.ScheduleNewOrchestrationInstanceAsync(
            RetrainSurveyOrchestration.Name,
            new RetrainRequest(site, year, data.ETag, Trigger: "eventgrid"),
            new StartOrchestrationOptions(instanceId) { DedupeStatuses = StartOrchestrationOptions.AllStatuses },
            cancellationToken);
        logger.LogInformation("Survey {Site}/{Year} arrived (manifest {ETag}): retrain instance {InstanceId} started or already there", site, year, data.ETag, instanceId);
    }

    [GeneratedRegex("^/blobServices/default/containers/surveys/blobs/(?<site>[a-z0-9][a-z0-9-]{0,39})/(?<year>[0-9]{4})/manifest\\.json$")]
    private static partial Regex ManifestSubject();
}
