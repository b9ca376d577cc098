using Azure.Messaging.EventGrid;

namespace MlOps.Functions.Runtime;

/// <summary>
/// An Event Grid-triggered function, called once per event. Events in the CloudEvents schema
/// are handed over in the same shape (type as EventType, source as Topic). Throwing fails the
/// delivery, so Event Grid (or the local emitter) redelivers the batch: handlers must be idempotent.
/// </summary>
public interface IEventGridFunction
{
    Task RunAsync(EventGridEvent eventGridEvent, CancellationToken cancellationToken);
}
