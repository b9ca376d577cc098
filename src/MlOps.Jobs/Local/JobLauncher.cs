using System.Diagnostics;
using System.Globalization;

namespace MlOps.Jobs.Local;

/// <summary>
/// Starts a job's process. The configured command runs under a small /bin/sh wrapper that is
/// started through <c>setsid</c>, so the wrapper leads a new session and process group holding
/// the job and everything it spawns (one kill of the group ends them all; a Ctrl-C aimed at the
/// host does not reach them). The wrapper sends the job's output to the job's folder and, when
/// the job ends, writes its exit code there: that is how a host that did not start the job
/// (after a restart) still learns how it ended.
/// </summary>
internal sealed class JobLauncher
{
    // $1 is the job's folder; the rest is the command. A signal-killed command gives 128 + N.
    // The exit file is complete once the shell has exited, and it is only read after that.
    private const string Wrapper =
        """
        exec </dev/null >>"$1/stdout.log" 2>>"$1/stderr.log"
        dir=$1
        shift
        "$@"
        code=$?
        printf '%s\n' "$code" >"$dir/exit"
        exit "$code"
        """;

    private readonly LocalProcessJobRunnerOptions options;
    private readonly string setsid;

    public JobLauncher(LocalProcessJobRunnerOptions options)
    {
        this.options = options;
        setsid = ExecutableSearch.Find("setsid", JobPath)
            ?? throw new InvalidOperationException(
                "The local job runner needs 'setsid' (util-linux) on the PATH to give each job its own process group; it was not found.");
    }

    /// <summary>The PATH jobs get: the configured one, else this process's.</summary>
    public string? JobPath => options.Environment.TryGetValue("PATH", out var path) ? path : Environment.GetEnvironmentVariable("PATH");

    /// <summary>This process's environment overlaid with the configured one: what nvidia-smi and the jobs see.</summary>
    public IReadOnlyDictionary<string, string?> BaseEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value;
        }
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }
        return environment;
    }

    public Process Start(StoredRequest request, string jobDirectory, Slot slot)
    {
        var start = new ProcessStartInfo(setsid)
        {
            UseShellExecute = false,
            WorkingDirectory = jobDirectory,
        };
        foreach (var argument in new[] { "/bin/sh", "-c", Wrapper, "mlops-job", jobDirectory, options.Command! })
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var argument in options.Arguments ?? [LocalProcessJobRunnerOptions.SpecPlaceholder])
        {
            start.ArgumentList.Add(argument
                .Replace(LocalProcessJobRunnerOptions.SpecPlaceholder, request.SpecLocation, StringComparison.Ordinal)
                .Replace(LocalProcessJobRunnerOptions.JobIdPlaceholder, request.JobId, StringComparison.Ordinal)
                .Replace(LocalProcessJobRunnerOptions.JobDirectoryPlaceholder, jobDirectory, StringComparison.Ordinal));
        }
        foreach (var (name, value) in options.Environment)
        {
            start.Environment[name] = value;
        }
        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }
        start.Environment[JobEnvironment.JobId] = request.JobId;
        start.Environment[JobEnvironment.TrialSpec] = request.SpecLocation;
        start.Environment[JobEnvironment.JobDirectory] = jobDirectory;
        start.Environment[JobEnvironment.Threads] = options.ThreadsPerTrial.ToString(CultureInfo.InvariantCulture);
        start.Environment[JobEnvironment.CudaVisibleDevices] = slot.CudaVisibleDevices;
        if (request.Timeout is { } timeout)
        {
            start.Environment[JobEnvironment.TimeoutSeconds] = ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{setsid}'.");
    }
}
