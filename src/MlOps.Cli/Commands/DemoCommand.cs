using System.CommandLine;
using MlOps.Storage.Blobs;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>`mlops demo`: the main job on embedded defaults.</summary>
public static class DemoCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("demo", "Run the main job locally on embedded defaults (Azurite, SQLite, local processes).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            AnsiConsole.MarkupLine($"[green]Blob storage[/] at {storage.Client.Uri}");
            var container = storage.Client.GetBlobContainerClient("surveys");
            await container.CreateIfNotExistsAsync(cancellationToken);
            var name = $"demo/hello-{DateTime.UtcNow:yyyyMMddHHmmss}.txt";
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("hello from mlops demo\n"), cancellationToken: cancellationToken);
            AnsiConsole.MarkupLine($"Uploaded [blue]surveys/{name}[/]");
            var table = new Table().AddColumns("blob", "bytes", "last modified");
            await foreach (var blob in container.GetBlobsAsync("demo/", cancellationToken: cancellationToken))
            {
                table.AddRow(Markup.Escape(blob.Name), blob.Properties.ContentLength.ToString(System.Globalization.CultureInfo.InvariantCulture), blob.Properties.LastModified.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
