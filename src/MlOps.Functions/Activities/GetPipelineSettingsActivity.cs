using Microsoft.Extensions.Options;
using MlOps.Durable;
using MlOps.Functions.Pipeline;
using MlOps.Learning.Sweeps;
using MlOps.Storage.Configuration;

namespace MlOps.Functions.Activities;

/// <summary>The settings a run uses, fixed once at its start (and kept in its history, so a replay sees the same).</summary>
public sealed record PipelineSettings(string Spec, int MaxRowsPerSurvey, int Seed, string TrialsContainer);

/// <summary>Reads the pipeline's configuration for a run: the sweep spec (the run's own, the configured one, or the default) and sampling sizes.</summary>
public sealed class GetPipelineSettingsActivity(IOptions<PipelineOptions> options, MlOpsPaths paths) : TaskActivity<string, PipelineSettings>
{
    public const string Name = "GetPipelineSettings";

    public override async Task<PipelineSettings> RunAsync(TaskActivityContext context, string requestedSpec)
    {
        var settings = options.Value;
        var spec = requestedSpec;
        if (string.IsNullOrWhiteSpace(spec))
        {
            spec = settings.SweepSpecFile is { Length: > 0 } file
                ? await File.ReadAllTextAsync(Path.IsPathRooted(file) ? file : Path.Combine(paths.Root, file), context.ShutdownToken)
                : settings.SweepSpec ?? "{}";
        }
        _ = SweepSpecParser.Parse(spec, settings.SweepSpecFile ?? "sweep");
        return new PipelineSettings(spec, settings.MaxRowsPerSurvey, settings.Seed, settings.TrialsContainer);
    }
}
