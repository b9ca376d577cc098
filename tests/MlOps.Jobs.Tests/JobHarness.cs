using System.Globalization;
using System.Text.Json;
using MlOps.Jobs.Local;
using MlOps.Testing;

namespace MlOps.Jobs.Tests;

/// <summary>
/// A local runner whose jobs are the stand-in trial (tests/MlOps.Jobs.TestJob), with a work
/// folder for the files those jobs write and a state folder for the runner's records. Disposing
/// stops every job still running, so no test leaves processes behind.
/// </summary>
public sealed class JobHarness : IAsyncDisposable
{
    /// <summary>Guards every wait on a condition, so a broken runner fails the test instead of hanging it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly List<string> jobIds = [];
    private readonly List<LocalProcessJobRunner> runners = [];
    private readonly CancellationTokenSource patience = new(Patience);

    public JobHarness(string name, Action<LocalProcessJobRunnerOptions>? configure = null)
    {
        WorkDirectory = RepositoryPaths.NewWorkDirectory($"jobs-{name}");
        StateDirectory = Path.Combine(WorkDirectory, "state");
        Configure = configure;
        Runner = NewRunner();
    }

    public string WorkDirectory { get; }

    public string StateDirectory { get; }

    public Action<LocalProcessJobRunnerOptions>? Configure { get; }

    public LocalProcessJobRunner Runner { get; }

    public CancellationToken Timeout => patience.Token;

    public static string TestJobAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            return Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "MlOps.Jobs.TestJob", configuration, "MlOps.Jobs.TestJob.dll");
        }
    }

    public static LocalProcessJobRunnerOptions TestJobOptions(string stateDirectory) => new()
    {
        StateDirectory = stateDirectory,
        Command = "dotnet",
        Arguments = [TestJobAssembly, LocalProcessJobRunnerOptions.SpecPlaceholder],
        Slots = 2,
        GpuSlots = 0,
        PollInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Another runner instance on the same state folder (as a second host would have).</summary>
    public LocalProcessJobRunner NewRunner(Action<LocalProcessJobRunnerOptions>? configure = null)
    {
        var options = TestJobOptions(StateDirectory);
        Configure?.Invoke(options);
        configure?.Invoke(options);
        var runner = new LocalProcessJobRunner(options);
        runners.Add(runner);
        return runner;
    }

    public JobRequest Request(string jobId, TrialSpec spec, TimeSpan? timeout = null, bool gpu = false, Dictionary<string, string>? environment = null)
    {
        var path = Path.Combine(WorkDirectory, $"{jobId}.spec.json");
        File.WriteAllText(path, JsonSerializer.Serialize(spec with { WorkDirectory = WorkDirectory }, JsonSerializerOptions.Web));
        jobIds.Add(jobId);
        return new JobRequest(jobId, path) { Timeout = timeout, RequiresGpu = gpu, Environment = environment ?? [] };
    }

    public string OutputPath(string jobId, string suffix) => Path.Combine(WorkDirectory, $"{jobId}.{suffix}");

    public void Release(string jobId) => File.WriteAllText(OutputPath(jobId, "release"), "");

    public async Task<int> WaitForPidAsync(string jobId) =>
        int.Parse(await WaitForFileAsync(OutputPath(jobId, "pid")), CultureInfo.InvariantCulture);

    public async Task<int> WaitForChildPidAsync(string jobId) =>
        int.Parse(await WaitForFileAsync(OutputPath(jobId, "child")), CultureInfo.InvariantCulture);

    public bool HasStarted(string jobId) => File.Exists(OutputPath(jobId, "pid"));

    public int StartCount(string jobId) =>
        File.Exists(OutputPath(jobId, "starts")) ? File.ReadAllLines(OutputPath(jobId, "starts")).Length : 0;

    public Dictionary<string, string> ReportedEnvironment(string jobId) =>
        File.ReadAllLines(OutputPath(jobId, "env"))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>Waits until a file exists (the jobs write theirs atomically) and returns its text.</summary>
    public async Task<string> WaitForFileAsync(string path)
    {
        await Until(() => File.Exists(path), $"'{Path.GetFileName(path)}' to appear");
        return File.ReadAllText(path);
    }

    /// <summary>Waits for a condition the processes under test bring about; only the patience guard is timed.</summary>
    public async Task Until(Func<bool> condition, string what)
    {
        while (!condition())
        {
            if (patience.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in runners)
        {
            foreach (var id in jobIds)
            {
                try
                {
                    if (await runner.GetStatusAsync(id) is { IsFinal: false })
                    {
                        await runner.StopAsync(id);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
            }
            await runner.DisposeAsync();
        }
        patience.Dispose();
    }
}

/// <summary>The stand-in trial's spec (see tests/MlOps.Jobs.TestJob/TrialBehaviour.cs).</summary>
public sealed record TrialSpec
{
    public string WorkDirectory { get; init; } = "";

    public int StandardErrorLines { get; init; }

    public int ExitCode { get; init; }

    public bool WaitForRelease { get; init; }

    public bool SpawnChild { get; init; }

    public string[] ReportEnvironment { get; init; } = [];
}
