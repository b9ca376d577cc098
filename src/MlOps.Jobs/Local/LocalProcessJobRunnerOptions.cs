using MlOps.Storage.Configuration;

namespace MlOps.Jobs.Local;

/// <summary>
/// How the local runner runs jobs, bound from the <c>MlOps:Jobs</c> configuration section
/// (environment: <c>MlOps__Jobs__Slots=2</c>, <c>MlOps__Jobs__Arguments__0=…</c>).
/// </summary>
public sealed class LocalProcessJobRunnerOptions
{
    /// <summary>The placeholders an argument may hold.</summary>
    public const string SpecPlaceholder = "{spec}", JobIdPlaceholder = "{jobId}", JobDirectoryPlaceholder = "{jobDir}";

    /// <summary>Where job records live (one folder per job). Default: <c>.mlops/jobs</c> under the project root.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The program each job runs. Default: <c>dotnet</c> running the trainer (see <see cref="ForTrainer"/>).</summary>
    public string? Command { get; set; }

    /// <summary>
    /// The program's arguments; <c>{spec}</c> becomes the trial spec location, <c>{jobId}</c>
    /// the job id and <c>{jobDir}</c> the job's folder. Default: the trainer assembly and <c>{spec}</c>.
    /// </summary>
    public string[]? Arguments { get; set; }

    /// <summary>CPU jobs that may run at once. Default: processor count / <see cref="ThreadsPerTrial"/>, at least 1.</summary>
    public int? Slots { get; set; }

    /// <summary>Threads a trial is expected to use (given to it as MLOPS_JOB_THREADS); sizes the default <see cref="Slots"/>.</summary>
    public int ThreadsPerTrial { get; set; } = 1;

    /// <summary>GPU jobs that may run at once, spread over the detected GPUs. Default: one per GPU; 0 runs every job on CPU slots.</summary>
    public int? GpuSlots { get; set; }

    /// <summary>The command that lists GPUs (<c>nvidia-smi -L</c>), looked up on the jobs' PATH.</summary>
    public string NvidiaSmi { get; set; } = "nvidia-smi";

    /// <summary>Environment for every job (and for finding <see cref="NvidiaSmi"/>), on top of this process's own.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>How often a job this host did not start itself (found again after a restart) is checked on.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int EffectiveSlots => Slots ?? Math.Max(1, System.Environment.ProcessorCount / Math.Max(1, ThreadsPerTrial));

    /// <summary>
    /// Options that run the project's trainer as built next to the running program:
    /// <c>dotnet artifacts/bin/MlOps.Trainer/{configuration}/mlops-trainer.dll {spec}</c>, with
    /// records under <c>.mlops/jobs</c>.
    /// </summary>
    public static LocalProcessJobRunnerOptions ForTrainer(MlOpsPaths paths) => new LocalProcessJobRunnerOptions().WithTrainerDefaults(paths);

    /// <summary>Fills what is not configured with the trainer's command line and the project's state folder.</summary>
    public LocalProcessJobRunnerOptions WithTrainerDefaults(MlOpsPaths paths)
    {
        StateDirectory ??= Path.Combine(paths.StateDirectory, "jobs");
        if (Command is null)
        {
            Command = "dotnet";
            Arguments ??= [TrainerAssembly(paths), SpecPlaceholder];
        }
        return this;
    }

    /// <summary>The trainer built in the same configuration as this program when that can be told (artifacts/bin/X/{configuration}/), else release.</summary>
    public static string TrainerAssembly(MlOpsPaths paths)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var configuration = own is "debug" or "release" ? own : "release";
        return Path.Combine(paths.Root, "artifacts", "bin", "MlOps.Trainer", configuration, "mlops-trainer.dll");
    }

    internal void Validate()
    {
        const string section = "MlOps:Jobs";
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            throw new InvalidOperationException($"{section}:StateDirectory is not set: the local job runner needs a folder for its job records.");
        }
        if (string.IsNullOrWhiteSpace(Command))
        {
            throw new InvalidOperationException($"{section}:Command is not set: the local job runner needs a program to run.");
        }
        if (Slots is < 1)
        {
            throw new InvalidOperationException($"{section}:Slots is {Slots}; it must be at least 1.");
        }
        if (GpuSlots is < 0)
        {
            throw new InvalidOperationException($"{section}:GpuSlots is {GpuSlots}; it must be 0 or more.");
        }
        if (ThreadsPerTrial < 1)
        {
            throw new InvalidOperationException($"{section}:ThreadsPerTrial is {ThreadsPerTrial}; it must be at least 1.");
        }
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{section}:PollInterval is {PollInterval}; it must be positive.");
        }
    }
}
