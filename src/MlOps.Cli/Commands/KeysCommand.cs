using System.CommandLine;
using Microsoft.Extensions.Configuration;
using MlOps.Functions.Runtime;

namespace MlOps.Cli.Commands;

/// <summary>`mlops keys`: the local host's master and function keys (generated on first use).</summary>
public static class KeysCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"master\", \"function\", \"eventGrid\"} as JSON" };
        var command = new Command("keys", "Print the local host's master and function keys.");
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var options = new FunctionKeysOptions();
            environment.Configuration.GetSection(FunctionKeysOptions.Section).Bind(options);
            var keys = FunctionKeys.Load(options, FunctionsServiceCollectionExtensions.LocalKeyFile(environment.Paths));
            if (parse.GetValue(json))
            {
                CliJson.Write(new { master = keys.Master, function = keys.Function, eventGrid = keys.EventGrid, durableTask = keys.DurableTask });
            }
            else
            {
                Console.WriteLine($"master:    {keys.Master}");
                Console.WriteLine($"function:  {keys.Function}");
                Console.WriteLine($"eventGrid: {keys.EventGrid}");
                Console.WriteLine($"durable:   {keys.DurableTask}");
            }
            return 0;
        });
        return command;
    }
}
