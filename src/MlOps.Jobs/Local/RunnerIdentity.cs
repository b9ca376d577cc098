using System.Collections.Concurrent;

namespace MlOps.Jobs.Local;

/// <summary>
/// Tells whether the runner that owns a job is still there: a runner in another process is
/// alive while that process (same pid and start time) is; a runner in this process is alive
/// until it is disposed. A job whose owner is gone is adopted by the runner that finds it.
/// </summary>
internal static class RunnerIdentity
{
    private static readonly ConcurrentDictionary<Guid, byte> LiveInThisProcess = new();

    private static readonly Lazy<ulong> ThisProcessStartTime = new(() =>
        ProcFs.ReadStat(Environment.ProcessId)?.StartTime ?? throw new InvalidOperationException("Cannot read this process's start time from /proc."));

    public static StoredOwner Register()
    {
        var owner = new StoredOwner(Environment.ProcessId, ThisProcessStartTime.Value, Guid.NewGuid());
        LiveInThisProcess[owner.RunnerId] = 0;
        return owner;
    }

    public static void Unregister(StoredOwner owner) => LiveInThisProcess.TryRemove(owner.RunnerId, out _);

    public static bool IsAlive(StoredOwner owner) =>
        owner.HostPid == Environment.ProcessId && owner.HostStartTime == ThisProcessStartTime.Value
            ? LiveInThisProcess.ContainsKey(owner.RunnerId)
            : ProcFs.IsAlive(new ProcFs.ProcessIdentity(owner.HostPid, owner.HostStartTime));
}
