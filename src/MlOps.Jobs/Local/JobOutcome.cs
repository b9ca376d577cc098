using System.Globalization;

namespace MlOps.Jobs.Local;

/// <summary>
/// Decides how a job ended from what its folder holds, the same way in whichever host asks:
/// an exit code recorded by the job's wrapper wins (the job ended on its own, even if a stop
/// came just after); else the recorded stop reason; else the exit status the parent process
/// saw (someone killed the whole group); else the job is lost.
/// </summary>
internal static class JobOutcome
{
    private static readonly string[] SignalNames =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
    ];

    public static JobStatus Decide(JobStore store, StoredRequest request, StoredProcess? process, int? parentExitCode, DateTimeOffset now)
    {
        var id = request.JobId;
        var status = new JobStatus
        {
            JobId = id,
            State = JobState.Lost,
            Placement = process?.Placement,
            ProcessId = process?.Pid,
            StartedAt = process?.StartedAt,
            EndedAt = now,
            StandardErrorTail = store.StandardErrorTail(id),
        };
        if (store.ReadExitCode(id) is { } exitCode)
        {
            return exitCode == 0
                ? status with { State = JobState.Succeeded, ExitCode = 0 }
                : status with { State = JobState.Failed, ExitCode = exitCode, Message = DescribeExit(exitCode) };
        }
        switch (store.ReadStopReason(id))
        {
            case StopReason.Stopped:
                return status with { State = JobState.Stopped, Message = process is null ? "stopped before it started" : "stopped on request" };
            case StopReason.TimedOut:
                return status with { State = JobState.TimedOut, Message = $"killed after running longer than its timeout of {Describe(request.Timeout)}" };
        }
        if (parentExitCode is { } code)
        {
            return status with
            {
                State = JobState.Failed,
                ExitCode = code,
                Message = $"its process group was killed before the job recorded an exit status ({DescribeExit(code)})",
            };
        }
        return status with { Message = "its process is gone and recorded no exit status (did the machine restart?)" };
    }

    public static string DescribeExit(int code) =>
        code is > 128 and < 128 + 65
            ? $"exit code {code}: killed by signal {code - 128}{(code - 128 < SignalNames.Length ? $" ({SignalNames[code - 128]})" : "")}"
            : $"exit code {code}";

    private static string Describe(TimeSpan? timeout) =>
        timeout is { } t ? t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "(none)";
}
