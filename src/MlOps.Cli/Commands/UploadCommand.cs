using System.CommandLine;
using MlOps.Surveys.Packages;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops upload --site NAME --year YYYY DIR`: puts a survey package in blob storage under
/// surveys/{site}/{year}/, rasters first and manifest.json last, because the manifest's
/// arrival is what starts retraining.
/// </summary>
public static class UploadCommand
{
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
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            var surveys = new SurveyBlobStore(storage.Client, Path.Combine(environment.Paths.StateDirectory, "cache", "surveys"));
            var prefix = SurveyBlobStore.Prefix(siteName, parse.GetValue(year));
            var count = 0;
            try
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
                    .StartAsync(async progress =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        await surveys.UploadAsync(siteName, parse.GetValue(year), folder.FullName, (file, sent, total) =>
                        {
                            lock (tasks)
                            {
                                if (!tasks.TryGetValue(file, out var task))
                                {
                                    tasks[file] = task = progress.AddTask(file, maxValue: Math.Max(1, total));
                                    count++;
                                }
                                task.Value = Math.Max(task.Value, sent);
                            }
                        }, cancellationToken);
                    });
            }
            catch (SurveyPackageException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            Console.WriteLine($"Uploaded {count} files to surveys/{prefix}");
            return 0;
        });
        return command;
    }

    private static bool IsSiteName(string name) =>
        name.Length is > 0 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
