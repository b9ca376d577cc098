using System.Runtime.InteropServices;

namespace MlOps.Storage.Local;

/// <summary>POSIX signals for child processes: SIGTERM asks a process to stop cleanly, which .NET's Process.Kill (SIGKILL) does not.</summary>
public static partial class ProcessSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends SIGTERM; returns false when the process no longer exists.</summary>
    public static bool Terminate(int pid) => Send(pid, SigTerm);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
