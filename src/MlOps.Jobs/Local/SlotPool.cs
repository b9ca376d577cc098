namespace MlOps.Jobs.Local;

/// <summary>
/// Limits how many jobs run at once: <c>cpuSlots</c> CPU jobs, and <c>gpuSlots</c> GPU jobs
/// spread over the detected devices (each new GPU job gets the least busy device, so with one
/// slot per device every running job has a device of its own). Waiters are served first come,
/// first served. Jobs found running after a host restart are <see cref="Claim"/>ed into their
/// recorded slot even when that overfills the pool for a while.
/// </summary>
internal sealed class SlotPool
{
    private readonly object gate = new();
    private readonly int cpuCapacity;
    private readonly int gpuCapacity;
    private readonly int[] gpuDevices;
    private readonly Dictionary<int, int> jobsPerGpu = [];
    private readonly LinkedList<Waiter> cpuWaiters = new();
    private readonly LinkedList<Waiter> gpuWaiters = new();
    private int cpuBusy;
    private int gpuBusy;

    public SlotPool(int cpuSlots, IReadOnlyList<int> gpuDevices, int gpuSlots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuSlots, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gpuSlots);
        cpuCapacity = cpuSlots;
        this.gpuDevices = gpuDevices.ToArray();
        gpuCapacity = this.gpuDevices.Length == 0 ? 0 : gpuSlots;
        foreach (var device in this.gpuDevices)
        {
            jobsPerGpu[device] = 0;
        }
    }

    public int CpuSlots => cpuCapacity;

    public int GpuSlots => gpuCapacity;

    public IReadOnlyList<int> GpuDevices => gpuDevices;

    /// <summary>Waits for a slot: a GPU slot when the job wants one and the pool has any, else a CPU slot.</summary>
    public Task<Slot> AcquireAsync(bool wantsGpu, CancellationToken cancellationToken)
    {
        var gpu = wantsGpu && gpuCapacity > 0;
        lock (gate)
        {
            var waiters = gpu ? gpuWaiters : cpuWaiters;
            if (waiters.Count == 0 && TryTake(gpu) is { } slot)
            {
                return Task.FromResult(slot);
            }
            var waiter = new Waiter();
            var node = waiters.AddLast(waiter);
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (gate)
                {
                    if (node.List is not null)
                    {
                        waiters.Remove(node);
                    }
                }
                waiter.Completion.TrySetCanceled(cancellationToken);
            });
            return waiter.Completion.Task;
        }
    }

    /// <summary>Occupies the slot a job already runs in (after a restart), whether or not one is free.</summary>
    public Slot Claim(int? gpu)
    {
        lock (gate)
        {
            if (gpu is { } device && jobsPerGpu.ContainsKey(device))
            {
                gpuBusy++;
                jobsPerGpu[device]++;
                return new Slot(device);
            }
            cpuBusy++;
            return new Slot(null);
        }
    }

    public void Release(Slot slot)
    {
        var handOver = new List<(Waiter Waiter, Slot Slot)>();
        lock (gate)
        {
            if (slot.Gpu is { } device && jobsPerGpu.ContainsKey(device))
            {
                gpuBusy--;
                jobsPerGpu[device]--;
            }
            else
            {
                cpuBusy--;
            }
            Serve(cpuWaiters, gpu: false, handOver);
            Serve(gpuWaiters, gpu: true, handOver);
        }
        foreach (var (waiter, taken) in handOver)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(taken))
            {
                Release(taken); // cancelled meanwhile: pass the slot on
            }
        }
    }

    private void Serve(LinkedList<Waiter> waiters, bool gpu, List<(Waiter, Slot)> handOver)
    {
        while (waiters.First is { } first && TryTake(gpu) is { } slot)
        {
            waiters.RemoveFirst();
            handOver.Add((first.Value, slot));
        }
    }

    private Slot? TryTake(bool gpu)
    {
        if (!gpu)
        {
            if (cpuBusy >= cpuCapacity)
            {
                return null;
            }
            cpuBusy++;
            return new Slot(null);
        }
        if (gpuBusy >= gpuCapacity)
        {
            return null;
        }
        var device = gpuDevices.OrderBy(d => jobsPerGpu[d]).ThenBy(d => d).First();
        gpuBusy++;
        jobsPerGpu[device]++;
        return new Slot(device);
    }

    private sealed class Waiter
    {
        public TaskCompletionSource<Slot> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }
    }
}
