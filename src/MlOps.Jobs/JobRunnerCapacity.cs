namespace MlOps.Jobs;

/// <summary>How many jobs a runner runs at once: CPU slots, GPU slots and the GPU devices they spread over.</summary>
public sealed record JobRunnerCapacity(int CpuSlots, int GpuSlots, IReadOnlyList<int> GpuDevices);
