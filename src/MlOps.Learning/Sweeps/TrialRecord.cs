namespace MlOps.Learning.Sweeps;

public enum TrialStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    EarlyStopped,
    TimedOut,
}

/// <summary>One intermediate value of the objective, reported by a trial at a step.</summary>
public sealed record IntermediateValue(int Step, double Value);

/// <summary>A trial as the samplers and the stopping rule see it: its parameters, status, objective and curve.</summary>
public sealed record TrialRecord(
    string TrialId,
    IReadOnlyDictionary<string, string> Parameters,
    TrialStatus Status,
    double? Objective = null,
    IReadOnlyList<IntermediateValue>? Curve = null)
{
    public bool IsFinished => Status is TrialStatus.Succeeded or TrialStatus.Failed or TrialStatus.EarlyStopped or TrialStatus.TimedOut;
}
