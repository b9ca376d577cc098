using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace MlOps.Jobs.ContainerApps;

/// <summary>
/// The few Azure Resource Manager operations on one Container Apps Job that running trials
/// needs, on Azure.Core's HTTP pipeline with a bearer token from a <see cref="TokenCredential"/>
/// (a managed identity in Azure): read the job's template, start an execution with overridden
/// containers, read and list executions, stop one. Throttling (429) is retried after the
/// server's Retry-After; refusals become <see cref="JobRunnerException"/> naming the job.
/// </summary>
public sealed class ContainerAppsJobsClient
{
    private readonly HttpPipeline pipeline;
    private readonly ContainerAppsJobsClientOptions options;
    private readonly string jobPath;
    private readonly string resourceDescription;

    public ContainerAppsJobsClient(string subscriptionId, string resourceGroup, string jobName, TokenCredential credential, ContainerAppsJobsClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subscriptionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobName);
        ArgumentNullException.ThrowIfNull(credential);
        this.options = options ?? new ContainerAppsJobsClientOptions();
        SubscriptionId = subscriptionId;
        ResourceGroup = resourceGroup;
        JobName = jobName;
        foreach (var (name, value) in new[] { ("subscription id", subscriptionId), ("resource group", resourceGroup), ("job name", jobName) })
        {
            if (!value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '(' or ')'))
            {
                throw new ArgumentException($"The Container Apps {name} '{value}' holds characters Azure does not allow (letters, digits, '-', '_', '.', '(' and ')').");
            }
        }
        jobPath = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.App/jobs/{jobName}";
        resourceDescription = $"Container Apps Job '{jobName}' (resource group '{resourceGroup}', subscription '{subscriptionId}')";
        pipeline = HttpPipelineBuilder.Build(
            this.options,
            [],
            [new BearerTokenAuthenticationPolicy(credential, this.options.Scope)],
            new ResponseClassifier());
    }

    public string SubscriptionId { get; }

    public string ResourceGroup { get; }

    public string JobName { get; }

    /// <summary>The job's execution template (<c>properties.template</c>: containers and init containers).</summary>
    public async Task<JsonObject> GetTemplateAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, jobPath);
        var job = await SendForJsonAsync(message, "read", cancellationToken).ConfigureAwait(false);
        return job["properties"]?["template"] as JsonObject
            ?? throw new JobRunnerException(502, "NoTemplate", $"{resourceDescription} has no properties.template to start executions from.");
    }

    /// <summary>
    /// Starts an execution with the given template (the body of the Jobs - Start operation)
    /// and returns its name. A 202 answer is followed to its end through its Location (or
    /// Azure-AsyncOperation) header; when that does not name the execution, null is returned
    /// and the caller finds the execution by the environment it gave it.
    /// </summary>
    public async Task<string?> StartAsync(JsonObject template, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, $"{jobPath}/start");
        message.ResponseClassifier = RetryOnlyThrottlingClassifier.Instance;
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(template.ToJsonString()));
        var response = await SendAsync(message, "start an execution of", cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            return response.Content.ToMemory().Length == 0 ? null : ExecutionName(Parse(response));
        }
        return await FollowAcceptedAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The execution, or null when ARM does not know it (anymore).</summary>
    public async Task<ContainerAppsJobExecution?> GetExecutionAsync(string executionName, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, $"{jobPath}/executions/{executionName}");
        var response = await SendAsync(message, $"read execution '{executionName}' of", cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return response.Status == 404 ? null : ParseExecution(Parse(response));
    }

    /// <summary>Every execution ARM keeps for the job, following nextLink pages.</summary>
    public async IAsyncEnumerable<ContainerAppsJobExecution> ListExecutionsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Uri? next = Address($"{jobPath}/executions");
        while (next is not null)
        {
            using var message = pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(next);
            var page = await SendForJsonAsync(message, "list executions of", cancellationToken).ConfigureAwait(false);
            foreach (var item in page["value"] as JsonArray ?? [])
            {
                if (item is JsonObject execution)
                {
                    yield return ParseExecution(execution);
                }
            }
            next = page["nextLink"]?.GetValue<string>() is { Length: > 0 } link ? new Uri(link) : null;
        }
    }

    /// <summary>Asks ARM to stop the execution; the stop takes effect asynchronously (poll the execution).</summary>
    public async Task StopExecutionAsync(string executionName, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, $"{jobPath}/executions/{executionName}/stop");
        await SendAsync(message, $"stop execution '{executionName}' of", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> FollowAcceptedAsync(Response accepted, CancellationToken cancellationToken)
    {
        var location = accepted.Headers.TryGetValue("Location", out var l) ? new Uri(l!) : null;
        if (accepted.Headers.TryGetValue("Azure-AsyncOperation", out var operationUri))
        {
            var delay = RetryAfter(accepted);
            while (true)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                using var poll = pipeline.CreateMessage();
                poll.Request.Method = RequestMethod.Get;
                poll.Request.Uri.Reset(new Uri(operationUri!));
                var response = await SendAsync(poll, "follow the start of", cancellationToken).ConfigureAwait(false);
                var operation = Parse(response);
                var status = operation["status"]?.GetValue<string>();
                if (string.Equals(status, "Succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
                if (status is not null && (status.Equals("Failed", StringComparison.OrdinalIgnoreCase) || status.Equals("Canceled", StringComparison.OrdinalIgnoreCase)))
                {
                    var error = operation["error"];
                    throw new JobRunnerException(500, error?["code"]?.GetValue<string>() ?? status,
                        $"Starting an execution of {resourceDescription} ended {status}: {error?["message"]?.GetValue<string>() ?? "no reason given"}.");
                }
                delay = RetryAfter(response);
            }
            if (location is null)
            {
                return null;
            }
        }
        if (location is null)
        {
            return null;
        }
        while (true)
        {
            using var poll = pipeline.CreateMessage();
            poll.Request.Method = RequestMethod.Get;
            poll.Request.Uri.Reset(location);
            var response = await SendAsync(poll, "follow the start of", cancellationToken).ConfigureAwait(false);
            if (response.Status != 202)
            {
                return response.Content.ToMemory().Length == 0 ? null : ExecutionName(Parse(response));
            }
            await Task.Delay(RetryAfter(response), cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryAfter(Response response) =>
        response.Headers.TryGetValue("Retry-After", out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : options.Retry.Delay;

    private static string? ExecutionName(JsonObject body) => body["name"]?.GetValue<string>();

    private static ContainerAppsJobExecution ParseExecution(JsonObject execution)
    {
        var properties = execution["properties"] as JsonObject;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in properties?["template"]?["containers"] as JsonArray ?? [])
        {
            foreach (var variable in container?["env"] as JsonArray ?? [])
            {
                if (variable?["name"]?.GetValue<string>() is { } name && variable["value"]?.GetValue<string>() is { } value)
                {
                    environment[name] = value;
                }
            }
        }
        return new ContainerAppsJobExecution(
            execution["name"]?.GetValue<string>() ?? "",
            properties?["status"]?.GetValue<string>() ?? "Unknown",
            Time(properties?["startTime"]),
            Time(properties?["endTime"]),
            environment);
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private Uri Address(string path)
    {
        var builder = new UriBuilder(options.ArmEndpoint) { Path = path, Query = $"api-version={Uri.EscapeDataString(options.ApiVersion)}" };
        return builder.Uri;
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Address(path));
        return message;
    }

    private async Task<JsonObject> SendForJsonAsync(HttpMessage message, string operation, CancellationToken cancellationToken) =>
        Parse(await SendAsync(message, operation, cancellationToken).ConfigureAwait(false));

    private async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status < 400 || (allowNotFound && response.Status == 404))
        {
            return response;
        }
        var (code, detail) = ReadError(response);
        var advice = response.Status switch
        {
            401 => " The host's identity was not accepted: check the managed identity (MlOps:Jobs:ManagedIdentityClientId) and the tenant.",
            403 => " The host's identity needs permission to start, read and stop executions of this job (Microsoft.App/jobs/start/action, Microsoft.App/jobs/executions/read, Microsoft.App/jobs/executions/stop/action), e.g. the Contributor role on the job.",
            429 => " Azure Resource Manager kept throttling after the retries; try again later or poll less often (MlOps:Jobs:PollInterval).",
            _ => "",
        };
        throw new JobRunnerException(response.Status, code,
            $"Azure refused to {operation} {resourceDescription}: {response.Status} {code ?? response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}.{advice}");
    }

    private static (string? Code, string? Message) ReadError(Response response)
    {
        try
        {
            var error = JsonNode.Parse(response.Content.ToString())?["error"];
            return (error?["code"]?.GetValue<string>(), error?["message"]?.GetValue<string>());
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private JsonObject Parse(Response response)
    {
        try
        {
            return JsonNode.Parse(response.Content.ToString()) as JsonObject
                ?? throw new JobRunnerException(502, "InvalidResponse", $"Azure answered about {resourceDescription} with JSON that is not an object.");
        }
        catch (JsonException e)
        {
            throw new JobRunnerException(502, "InvalidResponse", $"Azure answered about {resourceDescription} with invalid JSON: {e.Message}", e);
        }
    }
}
