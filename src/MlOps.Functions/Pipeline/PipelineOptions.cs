namespace MlOps.Functions.Pipeline;

/// <summary>How retrain runs train (configuration section MlOps:Pipeline).</summary>
public sealed class PipelineOptions
{
    public const string Section = "MlOps:Pipeline";

    /// <summary>Labelled pixels sampled per survey for training and validation (0: all of them).</summary>
    public int MaxRowsPerSurvey { get; set; } = 60_000;

    /// <summary>Labelled pixels per survey scored when evaluating a model on each year (0: all).</summary>
    public int MaxEvaluationRowsPerSurvey { get; set; } = 200_000;

    /// <summary>How often a running trial's status and metrics are checked.</summary>
    public TimeSpan TrialPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Ask the job runner for a GPU slot for each trial (used when GPUs are present).</summary>
    public bool TrialsRequireGpu { get; set; } = true;

    /// <summary>Seed for trial splits and models; each trial adds its number.</summary>
    public int Seed { get; set; } = 2016;

    /// <summary>Container for trial outputs and run reports.</summary>
    public string TrialsContainer { get; set; } = "trials";

    public string RunsContainer { get; set; } = "runs";

    /// <summary>The sweep spec used when a run does not bring its own: a YAML/JSON file (relative to the project root) …</summary>
    public string? SweepSpecFile { get; set; }

    /// <summary>… or the spec text itself. With neither, the published pipeline's default spec.</summary>
    public string? SweepSpec { get; set; }
}
