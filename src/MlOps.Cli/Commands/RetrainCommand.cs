using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Functions;
using MlOps.Functions.Runtime;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops retrain --site NAME [--spec FILE] [--years …] [--wait]`: starts a retrain run through
/// POST /api/retrain — on --url, on the local host if one is up, or on a host started for the
/// command (which then waits, since the host lives only as long as the command).
/// </summary>
public static class RetrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var site = new Option<string>("--site") { Description = "Site to retrain, e.g. bedford", Required = true };
        var spec = new Option<FileInfo?>("--spec") { Description = "Sweep spec (YAML or JSON); default: the configured spec" };
        var years = new Option<string?>("--years") { Description = "Survey years to train on, e.g. 2016,2017 (default: all the site has)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run to its end: a bar for trials, a line per finished trial" };
        var url = new Option<Uri?>("--url") { Description = "A host to start it on (default: the local one)" };
        var key = new Option<string?>("--key") { Description = "The function key for --url (default: MLOPS_FUNCTION_KEY)" };
        var json = new Option<bool>("--json") { Description = "Print the start payload (and with --wait the outcome) as JSON" };
        var command = new Command("retrain", "Start a retrain run for a site and optionally follow it.");
        foreach (var option in new Option[] { site, spec, years, wait, url, key, json })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? specText = null;
            if (parse.GetValue(spec) is { } file)
            {
                if (!file.Exists)
                {
                    await Console.Error.WriteLineAsync($"Sweep spec '{file.FullName}' does not exist.");
                    return 2;
                }
                specText = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            }
            int[]? yearList = null;
            if (parse.GetValue(years) is { Length: > 0 } text)
            {
                try
                {
                    yearList = text.Split(',', StringSplitOptions.TrimEntries).Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToArray();
                }
                catch (FormatException)
                {
                    await Console.Error.WriteLineAsync($"--years '{text}' is not a comma-separated list of years.");
                    return 2;
                }
            }

            await using var target = await HostTarget.ResolveAsync(environment, parse.GetValue(url), parse.GetValue(key), cancellationToken);
            using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/retrain")
            {
                Content = JsonContent.Create(new { site = parse.GetValue(site), years = yearList, sweep = specText }),
            };
            request.Headers.Add(FunctionKeyFilter.HeaderName, target.FunctionKey);
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"The host refused the run ({(int)response.StatusCode}): {body}");
                return response.StatusCode == System.Net.HttpStatusCode.BadRequest ? 2 : 1;
            }
            using var payload = JsonDocument.Parse(body);
            var id = payload.RootElement.GetProperty("id").GetString()!;
            var statusUri = new Uri(payload.RootElement.GetProperty("statusQueryGetUri").GetString()!);
            if (!(parse.GetValue(wait) || target.StartedHere))
            {
                if (parse.GetValue(json))
                {
                    Console.WriteLine(body);
                }
                else
                {
                    Console.WriteLine($"Started {id}\n  status: {statusUri}");
                }
                return 0;
            }
            Console.WriteLine($"Started {id}");
            var outcome = await new RetrainWatcher(http, statusUri).WatchAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(new { id, runtimeStatus = outcome.RuntimeStatus, progress = outcome.Progress, output = outcome.Output });
            }
            else if (outcome.RuntimeStatus == "Completed")
            {
                var p = outcome.Progress;
                Console.WriteLine($"{id}: {outcome.Output?.GetProperty("outcome").GetString()}" +
                    (p?.Version is { } v ? $", version {v}, accuracy {p.Accuracy:0.0000}" : "") +
                    (p?.AccuracyGainOnNewestYear is { } g ? $", {g:+0.0000;-0.0000} over the champion on {p.Years?.Max()}" : ""));
                Console.WriteLine($"  see: ./mlops sweep show {id}    ./mlops models list {parse.GetValue(site)}");
            }
            else
            {
                await Console.Error.WriteLineAsync($"{id}: {outcome.RuntimeStatus}: {outcome.Progress?.Reason}");
            }
            return outcome.RuntimeStatus == "Completed" ? 0 : 1;
        });
        return command;
    }

    /// <summary>The host a command talks to, and whether the command started it (and must stop it).</summary>
    private sealed class HostTarget(Uri baseAddress, string functionKey, WebApplication? app) : IAsyncDisposable
    {
        public Uri BaseAddress { get; } = baseAddress;

        public string FunctionKey { get; } = functionKey;

        public bool StartedHere => app is not null;

        public static async Task<HostTarget> ResolveAsync(CliEnvironment environment, Uri? url, string? key, CancellationToken cancellationToken)
        {
            if (url is not null)
            {
                var functionKey = key ?? Environment.GetEnvironmentVariable("MLOPS_FUNCTION_KEY")
                    ?? throw new InvalidOperationException("--url needs a function key: --key or MLOPS_FUNCTION_KEY.");
                return new HostTarget(new Uri(url.ToString().TrimEnd('/') + "/"), functionKey, null);
            }
            var keys = FunctionKeys.Load(Bind(environment), FunctionsServiceCollectionExtensions.LocalKeyFile(environment.Paths));
            var port = environment.Configuration.GetValue("Host:LocalHttpPort", FunctionsApplication.DefaultLocalPort);
            var local = new Uri($"http://127.0.0.1:{port}/");
            using (var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                try
                {
                    if ((await probe.GetAsync(new Uri(local, "health"), cancellationToken)).IsSuccessStatusCode)
                    {
                        return new HostTarget(local, keys.Function, null);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
            Console.WriteLine("No local host is running; starting one for this command.");
            var app = FunctionsApplication.Create(["--urls", "http://127.0.0.1:0", "--AzureFunctionsJobHost:logging:logLevel:default", "Warning"], environment.Paths);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new HostTarget(new Uri(address.TrimEnd('/') + "/"), keys.Function, app);
        }

        public async ValueTask DisposeAsync()
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        private static FunctionKeysOptions Bind(CliEnvironment environment)
        {
            var options = new FunctionKeysOptions();
            environment.Configuration.GetSection(FunctionKeysOptions.Section).Bind(options);
            return options;
        }
    }
}
