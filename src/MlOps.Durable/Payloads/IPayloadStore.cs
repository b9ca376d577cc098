namespace MlOps.Durable.Payloads;

/// <summary>
/// Where payloads too large for a table row go (inputs, outputs, history events over a size
/// threshold). Names are paths like "{hub}/{instanceId}/{guid}".
/// </summary>
public interface IPayloadStore
{
    Task WriteAsync(string name, string content, CancellationToken cancellationToken = default);

    Task<string> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every payload whose name starts with <paramref name="prefix"/>.</summary>
    Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
