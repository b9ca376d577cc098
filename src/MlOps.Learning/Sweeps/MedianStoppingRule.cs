namespace MlOps.Learning.Sweeps;

/// <summary>Whether to stop a running trial, and why.</summary>
public sealed record StoppingDecision(bool Stop, int Step, double Value, double? Median, int ComparedTrials)
{
    public string Reason => Stop
        ? $"value {Value:0.####} at step {Step} is worse than the median {Median:0.####} of {ComparedTrials} completed trials"
        : "";
}

/// <summary>
/// Median stopping (as in Vizier and Katib): once at least <see cref="EarlyStoppingSpec.MinTrialsRequired"/>
/// completed trials reached step s ≥ <see cref="EarlyStoppingSpec.StartStep"/>, a running trial whose
/// intermediate value at s is worse than their median at s is stopped.
/// </summary>
public sealed class MedianStoppingRule(EarlyStoppingSpec spec, ObjectiveDirection direction)
{
    public StoppingDecision Evaluate(IReadOnlyList<IntermediateValue> curve, IEnumerable<TrialRecord> trials)
    {
        if (curve.Count == 0)
        {
            return new StoppingDecision(false, 0, double.NaN, null, 0);
        }
        var latest = curve[^1];
        if (latest.Step < spec.StartStep)
        {
            return new StoppingDecision(false, latest.Step, latest.Value, null, 0);
        }
        var peers = trials
            .Where(t => t.Status == TrialStatus.Succeeded && t.Curve is { Count: > 0 } c && c[^1].Step >= latest.Step && c[0].Step <= latest.Step)
            .Select(t => t.Curve!.Last(v => v.Step <= latest.Step).Value)
            .Order()
            .ToList();
        if (peers.Count < spec.MinTrialsRequired)
        {
            return new StoppingDecision(false, latest.Step, latest.Value, null, peers.Count);
        }
        var median = peers.Count % 2 == 1 ? peers[peers.Count / 2] : (peers[peers.Count / 2 - 1] + peers[peers.Count / 2]) / 2;
        var worse = direction == ObjectiveDirection.Maximize ? latest.Value < median : latest.Value > median;
        return new StoppingDecision(worse, latest.Step, latest.Value, median, peers.Count);
    }
}
