using System.CommandLine;
using Microsoft.Extensions.Hosting;
using MlOps.Functions;

namespace MlOps.Cli.Commands;

/// <summary>`mlops up`: the local stack in the foreground until Ctrl+C or SIGTERM.</summary>
public static class UpCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var port = new Option<int>("--port") { Description = "Port for the host on 127.0.0.1", DefaultValueFactory = _ => FunctionsApplication.DefaultLocalPort };
        var command = new Command("up", "Run the local stack (Azurite, the functions host, the local Event Grid emitter) until Ctrl+C.");
        command.Options.Add(port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var url = $"http://127.0.0.1:{parse.GetValue(port)}";
            await using var app = FunctionsApplication.Create(["--urls", url], environment.Paths);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"mlops host listening on {url} (Ctrl+C to stop)");
            Console.WriteLine($"  keys: ./mlops keys    functions: {url}/admin/functions    health: {url}/health/ready");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
