using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlOps.Jobs.Local;

/// <summary>
/// Runs each job as a local process (the configured command, by default the trainer), at most
/// as many at once as there are slots: GPU slots when <c>nvidia-smi -L</c> lists GPUs (each job
/// gets its own <c>CUDA_VISIBLE_DEVICES</c>), CPU slots otherwise. Stopping, a timeout or
/// <see cref="JobRunnerExtensions.RunAsync"/>'s cancellation SIGKILLs the job's whole process group.
/// </summary>
/// <remarks>
/// <para>Jobs outlive the host on purpose. Each job leads its own session and process group
/// and records its exit code in its folder, and the runner keeps a durable record per job (see
/// <see cref="JobStore"/>). A host started after a crash re-attaches: the first runner to touch
/// a job whose owning host is gone adopts it, recognising its process by pid and start time
/// (so a reused pid is never mistaken for it), enforces its recorded deadline, and reports the
/// outcome the job recorded; a job that never got a process is launched then. This was chosen
/// over tying jobs to the host's life (PR_SET_PDEATHSIG) so that an hour-long trial survives a
/// host restart instead of being run again. A job is left running when no host comes back,
/// but never longer than its timeout once one does.</para>
/// <para>Disposing the runner stops watching its jobs and leaves them running for the next
/// runner to adopt; stop them first to end them.</para>
/// </remarks>
public sealed class LocalProcessJobRunner : IJobRunner, IAsyncDisposable
{
    private readonly LocalProcessJobRunnerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly JobStore store;
    private readonly JobLauncher launcher;
    private readonly StoredOwner self;
    private readonly Dictionary<string, LocalJob> jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim registry = new(1, 1);
    private readonly CancellationTokenSource disposing = new();
    private readonly Lazy<Task<SlotPool>> initialization;
    private bool disposed;
    private int disposeStarted;

    public LocalProcessJobRunner(LocalProcessJobRunnerOptions options, ILogger<LocalProcessJobRunner>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The local job runner needs Linux: it tracks jobs through /proc and process groups.");
        }
        options.Validate();
        this.options = options;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        store = new JobStore(options.StateDirectory!);
        launcher = new JobLauncher(options);
        self = RunnerIdentity.Register();
        initialization = new Lazy<Task<SlotPool>>(InitializeAsync);
    }

    public string StateDirectory => store.Directory;

    /// <summary>The slots this runner schedules into, after GPU detection.</summary>
    public async Task<JobRunnerCapacity> GetCapacityAsync(CancellationToken cancellationToken = default)
    {
        var pool = await initialization.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new JobRunnerCapacity(pool.CpuSlots, pool.GpuSlots, pool.GpuDevices);
    }

    public async Task<JobStatus> StartAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pool = await initialization.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        await registry.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (jobs.TryGetValue(request.JobId, out var known))
            {
                EnsureSameJob(known.Request, request);
                return known.Snapshot();
            }
            var stored = StoredRequest.From(request, time.GetUtcNow(), self);
            if (store.TryCreate(stored))
            {
                var job = new LocalJob(stored);
                lock (jobs)
                {
                    jobs[job.Id] = job;
                }
                Schedule(job, pool);
                logger.LogInformation("Job {JobId} accepted ({State})", job.Id, job.State);
                return job.Snapshot();
            }
            var existing = store.ReadRequest(request.JobId) ?? throw new JobRunnerException(500, "CorruptJobRecord", $"Job '{request.JobId}' has a folder but no readable request.");
            EnsureSameJob(existing, request);
            logger.LogInformation("Job {JobId} exists already: re-attaching", request.JobId);
            return AttachLocked(existing, pool, launchPending: true);
        }
        finally
        {
            registry.Release();
        }
    }

    public async Task<JobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        var pool = await initialization.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(jobId, pool, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JobStatus> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        var pool = await initialization.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var status = await FindAsync(jobId, pool, cancellationToken).ConfigureAwait(false) ?? throw JobRunnerException.NotFound(jobId);
            if (status.IsFinal)
            {
                return status;
            }
            if (Tracked(jobId) is { } job)
            {
                return await job.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            // Another live runner looks after it: watch its folder until that runner decides.
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<JobStatus> StopAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        var pool = await initialization.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var status = await FindAsync(jobId, pool, cancellationToken).ConfigureAwait(false) ?? throw JobRunnerException.NotFound(jobId);
        if (status.IsFinal)
        {
            return status;
        }
        if (Tracked(jobId) is { } job)
        {
            logger.LogInformation("Stopping job {JobId}", jobId);
            lock (job.Gate)
            {
                job.PendingStop.Cancel();
                job.KillRequest.TrySetResult(StopReason.Stopped);
            }
            return await job.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        await StopForeignJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        return await WaitForCompletionAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposeStarted, 1) == 1)
        {
            return;
        }
        await registry.WaitAsync().ConfigureAwait(false);
        disposed = true;
        registry.Release();
        RunnerIdentity.Unregister(self);
        await disposing.CancelAsync().ConfigureAwait(false);
        LocalJob[] watched;
        lock (jobs)
        {
            watched = jobs.Values.ToArray();
        }
        foreach (var job in watched)
        {
            try
            {
                await job.Monitor.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            // Whoever still waits on this runner learns it is gone; the job itself runs on.
            job.Completion.TrySetException(new ObjectDisposedException(nameof(LocalProcessJobRunner),
                $"The runner was disposed while job '{job.Id}' was {job.State}; a new runner on the same state directory re-attaches to it."));
        }
    }

    private LocalJob? Tracked(string jobId)
    {
        lock (jobs)
        {
            return jobs.GetValueOrDefault(jobId);
        }
    }

    private async Task<JobStatus?> FindAsync(string jobId, SlotPool pool, CancellationToken cancellationToken)
    {
        if (Tracked(jobId) is { } job)
        {
            return job.Snapshot();
        }
        await registry.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (jobs.TryGetValue(jobId, out job))
            {
                return job.Snapshot();
            }
            return store.ReadRequest(jobId) is { } request ? AttachLocked(request, pool, launchPending: true) : null;
        }
        finally
        {
            registry.Release();
        }
    }

    private static void EnsureSameJob(StoredRequest existing, JobRequest request)
    {
        if (existing.SpecLocation != request.SpecLocation || existing.RequiresGpu != request.RequiresGpu)
        {
            throw new JobRunnerException(409, JobRunnerException.JobIdInUse,
                $"Job id '{request.JobId}' is already used by a job with spec '{existing.SpecLocation}'{(existing.RequiresGpu ? " on a GPU" : "")}; choose a new id for spec '{request.SpecLocation}'.");
        }
    }

    /// <summary>
    /// Status of a job known only from its folder (registry lock held). Its outcome when it has
    /// one; an observation when another live runner looks after it; otherwise the job is adopted.
    /// </summary>
    private JobStatus AttachLocked(StoredRequest request, SlotPool pool, bool launchPending)
    {
        var id = request.JobId;
        if (store.ReadOutcome(id) is { } outcome)
        {
            return outcome;
        }
        if (store.ReadOwner(id) is { } owner && owner != self && RunnerIdentity.IsAlive(owner))
        {
            return Observe(request);
        }

        var process = store.ReadProcess(id);
        var launch = store.ReadLaunch(id);
        if (process is null && launch is not null)
        {
            // The previous host died between launching and recording the process: find it by its folder.
            process = FindLaunchedProcess(request, launch);
            if (process is not null)
            {
                store.WriteProcess(id, process);
            }
        }
        if (process is null && launch is null && !launchPending)
        {
            return Observe(request);
        }

        store.WriteOwner(id, self);
        var job = new LocalJob(request) { Process = process };
        lock (jobs)
        {
            jobs[id] = job;
        }
        if (process is not null && ProcFs.IsAlive(process.Identity))
        {
            logger.LogInformation("Adopted running job {JobId} (pid {Pid}, {Placement}) from a host that is gone", id, process.Pid, process.Placement);
            job.Holding = (pool.Claim(process.Gpu), pool);
            job.State = JobState.Running;
            job.Monitor = MonitorAsync(job, child: null);
        }
        else if (process is not null || launch is not null)
        {
            Finish(job, JobOutcome.Decide(store, request, process, parentExitCode: null, time.GetUtcNow()));
            logger.LogInformation("Job {JobId} ended while no host watched it: {Status}", id, job.Snapshot());
        }
        else
        {
            logger.LogInformation("Adopted job {JobId}, never started by a host that is gone: scheduling it", id);
            Schedule(job, pool);
        }
        return job.Snapshot();
    }

    /// <summary>A job another live runner looks after, as its folder shows it.</summary>
    private JobStatus Observe(StoredRequest request)
    {
        var id = request.JobId;
        var process = store.ReadProcess(id);
        var observed = new JobStatus
        {
            JobId = id,
            State = process is null ? JobState.Pending : JobState.Running,
            Placement = process?.Placement,
            ProcessId = process?.Pid,
            StartedAt = process?.StartedAt,
        };
        // Once the process is gone with its exit code or stop reason on record, the outcome
        // is settled whoever writes it down.
        if (process is not null && !ProcFs.IsAlive(process.Identity)
            && (store.ReadExitCode(id) is not null || store.ReadStopReason(id) is not null))
        {
            return store.DecideOutcome(JobOutcome.Decide(store, request, process, parentExitCode: null, time.GetUtcNow()));
        }
        return observed;
    }

    private StoredProcess? FindLaunchedProcess(StoredRequest request, StoredLaunch launch)
    {
        var members = ProcFs.FindByEnvironment(JobEnvironment.JobDirectory, store.JobDirectory(request.JobId));
        var leader = members.Select(ProcFs.ReadStat).OfType<ProcFs.ProcessStat>()
            .OrderByDescending(stat => stat.Pid == stat.Session)
            .ThenBy(stat => stat.Pid)
            .Cast<ProcFs.ProcessStat?>()
            .FirstOrDefault();
        return leader is { } found
            ? new StoredProcess(found.Pid, found.StartTime, launch.LaunchedAt, launch.LaunchedAt + request.Timeout, launch.Placement, launch.Gpu)
            : null;
    }

    /// <summary>Stops a job that another live runner (in this or another process) looks after, through its folder.</summary>
    private async Task StopForeignJobAsync(string jobId, CancellationToken cancellationToken)
    {
        store.RecordStopReason(jobId, StopReason.Stopped);
        if (store.ReadProcess(jobId) is { } process)
        {
            await ProcessGroupKiller.KillAsync(process.Identity, time, cancellationToken).ConfigureAwait(false);
        }
        else if (store.ReadRequest(jobId) is { } request)
        {
            // Not started yet; its owner checks the stop reason before it launches anything.
            store.DecideOutcome(JobOutcome.Decide(store, request, null, null, time.GetUtcNow()));
        }
    }

    /// <summary>Queues the job for a slot; launches it at once when one is free.</summary>
    private void Schedule(LocalJob job, SlotPool pool)
    {
        var acquire = pool.AcquireAsync(job.Request.RequiresGpu, job.PendingStop.Token);
        job.Monitor = acquire.IsCompletedSuccessfully ? Launch(job, acquire.Result, pool) : WaitForSlotAsync(job, acquire, pool);
    }

    private async Task WaitForSlotAsync(LocalJob job, Task<Slot> acquire, SlotPool pool)
    {
        Slot slot;
        try
        {
            slot = await acquire.WaitAsync(disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (disposing.IsCancellationRequested)
        {
            // Left pending for the next runner; give back a slot that may have arrived meanwhile.
            job.PendingStop.Cancel();
            if (acquire.IsCompletedSuccessfully)
            {
                pool.Release(acquire.Result);
            }
            return;
        }
        catch (OperationCanceledException)
        {
            store.RecordStopReason(job.Id, StopReason.Stopped);
            Finish(job, JobOutcome.Decide(store, job.Request, null, null, time.GetUtcNow()));
            return;
        }
        await Launch(job, slot, pool).ConfigureAwait(false);
    }

    /// <summary>Starts the job's process in the slot and returns the task that watches it to its end.</summary>
    private Task Launch(LocalJob job, Slot slot, SlotPool pool)
    {
        Process child;
        lock (job.Gate)
        {
            job.Holding = (slot, pool);
            if (job.PendingStop.IsCancellationRequested || store.ReadStopReason(job.Id) is not null || store.ReadOutcome(job.Id) is not null)
            {
                store.RecordStopReason(job.Id, StopReason.Stopped);
                Finish(job, JobOutcome.Decide(store, job.Request, null, null, time.GetUtcNow()));
                return Task.CompletedTask;
            }
            var directory = store.JobDirectory(job.Id);
            var now = time.GetUtcNow();
            store.WriteLaunch(job.Id, new StoredLaunch(slot.Placement, slot.Gpu, now));
            try
            {
                child = launcher.Start(job.Request, directory, slot);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                logger.LogError(e, "Job {JobId} could not be launched", job.Id);
                Finish(job, new JobStatus
                {
                    JobId = job.Id,
                    State = JobState.Failed,
                    Message = $"could not be launched: {e.Message}",
                    Placement = slot.Placement,
                    EndedAt = now,
                });
                return Task.CompletedTask;
            }
            var identity = ProcFs.Identify(child.Id) ?? new ProcFs.ProcessIdentity(child.Id, 0);
            job.Process = new StoredProcess(identity.Pid, identity.StartTime, now, now + job.Request.Timeout, slot.Placement, slot.Gpu);
            store.WriteProcess(job.Id, job.Process);
            job.State = JobState.Running;
            if (store.ReadStopReason(job.Id) is not null)
            {
                job.KillRequest.TrySetResult(StopReason.Stopped); // stopped through the folder while launching
            }
        }
        logger.LogInformation("Job {JobId} started: pid {Pid}, {Placement}", job.Id, child.Id, slot.Placement);
        return MonitorAsync(job, child);
    }

    /// <summary>
    /// Watches a running job until it exits, is stopped or overruns its deadline; kills what is
    /// left of its process group and records the outcome. <paramref name="child"/> is null for
    /// an adopted job, whose end is seen through /proc instead of waitpid.
    /// </summary>
    private async Task MonitorAsync(LocalJob job, Process? child)
    {
        var process = job.Process!;
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(disposing.Token);
        try
        {
            await Task.Yield(); // the caller holds locks; watch from the thread pool
            var exited = child is not null
                ? child.WaitForExitAsync(watch.Token)
                : WaitUntilGoneAsync(process.Identity, watch.Token);
            var deadline = process.Deadline is { } at
                ? Task.Delay(Max(at - time.GetUtcNow(), TimeSpan.Zero), time, watch.Token)
                : Task.Delay(Timeout.Infinite, watch.Token);
            var first = await Task.WhenAny(exited, job.KillRequest.Task, deadline).ConfigureAwait(false);
            if (disposing.IsCancellationRequested)
            {
                return; // left running for the next runner to adopt
            }
            if (first != exited)
            {
                var reason = store.RecordStopReason(job.Id, first == deadline ? StopReason.TimedOut : job.KillRequest.Task.Result);
                logger.LogInformation("Killing job {JobId} (pid {Pid}): {Reason}", job.Id, process.Pid, reason);
            }
            // Kills the job if it was stopped, and in any case whatever it left behind in its group.
            await ProcessGroupKiller.KillAsync(process.Identity, time, CancellationToken.None).ConfigureAwait(false);
            int? parentExitCode = null;
            if (child is not null)
            {
                await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                parentExitCode = child.ExitCode;
            }
            Finish(job, JobOutcome.Decide(store, job.Request, process, parentExitCode, time.GetUtcNow()));
            logger.LogInformation("Job {JobId} ended: {Status}", job.Id, job.Snapshot());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Watching job {JobId} failed", job.Id);
            job.Completion.TrySetException(new JobRunnerException(500, "WatchFailed", $"Job '{job.Id}': the runner could not follow it to its end: {e.Message}", e));
        }
        finally
        {
            await watch.CancelAsync().ConfigureAwait(false);
            child?.Dispose();
        }
    }

    private async Task WaitUntilGoneAsync(ProcFs.ProcessIdentity identity, CancellationToken cancellationToken)
    {
        // Not this process's child, so there is no exit notification to wait on: look at /proc.
        while (ProcFs.IsAlive(identity))
        {
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores the outcome (or takes the one another host stored first), frees the slot and wakes waiters.</summary>
    private void Finish(LocalJob job, JobStatus outcome)
    {
        var standing = store.DecideOutcome(outcome);
        lock (job.Gate)
        {
            job.State = standing.State;
            if (job.Holding is { } holding)
            {
                job.Holding = null;
                holding.Pool.Release(holding.Slot);
            }
        }
        job.Completion.TrySetResult(standing);
    }

    private async Task<SlotPool> InitializeAsync()
    {
        var gpus = options.GpuSlots == 0
            ? []
            : await GpuDetector.DetectAsync(options.NvidiaSmi, launcher.BaseEnvironment(), logger, disposing.Token).ConfigureAwait(false);
        var pool = new SlotPool(options.EffectiveSlots, gpus, options.GpuSlots ?? gpus.Count);
        logger.LogInformation("Local job runner: {CpuSlots} CPU slot(s), {GpuSlots} GPU slot(s) over {Gpus} GPU(s), records in {StateDirectory}",
            pool.CpuSlots, pool.GpuSlots, gpus.Count, store.Directory);

        // Take over jobs whose host died while they ran, so their slots and deadlines are kept.
        await registry.WaitAsync(disposing.Token).ConfigureAwait(false);
        try
        {
            foreach (var id in store.JobIds())
            {
                try
                {
                    if (store.ReadOutcome(id) is null && store.ReadRequest(id) is { } request)
                    {
                        AttachLocked(request, pool, launchPending: false);
                    }
                }
                catch (Exception e) when (e is JobRunnerException or IOException or UnauthorizedAccessException)
                {
                    // One unreadable record must not keep the runner from the others; it fails when asked for.
                    logger.LogError(e, "Job {JobId} could not be taken over", id);
                }
            }
        }
        finally
        {
            registry.Release();
        }
        return pool;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
