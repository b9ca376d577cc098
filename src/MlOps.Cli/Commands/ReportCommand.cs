using System.CommandLine;
using MlOps.Functions.Dashboard;
using MlOps.Reports.Pages;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops report RUN --out DIR`: one self-contained HTML file for a retrain run (drift, sweep
/// with its plots and trials, evaluation with the model × year matrix and confusion matrices,
/// the registered card, the maps inlined), to attach to a ticket. Read from this project's
/// storage, or with --url from a running host's dashboard.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var run = new Argument<string>("RUN") { Description = "The retrain run's instance id (the dashboard's runs page and `mlops retrain` show it)" };
        var output = new Option<string>("--out") { Description = "Folder to write run-{RUN}.html into (created if missing)", Required = true };
        var url = new Option<string?>("--url") { Description = "Fetch the report from this host's dashboard instead of reading local storage" };
        var key = new Option<string?>("--key") { Description = "Function key for --url (default: MLOPS_FUNCTION_KEY)" };
        var command = new Command("report", "Write a self-contained HTML report of one retrain run (pictures and tables inlined).");
        command.Arguments.Add(run);
        command.Options.Add(output);
        command.Options.Add(url);
        command.Options.Add(key);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var id = parse.GetValue(run)!;
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            string? html;
            if (parse.GetValue(url) is { } host)
            {
                try
                {
                    html = await FetchAsync(host, id, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("MLOPS_FUNCTION_KEY"), cancellationToken);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or HttpRequestException)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    return 2;
                }
            }
            else
            {
                await using var dashboard = await LocalDashboard.OpenAsync(environment, cancellationToken);
                try
                {
                    html = await dashboard.Reports.BuildAsync(id, cancellationToken);
                }
                catch (MapUnavailableException e)
                {
                    await Console.Error.WriteLineAsync($"error: a map of the run's model could not be drawn: {e.Message}");
                    return 1;
                }
            }
            if (html is null)
            {
                await Console.Error.WriteLineAsync($"error: there is no retrain run '{id}'.");
                return 1;
            }
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, RunReport.FileName(id));
            await File.WriteAllTextAsync(file, html, cancellationToken);
            Console.WriteLine(file);
            return 0;
        }));
        return command;
    }

    private static async Task<string?> FetchAsync(string host, string id, string? key, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(host, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url '{host}' is not an http(s) address.");
        }
        // No redirects: a host that wants a sign-in answers with one, and that is not a report.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"dashboard/runs/{Uri.EscapeDataString(id)}/report");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{baseUri} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Redirect ? " (pass --key or set MLOPS_FUNCTION_KEY)" : ""));
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
