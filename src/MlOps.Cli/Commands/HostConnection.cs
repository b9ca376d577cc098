using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using MlOps.Functions;
using MlOps.Functions.Runtime;

namespace MlOps.Cli.Commands;

/// <summary>
/// How commands reach the running functions host: its URL (<c>--host</c>, else
/// <c>http://127.0.0.1:{Host:LocalHttpPort}</c>) and the keys it uses (configured, or the local
/// key file `mlops up` writes). Failures become one line: the host is not running, or what it answered.
/// </summary>
public sealed class HostConnection : IDisposable
{
    private HostConnection(Uri baseAddress, FunctionKeys keys)
    {
        Keys = keys;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public HttpClient Http { get; }

    public FunctionKeys Keys { get; }

    public static HostConnection Open(CliEnvironment environment, string? host)
    {
        var port = environment.Configuration.GetValue("Host:LocalHttpPort", FunctionsApplication.DefaultLocalPort);
        var address = new Uri(string.IsNullOrWhiteSpace(host) ? $"http://127.0.0.1:{port}/" : host.TrimEnd('/') + "/");
        var options = new FunctionKeysOptions();
        environment.Configuration.GetSection(FunctionKeysOptions.Section).Bind(options);
        return new HostConnection(address, FunctionKeys.Load(options, FunctionsServiceCollectionExtensions.LocalKeyFile(environment.Paths)));
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        request.Headers.Add(FunctionKeyFilter.HeaderName, key);
        return request;
    }

    /// <summary>Sends the request; a host that cannot be reached is a <see cref="HostException"/> saying how to start one.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new HostException($"no functions host answers at {Http.BaseAddress} ({e.Message}); start one with `./mlops up` or pass --host URL.");
        }
    }

    /// <summary>The "error" of a JSON error answer, else the status line.</summary>
    public static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (text.Length > 0 && JsonDocument.Parse(text).RootElement.TryGetProperty("error", out var error))
            {
                return $"{(int)response.StatusCode}: {error.GetString()}";
            }
        }
        catch (JsonException)
        {
        }
        return response.StatusCode == HttpStatusCode.Unauthorized
            ? "401: the host refused the key (is it a different host than `mlops keys` describes?)"
            : $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>The host could not be reached or refused a request; the message is one line for standard error.</summary>
public sealed class HostException(string message) : Exception(message);
