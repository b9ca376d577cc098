using MlOps.Storage.Local;

namespace MlOps.Jobs.Local;

/// <summary>
/// Kills a job's whole process group (the job's leader runs in its own session and group, whose
/// id is the leader's pid, so its children and grandchildren share that group id) and waits
/// until none of them is alive. Zombies count as dead.
/// </summary>
internal static class ProcessGroupKiller
{
    public static async Task KillAsync(ProcFs.ProcessIdentity leader, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var group = leader.Pid;
        // Signal 0 to the group only asks whether it has any member: the common case, a job
        // that exited with nothing left behind, needs no walk through /proc.
        if (!ProcFs.IsAlive(leader) && !ProcessSignals.Send(-group, 0))
        {
            return;
        }
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var leaderAlive = ProcFs.IsAlive(leader);
            var members = ProcFs.LiveMembersOfGroup(group);
            if (!leaderAlive && members.Count == 0)
            {
                return;
            }
            // The leader is signalled by pid too: an instant after launch it may not have made
            // its own group yet. Members are signalled one by one as well as through the group,
            // so a member that changed group on its own still goes.
            if (leaderAlive)
            {
                ProcessSignals.Send(leader.Pid, ProcessSignals.SigKill);
            }
            if (members.Count > 0)
            {
                ProcessSignals.Send(-group, ProcessSignals.SigKill);
                foreach (var pid in members)
                {
                    ProcessSignals.Send(pid, ProcessSignals.SigKill);
                }
            }
            // SIGKILL is asynchronous: the kernel tears the processes down in its own time, and
            // /proc is the only place to see when it has.
            await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
        }
    }
}
