namespace MlOps.Functions.Pipeline;

/// <summary>Scheduled retraining (configuration section MlOps:Retrain).</summary>
public sealed class RetrainOptions
{
    public const string Section = "MlOps:Retrain";

    /// <summary>Six-field NCRONTAB schedule of the ScheduledRetrain timer (default: 03:00 UTC on the 1st of each month).</summary>
    public string Schedule { get; set; } = "0 0 3 1 * *";

    /// <summary>Sites retrained on the schedule.</summary>
    public string[] Sites { get; set; } = [];
}
