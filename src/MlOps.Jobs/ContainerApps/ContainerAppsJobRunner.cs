using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MlOps.Jobs.ContainerApps;

/// <summary>
/// Runs each job as an execution of one Azure Container Apps Job (on a GPU workload profile),
/// started through the ARM REST API. The execution gets the job's own template with the
/// trial's environment added (MLOPS_TRIAL_SPEC, MLOPS_JOB_ID, the request's variables), is
/// polled until it ends, stopped on request and when it overruns the request's timeout.
/// </summary>
/// <remarks>
/// Azure keeps the record: every execution carries its job id in its environment, so a host
/// started after a crash finds the execution again by listing the job's executions, and a
/// start that failed on the way back is never repeated blindly. Outcomes are read from Azure
/// each time and so are the same for every host. Exit codes and stderr are not exposed by ARM:
/// a failed execution's output is in the environment's Log Analytics workspace.
/// </remarks>
public sealed class ContainerAppsJobRunner : IJobRunner
{
    private readonly ContainerAppsJobRunnerOptions options;
    private readonly ContainerAppsJobsClient client;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, string> executionsByJob = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> stopsSent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim starting = new(1, 1);

    public ContainerAppsJobRunner(
        ContainerAppsJobRunnerOptions options,
        TokenCredential credential,
        ContainerAppsJobsClientOptions? clientOptions = null,
        ILogger<ContainerAppsJobRunner>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        options.Validate();
        this.options = options;
        clientOptions ??= new ContainerAppsJobsClientOptions();
        clientOptions.ArmEndpoint = options.ArmEndpoint;
        clientOptions.ApiVersion = options.ApiVersion;
        client = new ContainerAppsJobsClient(options.SubscriptionId!, options.ResourceGroup!, options.JobName!, credential, clientOptions);
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
    }

    public async Task<JobStatus> StartAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await FindExecutionAsync(request.JobId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                EnsureSameJob(existing, request);
                logger.LogInformation("Job {JobId} is execution {Execution} already: re-attaching", request.JobId, existing.Name);
                return Describe(request.JobId, existing);
            }
            var template = await client.GetTemplateAsync(cancellationToken).ConfigureAwait(false);
            var body = ExecutionTemplate(template, request);
            string? name;
            try
            {
                name = await client.StartAsync(body, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 0 or >= 500)
            {
                // The start may have happened even though its answer was lost.
                logger.LogWarning(e, "Starting job {JobId} failed ({Status}); checking whether the execution exists", request.JobId, e.Status);
                var started = await FindExecutionAsync(request.JobId, cancellationToken).ConfigureAwait(false);
                if (started is null)
                {
                    throw;
                }
                name = started.Name;
            }
            name ??= (await FindExecutionAsync(request.JobId, cancellationToken).ConfigureAwait(false))?.Name
                ?? throw new JobRunnerException(502, "ExecutionNotFound",
                    $"Azure accepted the start of job '{request.JobId}' on Container Apps Job '{options.JobName}' but no execution carrying {JobEnvironment.JobId}={request.JobId} can be found.");
            executionsByJob[request.JobId] = name;
            logger.LogInformation("Job {JobId} started as execution {Execution} of {ContainerAppsJob}", request.JobId, name, options.JobName);
            var execution = await client.GetExecutionAsync(name, cancellationToken).ConfigureAwait(false);
            return execution is null
                ? new JobStatus { JobId = request.JobId, State = JobState.Pending, Placement = name }
                : Describe(request.JobId, execution);
        }
        finally
        {
            starting.Release();
        }
    }

    public async Task<JobStatus?> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        return await ReadAsync(jobId, cancellationToken).ConfigureAwait(false) is { } found ? found.Status : null;
    }

    public async Task<JobStatus> WaitForCompletionAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        while (true)
        {
            var (status, execution) = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw JobRunnerException.NotFound(jobId);
            if (status.IsFinal)
            {
                return status;
            }
            if (execution is not null && Deadline(execution) is { } deadline && time.GetUtcNow() >= deadline && stopsSent.TryAdd(execution.Name, 0))
            {
                logger.LogInformation("Job {JobId} (execution {Execution}) ran past its timeout: stopping it", jobId, execution.Name);
                await client.StopExecutionAsync(execution.Name, cancellationToken).ConfigureAwait(false);
            }
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<JobStatus> StopAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobRequest.ValidateJobId(jobId);
        var (status, execution) = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw JobRunnerException.NotFound(jobId);
        if (status.IsFinal || execution is null)
        {
            return status;
        }
        logger.LogInformation("Stopping job {JobId} (execution {Execution})", jobId, execution.Name);
        await client.StopExecutionAsync(execution.Name, cancellationToken).ConfigureAwait(false);
        stopsSent.TryAdd(execution.Name, 0);
        return await WaitForCompletionAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's status and execution; the execution is null when Azure has forgotten it (then the job is lost).</summary>
    private async Task<(JobStatus Status, ContainerAppsJobExecution? Execution)?> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        if (executionsByJob.TryGetValue(jobId, out var name))
        {
            var execution = await client.GetExecutionAsync(name, cancellationToken).ConfigureAwait(false);
            return execution is null
                ? (new JobStatus
                {
                    JobId = jobId,
                    State = JobState.Lost,
                    Placement = name,
                    Message = $"execution '{name}' of Container Apps Job '{options.JobName}' is no longer known to Azure",
                }, null)
                : (Describe(jobId, execution), execution);
        }
        return await FindExecutionAsync(jobId, cancellationToken).ConfigureAwait(false) is { } found ? (Describe(jobId, found), found) : null;
    }

    /// <summary>The job's execution, found by the job id it carries in its environment.</summary>
    private async Task<ContainerAppsJobExecution?> FindExecutionAsync(string jobId, CancellationToken cancellationToken)
    {
        if (executionsByJob.TryGetValue(jobId, out var name))
        {
            return await client.GetExecutionAsync(name, cancellationToken).ConfigureAwait(false);
        }
        ContainerAppsJobExecution? latest = null;
        await foreach (var execution in client.ListExecutionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (execution.Environment.TryGetValue(JobEnvironment.JobId, out var id) && id == jobId
                && (latest is null || execution.StartTime > latest.StartTime))
            {
                latest = execution;
            }
        }
        if (latest is not null)
        {
            executionsByJob[jobId] = latest.Name;
        }
        return latest;
    }

    private void EnsureSameJob(ContainerAppsJobExecution execution, JobRequest request)
    {
        if (execution.Environment.TryGetValue(JobEnvironment.TrialSpec, out var spec) && spec != request.SpecLocation)
        {
            throw new JobRunnerException(409, JobRunnerException.JobIdInUse,
                $"Job id '{request.JobId}' is already execution '{execution.Name}' of Container Apps Job '{options.JobName}' with spec '{spec}'; choose a new id for spec '{request.SpecLocation}'.");
        }
    }

    /// <summary>The Jobs - Start body: the job's containers as its template defines them, with the trial's environment added.</summary>
    private JsonObject ExecutionTemplate(JsonObject template, JobRequest request)
    {
        var containers = template["containers"] as JsonArray;
        if (containers is null || containers.Count == 0)
        {
            throw new JobRunnerException(400, "NoContainers", $"Container Apps Job '{options.JobName}' defines no containers to run job '{request.JobId}' in.");
        }
        var names = containers.Select(c => c?["name"]?.GetValue<string>()).ToArray();
        if (options.ContainerName is { } wanted && !names.Contains(wanted))
        {
            throw new JobRunnerException(400, "ContainerNotFound",
                $"Container Apps Job '{options.JobName}' has no container '{wanted}' (MlOps:Jobs:ContainerName); it has: {string.Join(", ", names)}.");
        }
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal)
        {
            [JobEnvironment.JobId] = request.JobId,
            [JobEnvironment.TrialSpec] = request.SpecLocation,
        };
        if (request.Timeout is { } timeout)
        {
            environment[JobEnvironment.TimeoutSeconds] = ((long)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        var body = new JsonObject
        {
            ["containers"] = new JsonArray(containers.Select(container =>
                (JsonNode)ExecutionContainer(container!.AsObject(), options.ContainerName is null || container["name"]?.GetValue<string>() == options.ContainerName ? environment : null)).ToArray()),
        };
        if (template["initContainers"] is JsonArray { Count: > 0 } initContainers)
        {
            body["initContainers"] = new JsonArray(initContainers.Select(container => (JsonNode)ExecutionContainer(container!.AsObject(), null)).ToArray());
        }
        return body;
    }

    /// <summary>A JobExecutionContainer (name, image, command, args, env, resources) from a template container, with <paramref name="environment"/> overriding same-named variables.</summary>
    private static JsonObject ExecutionContainer(JsonObject container, IReadOnlyDictionary<string, string>? environment)
    {
        var result = new JsonObject();
        foreach (var field in new[] { "name", "image", "command", "args", "resources", "env" })
        {
            if (container[field] is { } value)
            {
                result[field] = value.DeepClone();
            }
        }
        if (environment is not null)
        {
            var variables = new JsonArray();
            foreach (var variable in container["env"] as JsonArray ?? [])
            {
                if (variable?["name"]?.GetValue<string>() is { } name && !environment.ContainsKey(name))
                {
                    variables.Add(variable.DeepClone());
                }
            }
            foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                variables.Add(new JsonObject { ["name"] = name, ["value"] = value });
            }
            result["env"] = variables;
        }
        return result;
    }

    private static TimeSpan? Timeout(ContainerAppsJobExecution execution) =>
        execution.Environment.TryGetValue(JobEnvironment.TimeoutSeconds, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static DateTimeOffset? Deadline(ContainerAppsJobExecution execution) => execution.StartTime + Timeout(execution);

    private JobStatus Describe(string jobId, ContainerAppsJobExecution execution)
    {
        var status = new JobStatus
        {
            JobId = jobId,
            State = JobState.Pending,
            Placement = execution.Name,
            StartedAt = execution.StartTime,
            EndedAt = execution.EndTime,
        };
        var logs = $"its output is in the logs of Container Apps Job '{options.JobName}' (Log Analytics)";
        switch (execution.Status)
        {
            case "Running" or "Processing":
                return status with { State = JobState.Running, EndedAt = null };
            case "Succeeded":
                return status with { State = JobState.Succeeded };
            case "Failed" or "Degraded":
                return status with { State = JobState.Failed, Message = $"execution '{execution.Name}' ended {execution.Status}; {logs}" };
            case "Stopped":
                var timeout = Timeout(execution);
                return timeout is not null && execution.EndTime - execution.StartTime >= timeout
                    ? status with { State = JobState.TimedOut, Message = $"stopped after running longer than its timeout of {timeout.Value.TotalSeconds:0} s" }
                    : status with { State = JobState.Stopped, Message = "stopped on request" };
            default:
                return status with { EndedAt = null };
        }
    }
}
