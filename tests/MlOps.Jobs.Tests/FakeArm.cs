using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlOps.Jobs.ContainerApps;

namespace MlOps.Jobs.Tests;

/// <summary>
/// A small stand-in for the Azure Resource Manager endpoints of one Container Apps Job, served
/// over HTTPS by Kestrel on 127.0.0.1 with a throwaway certificate. It checks requests the way
/// ARM does (api-version, bearer token, paths, a start body with named containers and images),
/// keeps executions whose status the test moves on, records every request, and can throttle
/// (429 + Retry-After), forbid (403) or accept starts asynchronously (202 + Location).
/// </summary>
public sealed partial class FakeArm : IAsyncDisposable
{
    public const string Token = "fake-arm-token";
    public const string Subscription = "3f2c1b7e-9d4a-4e8b-a1c2-5d6e7f809a1b";
    public const string ResourceGroup = "mlops-rg";
    public const string JobName = "mlops-trainer";
    public const string ApiVersion = "2024-03-01";

    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly object gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly Dictionary<string, JsonObject> executions = new(StringComparer.Ordinal);
    private readonly List<(string Method, Regex Path, int Remaining)> throttles = [];
    private readonly Dictionary<string, int> pendingOperations = new(StringComparer.Ordinal);
    private int executionCounter;

    private FakeArm(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Answer 403 AuthorizationFailed to everything.</summary>
    public bool Forbidden { get; set; }

    /// <summary>How starts are answered: 200 with the execution, or 202 with a header to follow.</summary>
    public StartAnswer StartAnswer { get; set; } = StartAnswer.Execution;

    /// <summary>How long before "now" executions claim to have started.</summary>
    public TimeSpan BackdateStarts { get; set; }

    public static string JobPath => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/{JobName}";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToArray();
            }
        }
    }

    public IReadOnlyList<string> ExecutionNames
    {
        get
        {
            lock (gate)
            {
                return executions.Keys.ToArray();
            }
        }
    }

    public static async Task<FakeArm> StartAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeArm(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.Single());
        return fake;
    }

    /// <summary>Client options that reach this fake: its endpoint, its certificate pinned, quick retries.</summary>
    public ContainerAppsJobsClientOptions ClientOptions()
    {
        var thumbprint = certificate.Thumbprint;
        var options = new ContainerAppsJobsClientOptions
        {
            ArmEndpoint = Endpoint,
            Transport = new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
            }),
        };
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        return options;
    }

    public ContainerAppsJobRunnerOptions RunnerOptions() => new()
    {
        SubscriptionId = Subscription,
        ResourceGroup = ResourceGroup,
        JobName = JobName,
        ArmEndpoint = Endpoint,
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public ContainerAppsJobRunner NewRunner(ContainerAppsJobRunnerOptions? options = null) =>
        new(options ?? RunnerOptions(), new FixedTokenCredential(Token), ClientOptions());

    /// <summary>Answers the next <paramref name="times"/> matching requests with 429 and Retry-After.</summary>
    public void Throttle(string method, string pathPattern, int times)
    {
        lock (gate)
        {
            throttles.Add((method, new Regex(pathPattern), times));
        }
    }

    /// <summary>Moves an execution to a final status, as Container Apps would when its container exits.</summary>
    public void Finish(string executionName, string status)
    {
        lock (gate)
        {
            var properties = executions[executionName]["properties"]!;
            properties["status"] = status;
            properties["endTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
        }
    }

    public string Status(string executionName)
    {
        lock (gate)
        {
            return executions[executionName]["properties"]!["status"]!.GetValue<string>();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "", request.Query["api-version"].ToString(), request.Headers.Authorization.ToString(), body);
        int status;
        JsonObject? answer;
        var headers = new Dictionary<string, string>();
        lock (gate)
        {
            requests.Add(recorded);
            (status, answer) = Answer(recorded, request, headers);
        }
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        if (answer is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private (int, JsonObject?) Answer(RecordedRequest recorded, HttpRequest request, Dictionary<string, string> headers)
    {
        if (recorded.ApiVersion.Length == 0)
        {
            return Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (recorded.ApiVersion != ApiVersion)
        {
            return Error(400, "InvalidApiVersionParameter", $"The api-version '{recorded.ApiVersion}' is invalid.");
        }
        if (recorded.Authorization != $"Bearer {Token}")
        {
            return Error(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
        if (Forbidden)
        {
            return Error(403, "AuthorizationFailed", $"The client does not have authorization to perform action over scope '{JobPath}'.");
        }
        for (var i = 0; i < throttles.Count; i++)
        {
            var (method, pattern, remaining) = throttles[i];
            if (remaining > 0 && method == recorded.Method && pattern.IsMatch(recorded.Path))
            {
                throttles[i] = (method, pattern, remaining - 1);
                headers["Retry-After"] = "1";
                return Error(429, "TooManyRequests", "The request is being throttled.");
            }
        }

        var path = recorded.Path;
        if (path == JobPath && recorded.Method == "GET")
        {
            return (200, JobResource());
        }
        if (path == $"{JobPath}/start" && recorded.Method == "POST")
        {
            return Start(recorded.Body, headers);
        }
        if (path == $"{JobPath}/executions" && recorded.Method == "GET")
        {
            return (200, ExecutionPage(int.TryParse(request.Query["$skiptoken"], out var skip) ? skip : 0));
        }
        if (OperationPath().Match(path) is { Success: true } operation && recorded.Method == "GET")
        {
            var id = operation.Groups[1].Value;
            if (pendingOperations[id]-- > 0)
            {
                headers["Location"] = $"{Endpoint.ToString().TrimEnd('/')}{path}?api-version={ApiVersion}";
                headers["Retry-After"] = "0";
                return (202, null);
            }
            return (200, Summary(executions[id]));
        }
        if (OperationStatusPath().Match(path) is { Success: true } statusOperation && recorded.Method == "GET")
        {
            var id = statusOperation.Groups[1].Value;
            var done = pendingOperations[id]-- <= 0;
            headers["Retry-After"] = "0";
            return (200, new JsonObject { ["id"] = path, ["name"] = id, ["status"] = done ? "Succeeded" : "InProgress" });
        }
        if (ExecutionPath().Match(path) is { Success: true } match && executions.TryGetValue(match.Groups[1].Value, out var execution))
        {
            if (match.Groups[2].Success && recorded.Method == "POST")
            {
                var properties = execution["properties"]!;
                if (properties["status"]!.GetValue<string>() is "Running" or "Processing")
                {
                    properties["status"] = "Stopped";
                    properties["endTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture);
                }
                return (202, null);
            }
            if (!match.Groups[2].Success && recorded.Method == "GET")
            {
                return (200, (JsonObject)execution.DeepClone());
            }
        }
        return Error(404, "ResourceNotFound", $"The resource '{path}' was not found.");
    }

    private (int, JsonObject?) Start(string body, Dictionary<string, string> headers)
    {
        JsonObject? template;
        try
        {
            template = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return Error(400, "InvalidRequestContent", $"The request content is not valid JSON: {e.Message}");
        }
        if (template?["containers"] is not JsonArray { Count: > 0 } containers
            || containers.Any(c => c?["name"]?.GetValue<string>() is not { Length: > 0 } || c["image"]?.GetValue<string>() is not { Length: > 0 }))
        {
            return Error(400, "InvalidRequestContent", "Every container of a job execution needs a name and an image.");
        }
        var name = $"{JobName}-{++executionCounter:D3}{Guid.NewGuid().ToString("N")[..4]}";
        executions[name] = new JsonObject
        {
            ["name"] = name,
            ["id"] = $"{JobPath}/executions/{name}",
            ["type"] = "Microsoft.App/jobs/executions",
            ["properties"] = new JsonObject
            {
                ["status"] = "Running",
                ["startTime"] = (DateTimeOffset.UtcNow - BackdateStarts).ToString("o", CultureInfo.InvariantCulture),
                ["template"] = template.DeepClone(),
            },
        };
        var operation = $"{Endpoint.ToString().TrimEnd('/')}/subscriptions/{Subscription}/providers/Microsoft.App/locations/eastus";
        switch (StartAnswer)
        {
            case StartAnswer.AcceptedWithLocation:
                pendingOperations[name] = 1;
                headers["Location"] = $"{operation}/containerappsjobOperationResults/{name}?api-version={ApiVersion}";
                headers["Retry-After"] = "0";
                return (202, null);
            case StartAnswer.AcceptedWithAsyncOperation:
                pendingOperations[name] = 1;
                headers["Azure-AsyncOperation"] = $"{operation}/containerappsjobOperationStatuses/{name}?api-version={ApiVersion}";
                headers["Retry-After"] = "0";
                return (202, null);
            default:
                return (200, Summary(executions[name]));
        }
    }

    private JsonObject ExecutionPage(int skip)
    {
        // One execution per page, so listing has to follow nextLink.
        var all = executions.Values.ToArray();
        var page = new JsonObject { ["value"] = new JsonArray(all.Skip(skip).Take(1).Select(e => (JsonNode)e.DeepClone()).ToArray()) };
        if (skip + 1 < all.Length)
        {
            page["nextLink"] = $"{Endpoint.ToString().TrimEnd('/')}{JobPath}/executions?api-version={ApiVersion}&$skiptoken={skip + 1}";
        }
        return page;
    }

    private static JsonObject Summary(JsonObject execution) => new() { ["name"] = execution["name"]!.DeepClone(), ["id"] = execution["id"]!.DeepClone() };

    /// <summary>The job as defined in Azure: a trainer container with its image, resources and one secret-backed variable.</summary>
    private static JsonObject JobResource() => new()
    {
        ["id"] = JobPath,
        ["name"] = JobName,
        ["type"] = "Microsoft.App/jobs",
        ["properties"] = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["configuration"] = new JsonObject { ["triggerType"] = "Manual", ["replicaTimeout"] = 7200 },
            ["template"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "trainer",
                    ["image"] = "mlopsacr.azurecr.io/mlops-trainer:1.4.0",
                    ["resources"] = new JsonObject { ["cpu"] = 8, ["memory"] = "56Gi" },
                    ["env"] = new JsonArray(
                        new JsonObject { ["name"] = "AzureWebJobsStorage", ["secretRef"] = "storage-connection" },
                        new JsonObject { ["name"] = "MLOPS_JOB_ID", ["value"] = "unset" }),
                    ["probes"] = new JsonArray(),
                }),
            },
        },
    };

    private static (int, JsonObject?) Error(int status, string code, string message) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.App/jobs/[^/]+/executions/([^/]+)(/stop)?$")]
    private static partial Regex ExecutionPath();

    [GeneratedRegex(@"^/subscriptions/[^/]+/providers/Microsoft\.App/locations/[^/]+/containerappsjobOperationResults/([^/]+)$")]
    private static partial Regex OperationPath();

    [GeneratedRegex(@"^/subscriptions/[^/]+/providers/Microsoft\.App/locations/[^/]+/containerappsjobOperationStatuses/([^/]+)$")]
    private static partial Regex OperationStatusPath();

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        certificate.Dispose();
    }
}

public enum StartAnswer
{
    /// <summary>200 with the execution's name.</summary>
    Execution,

    /// <summary>202 + Location; the location answers 202 once, then the execution.</summary>
    AcceptedWithLocation,

    /// <summary>202 + Azure-AsyncOperation only; the operation is InProgress once, then Succeeded, and never names the execution.</summary>
    AcceptedWithAsyncOperation,
}

public sealed record RecordedRequest(string Method, string Path, string ApiVersion, string Authorization, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>Stands in for Entra ID: hands out one fixed token and remembers the scopes asked for.</summary>
public sealed class FixedTokenCredential(string token) : TokenCredential
{
    private readonly List<string> scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (scopes)
            {
                return scopes.ToArray();
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (scopes)
        {
            scopes.AddRange(requestContext.Scopes);
        }
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
