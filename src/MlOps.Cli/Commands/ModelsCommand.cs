using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using MlOps.Registry;
using MlOps.Storage;
using Spectre.Console;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops models list NAME` (versions with their aliases and headline metrics) and
/// `mlops models show NAME[:VERSION|:ALIAS]` (one version's card), both with --json.
/// </summary>
public static class ModelsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("models", "Registered model versions: list them, show a version's card.");
        command.Subcommands.Add(CreateList(environment));
        command.Subcommands.Add(CreateShow(environment));
        return command;
    }

    private static Command CreateList(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "Model name (a site's model is named after the site, e.g. bedford)" };
        var json = new Option<bool>("--json") { Description = "Print the versions as JSON" };
        var command = new Command("list", "List a model's versions with their aliases and accuracy/kappa.");
        command.Arguments.Add(name);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => RunAsync(environment, async registry =>
        {
            var modelName = parse.GetValue(name)!;
            ModelName.Validate(modelName);
            var versions = await registry.GetVersionsAsync(modelName, cancellationToken);
            var aliases = await registry.GetAliasesAsync(modelName, cancellationToken);
            var listing = new ModelVersionList(
                modelName,
                new AliasAssignment(aliases.Champion, aliases.Challenger, aliases.Previous),
                versions.Select(card => new ModelVersionSummary(
                    card.Version,
                    aliases.AliasesOf(card.Version).Select(AliasName).ToList(),
                    card.CreatedAt,
                    card.RunId,
                    card.ModelKind,
                    card.GetMetric("accuracy"),
                    card.GetMetric("kappa"),
                    card.ParentVersion,
                    card.SizeBytes,
                    card.Sha256,
                    card.Metrics)).ToList());
            if (parse.GetValue(json))
            {
                CliJson.Write(listing);
                return 0;
            }
            if (listing.Versions.Count == 0)
            {
                Console.WriteLine($"Model '{modelName}' has no registered versions.");
                return 0;
            }
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("Version", "Aliases", "Created (UTC)", "Kind", "Accuracy", "Kappa", "Parent");
            table.Columns[0].RightAligned();
            table.Columns[1].NoWrap();
            table.Columns[2].NoWrap();
            table.Columns[4].RightAligned();
            table.Columns[5].RightAligned();
            table.Columns[6].RightAligned();
            foreach (var version in listing.Versions)
            {
                table.AddRow(
                    version.Version.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", version.Aliases)),
                    version.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(version.ModelKind),
                    Metric(version.Accuracy),
                    Metric(version.Kappa),
                    version.ParentVersion?.ToString(CultureInfo.InvariantCulture) ?? "-");
            }
            AnsiConsole.Write(table);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateShow(CliEnvironment environment)
    {
        var reference = new Argument<string>("NAME[:VERSION]")
        {
            Description = "Model and version: bedford:3, bedford:champion, or bedford (the champion, else the newest version)",
        };
        var json = new Option<bool>("--json") { Description = "Print the card as JSON" };
        var command = new Command("show", "Show a model version's card: lineage, data, parameters, metrics.");
        command.Arguments.Add(reference);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => RunAsync(environment, async registry =>
        {
            var model = ModelReference.Parse(parse.GetValue(reference)!);
            var card = await registry.GetVersionAsync(model, cancellationToken);
            if (parse.GetValue(json))
            {
                CliJson.Write(card);
                return 0;
            }
            var aliases = await registry.GetAliasesAsync(card.Name, cancellationToken);
            PrintCard(card, aliases.AliasesOf(card.Version));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, Func<ModelRegistryClient, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            var options = new ModelRegistryClientOptions();
            environment.Configuration.GetSection(RegistryServiceCollectionExtensions.Section).Bind(options);
            await using var storage = await LocalStorage.OpenAsync(environment, cancellationToken);
            return await action(new ModelRegistryClient(storage.Client, options));
        }
        catch (ModelRegistryException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return e.Status == 400 ? 2 : 1;
        }
        catch (StorageRequestException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static void PrintCard(ModelCard card, IReadOnlyList<ModelAlias> aliases)
    {
        var title = $"{card.Name}:{card.Version}" + (aliases.Count > 0 ? $" ({string.Join(", ", aliases.Select(AliasName))})" : "");
        Console.WriteLine(title);
        Line("created", card.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Line("run", card.RunId);
        Line("sweep/trial", $"{card.SweepId ?? "-"} / {card.TrialId ?? "-"}");
        Line("code", card.CodeVersion ?? "-");
        Line("parent", card.ParentVersion?.ToString(CultureInfo.InvariantCulture) ?? "-");
        Line("model kind", card.ModelKind);
        Line("model.onnx", $"{card.SizeBytes} bytes, sha256 {card.Sha256}");
        Console.WriteLine("  parameters");
        foreach (var (key, value) in card.Parameters)
        {
            Line("  " + key, Compact(value));
        }
        Console.WriteLine("  data");
        foreach (var year in card.DataYears)
        {
            foreach (var file in year.Files)
            {
                Line("  " + year.Year.ToString(CultureInfo.InvariantCulture), $"{file.Name} sha256 {file.Sha256}");
            }
        }
        Console.WriteLine("  metrics");
        foreach (var (key, value) in card.Metrics)
        {
            Line("  " + key, Compact(value));
        }
    }

    private static void Line(string label, string value) => Console.WriteLine($"  {label,-18} {value}");

    private static string Compact(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString("0.####", CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
    };

    private static string Metric(double? value) => value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "-";

    private static string AliasName(ModelAlias alias) => alias.ToString().ToLowerInvariant();

    private sealed record ModelVersionList(string Name, AliasAssignment Aliases, IReadOnlyList<ModelVersionSummary> Versions);

    private sealed record AliasAssignment(int? Champion, int? Challenger, int? Previous);

    private sealed record ModelVersionSummary(
        int Version,
        IReadOnlyList<string> Aliases,
        DateTimeOffset CreatedAt,
        string RunId,
        string ModelKind,
        double? Accuracy,
        double? Kappa,
        int? ParentVersion,
        long SizeBytes,
        string Sha256,
        JsonObject Metrics);
}
