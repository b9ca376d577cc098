namespace MlOps.Jobs.Local;

/// <summary>Why the runner killed a job; written to the job's folder before the kill so any host reading it later reports the same outcome.</summary>
internal enum StopReason
{
    Stopped,
    TimedOut,
}
