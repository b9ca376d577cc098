namespace MlOps.Durable.Runtime;

/// <summary>
/// The histories this host last committed, so the next turn of the same execution loads only
/// the events added since (history is append-only within an execution). Bounded, least
/// recently used out first.
/// </summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> order = new();
    private readonly Lock gate = new();

    public sealed record Entry(string InstanceId, string ExecutionId, IReadOnlyList<HistoryEvent> Events);

    public Entry? Get(string instanceId)
    {
        lock (gate)
        {
            if (!map.TryGetValue(instanceId, out var node))
            {
                return null;
            }
            order.Remove(node);
            order.AddFirst(node);
            return node.Value;
        }
    }

    public void Set(string instanceId, string executionId, IReadOnlyList<HistoryEvent> events)
    {
        lock (gate)
        {
            Remove(instanceId);
            map[instanceId] = order.AddFirst(new Entry(instanceId, executionId, events));
            while (map.Count > capacity && order.Last is { } last)
            {
                map.Remove(last.Value.InstanceId);
                order.RemoveLast();
            }
        }
    }

    public void Remove(string instanceId)
    {
        lock (gate)
        {
            if (map.Remove(instanceId, out var node))
            {
                order.Remove(node);
            }
        }
    }
}
