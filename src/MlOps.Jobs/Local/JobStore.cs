using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Jobs.Local;

/// <summary>
/// The local runner's durable records: one folder per job under the state directory, so that a
/// host started after a crash finds every job again.
/// <code>
/// {state}/{jobId}/request.json   the request and its creator (written once, exclusively: it claims the id)
///                 owner.json     the host that adopted it after its creator died
///                 launch.json    placement, written just before the process starts
///                 process.json   pid + start time of the job's process, deadline
///                 stdout.log, stderr.log   the job's output
///                 exit           the exit code, written by the job's wrapper shell as it ends
///                 stop-reason    why the runner killed it (Stopped / TimedOut)
///                 outcome.json   the final status, written exactly once (first writer wins)
/// </code>
/// Files are replaced atomically (write aside, then rename); the once-only files use a
/// no-overwrite rename, so two hosts racing to decide an outcome agree on the first one.
/// </summary>
internal sealed class JobStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public JobStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string JobDirectory(string jobId) => Path.Combine(Directory, jobId);

    public string StandardOutputPath(string jobId) => Path.Combine(JobDirectory(jobId), "stdout.log");

    public string StandardErrorPath(string jobId) => Path.Combine(JobDirectory(jobId), "stderr.log");

    public string ExitCodePath(string jobId) => Path.Combine(JobDirectory(jobId), "exit");

    public IEnumerable<string> JobIds() =>
        System.IO.Directory.EnumerateDirectories(Directory).Select(Path.GetFileName).OfType<string>()
            .Where(id => File.Exists(Path.Combine(Directory, id, "request.json")));

    /// <summary>Creates the job's folder and request; false when the id exists already (nothing is changed then).</summary>
    public bool TryCreate(StoredRequest request)
    {
        var folder = JobDirectory(request.JobId);
        // Private: the request's environment may hold connection strings.
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            System.IO.Directory.CreateDirectory(folder, PrivateDirectory);
        }
        if (File.Exists(Path.Combine(folder, "request.json")))
        {
            return false;
        }
        return TryWriteOnce(request.JobId, "request.json", request);
    }

    public StoredRequest? ReadRequest(string jobId) => ReadJson<StoredRequest>(jobId, "request.json");

    /// <summary>The adopter when someone adopted the job, else its creator.</summary>
    public StoredOwner? ReadOwner(string jobId) => ReadJson<StoredOwner>(jobId, "owner.json") ?? ReadRequest(jobId)?.Creator;

    public void WriteOwner(string jobId, StoredOwner owner) => WriteJson(jobId, "owner.json", owner);

    public StoredLaunch? ReadLaunch(string jobId) => ReadJson<StoredLaunch>(jobId, "launch.json");

    public void WriteLaunch(string jobId, StoredLaunch launch) => WriteJson(jobId, "launch.json", launch);

    public StoredProcess? ReadProcess(string jobId) => ReadJson<StoredProcess>(jobId, "process.json");

    public void WriteProcess(string jobId, StoredProcess process) => WriteJson(jobId, "process.json", process);

    /// <summary>The exit code the wrapper recorded, or null when it recorded none (still running, or killed with its job).</summary>
    public int? ReadExitCode(string jobId)
    {
        var text = ReadText(ExitCodePath(jobId));
        return int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    /// <summary>Records why the job is being killed; the first reason recorded stays.</summary>
    public StopReason RecordStopReason(string jobId, StopReason reason)
    {
        TryWriteOnce(jobId, "stop-reason", reason.ToString());
        return ReadStopReason(jobId) ?? reason;
    }

    public StopReason? ReadStopReason(string jobId) =>
        Enum.TryParse<StopReason>(ReadText(Path.Combine(JobDirectory(jobId), "stop-reason"))?.Trim(), out var reason) ? reason : null;

    public JobStatus? ReadOutcome(string jobId) => ReadJson<JobStatus>(jobId, "outcome.json");

    /// <summary>Stores the final status unless one is stored already; returns the one that stands.</summary>
    public JobStatus DecideOutcome(JobStatus outcome)
    {
        if (!outcome.IsFinal)
        {
            throw new ArgumentException($"Job '{outcome.JobId}': {outcome.State} is not a final state.", nameof(outcome));
        }
        TryWriteOnce(outcome.JobId, "outcome.json", outcome);
        return ReadOutcome(outcome.JobId) ?? outcome;
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of the job's standard error.</summary>
    public IReadOnlyList<string> StandardErrorTail(string jobId, int lines = JobStatus.StandardErrorTailLines) =>
        TextTail.LastLines(StandardErrorPath(jobId), lines);

    private bool TryWriteOnce<T>(string jobId, string name, T value) =>
        TryWriteOnce(jobId, name, JsonSerializer.Serialize(value, Json));

    private bool TryWriteOnce(string jobId, string name, string text)
    {
        var path = Path.Combine(JobDirectory(jobId), name);
        var aside = WriteAside(path, text);
        try
        {
            // Without overwrite, the move is a hard link plus unlink: it fails if the name exists.
            File.Move(aside, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
            return false;
        }
    }

    private void WriteJson<T>(string jobId, string name, T value)
    {
        var path = Path.Combine(JobDirectory(jobId), name);
        File.Move(WriteAside(path, JsonSerializer.Serialize(value, Json)), path, overwrite: true);
    }

    private static string WriteAside(string path, string text)
    {
        var aside = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(aside, text, Encoding.UTF8);
        return aside;
    }

    private T? ReadJson<T>(string jobId, string name) where T : class
    {
        var path = Path.Combine(JobDirectory(jobId), name);
        var text = ReadText(path);
        if (text is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException e)
        {
            throw new JobRunnerException(500, "CorruptJobRecord", $"Job '{jobId}': the record '{path}' is not valid JSON ({e.Message}).", e);
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
