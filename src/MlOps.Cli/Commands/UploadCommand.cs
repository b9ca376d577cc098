using System.CommandLine;
using MlOps.Storage.Blobs;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops upload --site NAME --year YYYY DIR`: puts a survey package in blob storage under
/// surveys/{site}/{year}/, rasters first and manifest.json last, because the manifest's
/// arrival is what starts retraining.
/// </summary>
public static class UploadCommand
{
    public const string ManifestName = "manifest.json";

    public static Command Create(CliEnvironment environment)
    {
        var site = new Option<string>("--site") { Description = "Site name, e.g. bedford", Required = true };
        var year = new Option<int>("--year") { Description = "Survey year", Required = true };
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Survey package folder (rasters and manifest.json)" };
        var command = new Command("upload", "Upload a survey package to blob storage (manifest last), showing progress.");
        command.Options.Add(site);
        command.Options.Add(year);
        command.Arguments.Add(directory);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(directory)!;
            var siteName = parse.GetValue(site)!;
            if (!IsSiteName(siteName))
            {
                await Console.Error.WriteLineAsync($"--site '{siteName}' must be lowercase letters, digits and hyphens.");
                return 2;
            }
            if (!folder.Exists)
            {
                await Console.Error.WriteLineAsync($"'{folder.FullName}' is not a folder.");
                return 2;
            }
            var files = folder.GetFiles().OrderBy(f => f.Name == ManifestName).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
            if (files.All(f => f.Name != ManifestName))
            {
                await Console.Error.WriteLineAsync($"'{folder.FullName}' has no {ManifestName}: a survey package is announced by its manifest, so nothing was uploaded.");
                return 2;
            }

            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var container = storage.Client.GetBlobContainerClient("surveys");
            await container.CreateIfNotExistsAsync(cancellationToken);
            var prefix = $"{siteName}/{parse.GetValue(year)}";
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
                .StartAsync(async progress =>
                {
                    // Sequential on purpose: the manifest must land after everything it describes.
                    foreach (var file in files)
                    {
                        var task = progress.AddTask(file.Name, maxValue: Math.Max(1, file.Length));
                        await container.GetBlobClient($"{prefix}/{file.Name}").UploadFromFileAsync(
                            file.FullName,
                            new BlobUploadOptions
                            {
                                ContentType = file.Extension == ".json" ? "application/json" : "image/tiff",
                                Progress = new Progress<long>(sent => task.Value = sent),
                            },
                            cancellationToken);
                        task.Value = task.MaxValue;
                    }
                });
            Console.WriteLine($"Uploaded {files.Count} files to surveys/{prefix}/");
            return 0;
        });
        return command;
    }

    private static bool IsSiteName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
