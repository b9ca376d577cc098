namespace MlOps.Functions.Runtime;

/// <summary>
/// The trigger-bound functions the host runs, registered explicitly in the composition root:
/// HTTP and Event Grid functions are mapped to endpoints and timers are scheduled.
/// Orchestrations and activities live in the durable engine's registry.
/// </summary>
public sealed class FunctionCatalog
{
    private readonly List<FunctionDescriptor> functions = [];

    public IReadOnlyList<FunctionDescriptor> Functions => functions;

    public FunctionDescriptor? Find(string name) =>
        functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    internal void Add(FunctionDescriptor descriptor)
    {
        if (Find(descriptor.Name) is not null)
        {
            throw new InvalidOperationException($"A function named '{descriptor.Name}' is already registered.");
        }
        functions.Add(descriptor);
    }
}
