namespace MlOps.Durable;

/// <summary>
/// Thrown into orchestration code when an activity or sub-orchestration it awaited failed.
/// The original exception ran elsewhere (another process, another turn); its description is
/// in <see cref="FailureDetails"/>.
/// </summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public string TaskName { get; }

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}
